import Capture
import Foundation
import Replay
import Report
import Testing

/// A capture that began after the controller had started: rr-basic's real control channel from its
/// frame 76 on (the first client's PACKET_IN, 3.6 s in; the handshake, the first probes and their
/// replies are gone). The controller did its job, as pox.log says: 10.0.0.1, 10.0.0.2, 10.0.0.1,
/// 10.0.0.2. Before, the model started with no live server and failed it three times over.
@Suite struct LateJoinTests {
    /// `source` from frame `first` on, written to a temporary file (removed by the caller).
    private func cut(_ source: String, from first: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).pcap").path
        let reader = try CaptureReader(path: source)
        let writer = try CaptureWriter(path: path)
        while let f = try reader.next() {
            if f.number >= first { try writer.write(f.bytes, timestamp: f.timestamp, originalLength: f.originalLength) }
        }
        try writer.close()
        return path
    }

    private func check(_ report: CheckReport, _ id: String) -> CheckResult? { report.checks.first { $0.id == id } }

    @Test func decisionsBeforeTheStateShowsAreFollowedNotFailed() throws {
        let path = try cut("\(fixtures)/rr-basic/of.pcap", from: 76)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = LabChecks.evaluate(try SessionReplay.run(SessionSources.expand([path])))
        #expect(report.connections.map { $0.server ?? "none" } == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"])
        for c in report.checks where c.id != "end-to-end" {
            #expect(c.status == .pass, "\(c.id): \(c.reason) \(c.findings.map(\.message))")
        }
        // h3 and h4 reached the controller before either server's probe reply was captured: their
        // servers are not judged, and the rotation goes on after h4's; h5 and h6 are judged.
        let rr = try #require(check(report, "round-robin"))
        #expect(rr.reason.hasPrefix("2 of 2 decisions"), "\(rr.reason)")
        #expect(rr.findings.map(\.message).contains { $0.hasPrefix("2 decisions not judged: the capture began after the controller had started") })
        #expect(report.connections.map { $0.expectedServer ?? "none" } == ["none", "none", "10.0.0.1", "10.0.0.2"])
        // Their FLOW_MODs came before the servers' probe replies: where they send the packet is not judged, and said so.
        let fwd = try #require(check(report, "forward-rewrite"))
        #expect(fwd.findings.map(\.message).contains { $0.hasPrefix("2 installs sent a connection to a server before the capture showed its probe reply") })
    }

    /// The same capture whole: nothing is left unjudged.
    @Test func aCaptureFromTheStartJudgesEveryDecision() throws {
        let report = LabChecks.evaluate(try SessionReplay.run(SessionSources.expand(["\(fixtures)/rr-basic/of.pcap"])))
        let rr = try #require(check(report, "round-robin"))
        #expect(rr.reason.hasPrefix("4 of 4 decisions"), "\(rr.reason)")
        #expect(rr.findings.isEmpty)
    }
}
