import Replay
import Report
import Testing

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
