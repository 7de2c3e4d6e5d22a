import Foundation
import Testing

/// Every sample of Fixtures/malformed/ through `lbtrace decode` and `lbtrace check`, as a user
/// would run them: no crash, no hang, the damage named, and what came before it still analysed.
struct MalformedCorpusTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var file: String
        var command: String
        var exit: Int32
        var frames: Int?
        var substrings: [String]
        var testDescription: String { "\(command) \(file)" }
    }

    static let folder = LBTrace.packageRoot.appendingPathComponent("Fixtures/malformed")

    static let rows: [Row] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") || line.isEmpty { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let exit = Int32(f[2]) else { return nil }
            return Row(file: f[0], command: f[1], exit: exit, frames: Int(f[3]), substrings: f[4].split(separator: "|").map(String.init))
        }
    }()

    @Test func everySampleHasExpectations() throws {
        let samples = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
        #expect(samples.count >= 16)
        for s in samples {
            #expect(Self.rows.contains { $0.file == s && $0.command == "decode" }, "no decode expectation for \(s)")
            #expect(Self.rows.contains { $0.file == s && $0.command == "check" }, "no check expectation for \(s)")
        }
    }

    @Test(arguments: rows)
    func sample(_ row: Row) throws {
        let path = "Fixtures/malformed/" + row.file
        var args = [row.command, path]
        if row.command == "check" { args += ["--service-ip", "10.0.1.1", "--servers", "10.0.0.1,10.0.0.2"] }
        let r = try LBTrace.run(args)
        #expect(!r.timedOut, "\(row.command) \(row.file) did not finish within 5 s")
        #expect(r.status < 128, "\(row.command) \(row.file) died (status \(r.status))")
        #expect(r.status == row.exit, "exit status \(r.status), expected \(row.exit); stderr: \(r.stderr)")
        for s in row.substrings {
            #expect(r.combined.contains(s), "\(row.command) \(row.file): no “\(s)” in\n\(r.stderr)\n\(r.stdout.prefix(3000))")
        }
        if let frames = row.frames {
            // One line per decoded frame: the frames before the damage were all decoded.
            let lines = r.stdout.split(separator: "\n").count
            #expect(lines == frames, "\(lines) frames decoded, expected \(frames)")
        }
    }

    /// The same damage in JSON Lines: one whole object per frame before it, nothing half-written.
    @Test func truncatedFileInJSONStillWritesWholeLines() throws {
        let r = try LBTrace.run(["decode", "--json", "Fixtures/malformed/record-beyond-eof.pcap"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 30)
        for (i, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["frame"] as? Int == i + 1)
        }
    }
}
