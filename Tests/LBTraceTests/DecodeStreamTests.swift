import Foundation
import Testing

/// `lbtrace decode -` reads a capture from standard input, as `tcpdump -w -` writes one, and
/// writes each frame's line as it is decoded, so that a capture still being written can be followed.
@Suite struct DecodeStreamTests {
    static let capture = LBTrace.packageRoot.appendingPathComponent("Fixtures/rr-basic/of.pcap")

    /// The whole capture through standard input decodes exactly as the file does.
    @Test func standardInputDecodesAsTheFile() throws {
        let fromFile = try LBTrace.run(["decode", Self.capture.path])
        let fromPipe = try Self.decodeFromPipe(try Data(contentsOf: Self.capture), waitForLines: nil)
        #expect(fromFile.status == 0 && fromPipe.status == 0)
        #expect(fromPipe.stdout == fromFile.stdout)
        #expect(fromPipe.stdout.split(separator: "\n").count == 212)
    }

    /// With the writer still holding the pipe open after the file header and three records, the
    /// three lines arrive: nothing waits for a MiB of output or for the end of the capture.
    @Test func linesComeBeforeTheCaptureEnds() throws {
        let data = try Data(contentsOf: Self.capture)
        // Little-endian classic pcap: a 24-byte file header, then 16-byte record headers (caplen at +8).
        var end = 24
        for _ in 0..<3 { end += 16 + (Int(data[end + 8]) | Int(data[end + 9]) << 8) }
        let result = try Self.decodeFromPipe(data.prefix(end), waitForLines: 3)
        #expect(result.linesBeforeEnd >= 3)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("     1    0.000000 "))
    }

    /// A gap in the control channel of a capture being followed is reported as soon as the
    /// capture shows it, while the writer still holds the pipe open, not when the capture ends.
    @Test func problemsComeBeforeTheCaptureEnds() throws {
        // record-beyond-snaplen.pcap: frame 9 was cut at the snapshot length, so bytes of the channel
        // are missing before frame 10. A hole is only a hole once the peer has acknowledged past it
        // (until then the bytes may yet come, out of order): frame 12 does.
        let data = try Data(contentsOf: LBTrace.packageRoot.appendingPathComponent("Fixtures/malformed/record-beyond-snaplen.pcap"))
        var end = 24
        for _ in 0..<12 { end += 16 + (Int(data[end + 8]) | Int(data[end + 9]) << 8) }
        let result = try Self.decodeFromPipe(data.prefix(end), waitForLines: 12, waitForStderr: "bytes missing after frame 9")
        #expect(result.stderrBeforeEnd.contains("lbtrace: -: frame 10: control channel #1"))
        // Said once: what was handed over as it came is not listed again at the end.
        #expect(result.stderr.components(separatedBy: "bytes missing after frame 9").count == 2)
    }

    struct Outcome { var status: Int32; var stdout: String; var linesBeforeEnd: Int; var stderr = ""; var stderrBeforeEnd = "" }

    /// Runs `lbtrace decode -`, writes `input` to its standard input and, when `waitForLines` is
    /// set, waits (up to 5 s) for that many lines of output — and for `waitForStderr` on standard
    /// error, when given — before closing the pipe.
    static func decodeFromPipe(_ input: Data, waitForLines: Int?, waitForStderr: String? = nil) throws -> Outcome {
        guard let binary = LBTrace.binary else { throw LBTrace.RunError.noBinary }
        let p = Process()
        p.executableURL = binary
        p.arguments = ["decode", "-"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        let output = OutputCollector(), errors = OutputCollector()
        stdout.fileHandleForReading.readabilityHandler = { h in output.append(h.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { h in errors.append(h.availableData) }
        try p.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        var linesBeforeEnd = 0, stderrBeforeEnd = ""
        if let want = waitForLines {
            let start = Date()
            // (Not `contains(waitForStderr ?? "")`: Foundation's `contains` says no to the empty string.)
            func stderrReady() -> Bool { waitForStderr.map { errors.text.contains($0) } ?? true }
            while (output.lines < want || !stderrReady()) && Date().timeIntervalSince(start) < 5 {
                usleep(10_000)
            }
            linesBeforeEnd = output.lines
            stderrBeforeEnd = errors.text
        }
        try stdin.fileHandleForWriting.close()
        p.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        stderr.fileHandleForReading.readabilityHandler = nil
        output.append(stdout.fileHandleForReading.readDataToEndOfFile())
        errors.append(stderr.fileHandleForReading.readDataToEndOfFile())
        return Outcome(status: p.terminationStatus, stdout: output.text, linesBeforeEnd: linesBeforeEnd,
                       stderr: errors.text, stderrBeforeEnd: stderrBeforeEnd)
    }

    /// Output gathered on the pipe's reading thread.
    final class OutputCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var lines: Int { lock.lock(); defer { lock.unlock() }; return data.filter { $0 == UInt8(ascii: "\n") }.count }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }
}
