import Replay
import Report
import Testing

/// A forward PACKET_IN left without a FLOW_MOD where the model's round-robin index had run past the
/// live list: the finding names the lab's `_pick_server` bug as the likely cause; elsewhere it does not.
@Suite struct LabCodeIndexErrorTests {
    @Test func unansweredPickPastTheListNamesTheCause() throws {
        var a = try SessionReplay.run(SessionSources.expand(["\(fixtures)/rr-basic/of.pcap"]))
        let forward = try #require(a.connections.indices.first { !a.connections[$0].forward.isEmpty })
        a.connections[forward].forward[0].flowMod = nil
        a.connections[forward].forward[0].labCodeWouldFail = true
        let other = try #require(a.connections.indices.last { !a.connections[$0].forward.isEmpty && $0 != forward })
        a.connections[other].forward[0].flowMod = nil
        let findings = try #require(LabChecks.evaluate(a).checks.first { $0.id == "forward-rewrite" }).findings
        let unanswered = findings.filter { $0.message.contains("no FLOW_MOD answered the forward PACKET_IN") }
        #expect(unanswered.count == 2)
        #expect(unanswered.filter { $0.message.contains("raises IndexError on a[selected_server]; wrap on >=") }.map(\.connection)
                == [a.connections[forward].label])
    }
}
