import Capture
import Model
import Testing
import Wire

/// Flow memory expires from a deadline heap: a refresh must move the deadline (the old one is
/// passed over when it comes due), and entries go in deadline order whatever order they came in.
struct FlowMemoryExpiryTests {
    @Test func refreshMovesTheDeadline() {
        var lab = LabScenario()
        let first = lab.connect(client: 3, port: 40000, at: 10)
        #expect(first.decision?.kind == .newDecision)
        // Used again at 200 s: remembered until 500 s, not 310 s.
        #expect(lab.connect(client: 3, port: 40000, at: 200).decision?.kind == .flowMemoryHit)
        #expect(lab.connect(client: 3, port: 40000, at: 480).decision?.kind == .flowMemoryHit)
        // Last used at 480 s; the probes run expiry every 2.5 s, so after 780 s (+ a probe) it is gone.
        let again = lab.connect(client: 3, port: 40000, at: 790)
        #expect(again.decision?.kind == .newDecision)
        #expect(lab.model.decisionCount == 2)
    }

    @Test func entriesExpireByDeadlineNotByInsertion() {
        var lab = LabScenario()
        _ = lab.connect(client: 3, port: 40001, at: 10)   // deadline 310
        _ = lab.connect(client: 4, port: 40002, at: 20)   // deadline 320, refreshed below to 400
        _ = lab.connect(client: 5, port: 40003, at: 30)   // deadline 330
        _ = lab.connect(client: 4, port: 40002, at: 100)
        let key = { (c: UInt8, p: UInt16) in FlowKey(srcIP: ip(c), dstIP: service, srcPort: p, dstPort: 80) }
        lab.runProbes(until: 340)
        #expect(lab.model.remembered(key(3, 40001)) == nil)
        #expect(lab.model.remembered(key(5, 40003)) == nil)
        #expect(lab.model.remembered(key(4, 40002)) != nil)
        // Both directions of the remembered connection went with it.
        #expect(lab.model.remembered(FlowKey(srcIP: ip(1), dstIP: ip(3), srcPort: 80, dstPort: 40001)) == nil)
        lab.runProbes(until: 410)
        #expect(lab.model.remembered(key(4, 40002)) == nil)
    }

    @Test func boundedDecisionLogStillCounts() {
        var config = BalancerConfig(lbMAC: nil)
        config.decisionLogLimit = 2
        var lab = LabScenario(config: config)
        for i in 0..<5 { _ = lab.connect(client: 3, port: UInt16(41000 + i), at: 10 + Double(i)) }
        #expect(lab.model.decisionLog.count == 2)
        #expect(lab.model.decisionCount == 5)
    }
}
