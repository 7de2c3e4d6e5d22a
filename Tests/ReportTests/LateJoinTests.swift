import Capture
import Foundation
import Replay
import Report
import Testing
import Wire

/// A capture that began after the controller had started: rr-basic's real control channel from its
/// frame 76 on (the first client's PACKET_IN, 3.6 s in; the handshake, the first probes and their
/// replies are gone). The controller did its job, as pox.log says: 10.0.0.1, 10.0.0.2, 10.0.0.1,
/// 10.0.0.2. Before, the model started with no live server and failed it three times over.
@Suite struct LateJoinTests {
    /// `source` from frame `first` on, or from time `since` on, written to a temporary file
    /// (removed by the caller); the time of its first frame.
    @discardableResult
    private func cut(_ source: String, from first: Int = 1, since: Timestamp? = nil, to path: String? = nil) throws -> (path: String, start: Timestamp?) {
        let path = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).pcap").path
        let reader = try CaptureReader(path: source)
        let writer = try CaptureWriter(path: path)
        var start: Timestamp?
        while let f = try reader.next() {
            guard f.number >= first, since.map({ f.timestamp >= $0 }) ?? true else { continue }
            start = start ?? f.timestamp
            try writer.write(f.bytes, timestamp: f.timestamp, originalLength: f.originalLength)
        }
        try writer.close()
        return (path, start)
    }

    private func check(_ report: CheckReport, _ id: String) -> CheckResult? { report.checks.first { $0.id == id } }

    @Test func decisionsBeforeTheStateShowsAreFollowedNotFailed() throws {
        let path = try cut("\(fixtures)/rr-basic/of.pcap", from: 76).path
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

    /// A correct controller is never failed, wherever the capture begins: the real sessions'
    /// control channels cut at frame after frame (the data plane cut at the same instant), each
    /// replayed whole. Cuts inside a connection leave the controller's memory of it unseen (its
    /// replies, its packets after the SYN), and cuts after a probe leave its outcome unseen.
    @Test(arguments: [("rr-basic", 7), ("rr-many", 37)])
    func aCorrectControllerPassesWhereverTheCaptureBegins(session: String, step: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var cuts = 0
        for first in stride(from: 2, to: 1000, by: step) {
            let of = try cut("\(fixtures)/\(session)/of.pcap", from: first, to: "\(dir)/of.pcap")
            guard let start = of.start else { break }
            try cut("\(fixtures)/\(session)/dp.pcap", since: start, to: "\(dir)/dp.pcap")
            // Late enough, no probe is left to infer the configuration from: the lab's is given.
            var options = ReplayOptions()
            (options.serviceIP, options.servers) = (IPv4Address(10, 0, 1, 1), [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)])
            let report = LabChecks.evaluate(try SessionReplay.run(SessionSources.expand(["\(dir)/of.pcap", "\(dir)/dp.pcap"]), options: options))
            for c in report.checks where c.status == .fail {
                Issue.record("\(session) from frame \(first): \(c.id) fails: \(c.findings.filter { $0.severity == .error }.prefix(2).map(\.message))")
            }
            cuts += 1
        }
        #expect(cuts >= 20)
    }
}
