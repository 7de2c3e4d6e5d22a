import Replay
import Report
import Testing
import Wire

/// `liveness` on captures shorter than one probe cycle (5 s): a server with no probe in them may
/// not have had its turn yet, so the check cannot pass — nor fail.
@Suite struct LivenessCheckTests {
    private func liveness(_ path: String) throws -> CheckResult {
        let options = ReplayOptions(serviceIP: IPv4Address("10.0.1.1"), servers: ["10.0.0.1", "10.0.0.2"].compactMap(IPv4Address.init),
                                    lbMAC: nil)
        let analysis = try SessionReplay.run(SessionSources.expand([path]), options: options)
        return try #require(LabChecks.evaluate(analysis).checks.first { $0.id == "liveness" })
    }

    /// rr-basic's of.pcap cut to its first 0.95 s (the malformed corpus's zero-length-records
    /// copy): 10.0.0.1 was probed at 0.44 s, 10.0.0.2's turn (2.94 s) had not come.
    @Test func aServerWithoutItsTurnIsNotAssessed() throws {
        let r = try liveness("\(fixtures)/malformed/zero-length-records.pcap")
        #expect(r.status == .notAssessed)
        #expect(r.reason.contains("less than one probe cycle") && r.reason.contains("10.0.0.2 had no probe"), "\(r.reason)")
    }

    /// The whole capture: both servers probed, the check decides.
    @Test func aWholeSessionIsDecided() throws {
        let r = try liveness("\(fixtures)/rr-basic/of.pcap")
        #expect(r.status == .pass)
    }
}

/// dead-server counts every install it judges: installs to a dead server that the model took for
/// flow-memory answers are decisions of the summary too, never findings beyond it.
@Suite struct DeadServerCountTests {
    @Test func deadFlowMemoryAnswersAreCounted() throws {
        var a = try SessionReplay.run(SessionSources.expand(["\(fixtures)/rr-basic/of.pcap"]))
        var installs = 0
        for c in a.connections.indices {
            for i in a.connections[c].forward.indices {
                a.connections[c].forward[i].decisionKind = .flowMemoryHit
                a.connections[c].forward[i].deadServer = true
                installs += 1
            }
        }
        #expect(installs >= 4)
        let r = try #require(LabChecks.evaluate(a).checks.first { $0.id == "dead-server" })
        #expect(r.status == .fail)
        #expect(r.reason == "0 of \(installs) decisions went to a live server", "\(r.reason)")
    }
}
