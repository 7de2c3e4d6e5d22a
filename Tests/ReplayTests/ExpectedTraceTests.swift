import Foundation
import Model
import OpenFlow
import Replay
import Testing
import Wire

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// Runs a program, returning its exit status, stdout and stderr; nil when it is not installed.
func runTool(_ name: String, _ args: [String]) throws -> (status: Int32, out: String, err: String)? {
    let path = ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite struct ExpectedTraceTests {
    func written(_ session: String) throws -> (path: String, analysis: SessionAnalysis, messages: [ExpectedMessage]) {
        let sources = try SessionSources.expand(["\(fixtures)/\(session)"])
        let analysis = try SessionReplay.run(sources)
        let messages = ExpectedTrace.build(sources, analysis: analysis)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("expected-\(session)-\(UUID().uuidString).pcap").path
        try ExpectedTraceWriter.write(messages, to: path)
        return (path, analysis, messages)
    }

    /// Reverse FLOW_MODs (those whose actions rewrite the source) of a capture, decoded by our own reader.
    func reverseFlowMods(_ path: String) throws -> [OFFlowMod] {
        let scanner = SessionScanner(sources: try SessionSources.expand([path]))
        #expect(!scanner.nothingReadable)
        var mods: [OFFlowMod] = []
        while let e = scanner.next() {
            guard case .control(let c) = e, c.direction == .toSwitch, case .flowMod(let f) = c.message.body else { continue }
            if f.actions.contains(where: { if case .setDlSrc = $0 { true } else { false } }) { mods.append(f) }
        }
        #expect(scanner.diagnostics.isEmpty)
        return mods
    }

    @Test func buggyReverseExpectedCarriesSetNwSrcActualLacksIt() throws {
        let (path, analysis, messages) = try written("rr-buggy-reverse")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let service = IPv4Address(10, 0, 1, 1)
        let expected = try reverseFlowMods(path)
        let actual = try reverseFlowMods("\(fixtures)/rr-buggy-reverse/of.pcap")
        #expect(expected.count == 4)
        #expect(actual.count == 4)
        #expect(expected.allSatisfy { $0.actions.contains(.setNwSrc(service)) })
        #expect(actual.allSatisfy { !$0.actions.contains { if case .setNwSrc = $0 { true } else { false } } })
        // Only the install FLOW_MODs are the model's; the switch's messages pass through unchanged.
        let captured = messages.filter { if case .captured = $0.origin { true } else { false } }
        #expect(captured.contains { $0.direction == .toController })
        let diffs = ExpectedTrace.differences(analysis)
        #expect(diffs.count == 4)
        #expect(diffs.allSatisfy { $0.kind == .differs && $0.direction == .reverse && $0.discrepancies == [.missingAction(.setNwSrc(service))] })
        #expect(diffs.first?.description.contains("no SET_NW_SRC 10.0.1.1") == true)
    }

    @Test func basicExpectedEqualsActualFlowMods() throws {
        let (path, analysis, _) = try written("rr-basic")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(ExpectedTrace.differences(analysis).isEmpty)
        // Same install FLOW_MODs (match, actions, timeouts) as the controller sent.
        func installs(_ p: String) throws -> [OFFlowMod] {
            let scanner = SessionScanner(sources: try SessionSources.expand([p]))
            var mods: [OFFlowMod] = []
            while let e = scanner.next() {
                if case .control(let c) = e, case .flowMod(var f) = c.message.body, f.command == 0, !f.actions.isEmpty {
                    f.cookie = 0
                    mods.append(f)
                }
            }
            return mods
        }
        let a = try installs(path), b = try installs("\(fixtures)/rr-basic/of.pcap")
        #expect(a.count == b.count && a.count >= 8)
        // The model writes OUTPUT's max_len as 0xffff, POX as 0; it only matters for output to the controller.
        func plain(_ f: OFFlowMod) -> [OFAction] { f.actions.map { if case .output(let p, _) = $0 { .output(port: p, maxLen: 0) } else { $0 } } }
        #expect(a.map(plain) == b.map(plain))
        #expect(a.map(\.match) == b.map(\.match))
    }

    /// tshark reads the file without complaint: no damaged-file error, valid checksums, a clean TCP
    /// stream, and no malformed message beyond what tshark 4.0 reports on the original capture
    /// (it throws on the controller's DELETE FLOW_MOD without actions).
    @Test func tsharkOpensIt() throws {
        let (path, _, _) = try written("rr-buggy-reverse")
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let read = try runTool("tshark", ["-r", path, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                                                "-T", "fields", "-e", "frame.number"]) else { return }
        #expect(read.status == 0)
        #expect(!read.err.contains("appears to be damaged") && !read.err.contains("cut short"))
        let bad = try runTool("tshark", ["-r", path, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-Y",
                                         "tcp.port==6653 && (tcp.checksum.status==0 || ip.checksum.status==0 || tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment || tcp.analysis.out_of_order)"])
        // (Retransmission notes come from the client TCP inside PACKET_INs, as in the original.)
        #expect(bad?.out.split(separator: "\n").isEmpty == true)
        let malformed = try runTool("tshark", ["-r", path, "-Y", "_ws.malformed"])?.out.split(separator: "\n").count ?? 0
        let original = try runTool("tshark", ["-r", "\(fixtures)/rr-buggy-reverse/of.pcap", "-d", "tcp.port==6633,openflow", "-Y", "_ws.malformed"])?
            .out.split(separator: "\n").count ?? 0
        #expect(malformed <= original)
        let flowMods = try runTool("tshark", ["-r", path, "-Y", "openflow_v1"])?.out.split(separator: "\n").count ?? 0
        #expect(flowMods > 100)
    }
}
