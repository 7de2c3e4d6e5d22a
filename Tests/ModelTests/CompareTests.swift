import Capture
import Model
import OpenFlow
import Testing
import Wire

@Suite struct CompareTests {
    /// rr-buggy-reverse, of.pcap: h3 (port 59904) went to 10.0.0.1; the reverse
    /// FLOW_MOD (xid 0x0e) matches the SYN-ACK exactly but its actions are only
    /// SET_DL_SRC 00:00:00:00:00:01, OUTPUT 3.
    func buggyReverse() -> (ExpectedFlowMod, OFMatch) {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        _ = lab.connect(client: 3, port: 59904, at: 3.0)
        let x = lab.answer(server: 1, client: 3, port: 59904, at: 3.001)
        let actual = OFMatch(wildcards: 0, inPort: 1, dlSrc: mac(1), dlDst: mac(3), dlVlan: 0xffff, dlType: 0x0800,
                             nwProto: 6, nwSrc: ip(1), nwDst: ip(3), tpSrc: 80, tpDst: 59904)
        return (x.flowMod!, actual)
    }

    @Test func buggyReverseMissesSetNwSrc() {
        let (expected, match) = buggyReverse()
        let d = compare(expected: expected, actualMatch: match,
                        actualActions: [.setDlSrc(mac(1)), .output(port: 3, maxLen: 0xffff)],
                        idleTimeout: 10, hardTimeout: 0, priority: 0x8000)
        #expect(d == [.missingAction(.setNwSrc(service))])
        #expect(d.first?.description == "no SET_NW_SRC 10.0.1.1")
    }

    @Test func correctReverseHasNoDiscrepancy() {
        let (expected, match) = buggyReverse()
        #expect(compare(expected: expected, actualMatch: match,
                        actualActions: [.setDlSrc(mac(1)), .setNwSrc(service), .output(port: 3, maxLen: 0)],
                        idleTimeout: 10, hardTimeout: 0, priority: 0x8000).isEmpty)
    }

    @Test func wrongValuesExtraActionsAndPort() {
        let (expected, match) = buggyReverse()
        let d = compare(expected: expected, actualMatch: match,
                        actualActions: [.setDlSrc(mac(1)), .setNwSrc(ip(1)), .setTpSrc(8080), .output(port: 4, maxLen: 0xffff)],
                        idleTimeout: 10, hardTimeout: 0, priority: 0x8000)
        #expect(d == [.wrongActionValue(expected: .setNwSrc(service), actual: .setNwSrc(ip(1))),
                      .wrongOutputPort(expected: 3, actual: 4),
                      .unexpectedAction(.setTpSrc(8080))])
        #expect(d[0].description == "SET_NW_SRC 10.0.0.1 where SET_NW_SRC 10.0.1.1 was expected")
        #expect(d[1].description == "output to port 4 instead of 3")
    }

    @Test func rewriteAfterOutput() {
        let (expected, match) = buggyReverse()
        let d = compare(expected: expected, actualMatch: match,
                        actualActions: [.setDlSrc(mac(1)), .output(port: 3, maxLen: 0xffff), .setNwSrc(service)],
                        idleTimeout: 10, hardTimeout: 0, priority: 0x8000)
        #expect(d == [.rewriteAfterOutput(rewrite: .setNwSrc(service), outputPort: 3)])
    }

    @Test func matchTooBroadAndWrong() {
        let (expected, exact) = buggyReverse()
        var broad = exact
        // tp_dst wildcarded, nw_dst a /24 (8 ignored bits), in_port 2 instead of 1.
        broad.wildcards = OFMatch.Wildcards.tpDst | (8 << OFMatch.Wildcards.nwDstShift)
        broad.inPort = 2
        let d = compareMatch(expected: expected.match, actual: broad)
        #expect(d == [.matchWrong(.inPort, expected: "1", actual: "2"),
                      .matchPrefixTooShort(.nwDst, expectedLength: 32, actualLength: 24),
                      .matchWildcarded(.tpDst)])
        #expect(d[1].description.contains("/24"))
        // A /24 whose first 24 bits differ is also wrong.
        broad.nwDst = IPv4Address(10, 0, 1, 3)
        #expect(compareMatch(expected: expected.match, actual: broad).contains(
            .matchWrong(.nwDst, expected: "10.0.0.3", actual: "10.0.1.3/24")))
        // nw_src wildcarded entirely (32+ ignored bits).
        var any = exact
        any.wildcards = 32 << OFMatch.Wildcards.nwSrcShift
        #expect(compareMatch(expected: expected.match, actual: any) == [.matchWildcarded(.nwSrc)])
    }

    @Test func timeoutsAndPriority() {
        let (expected, match) = buggyReverse()
        let d = compare(expected: expected, actualMatch: match,
                        actualActions: [.setDlSrc(mac(1)), .setNwSrc(service), .output(port: 3, maxLen: 0xffff)],
                        idleTimeout: 0, hardTimeout: 30, priority: 1)
        #expect(d == [.idleTimeoutDiffers(expected: 10, actual: 0), .hardTimeoutDiffers(expected: 0, actual: 30),
                      .priorityDiffers(expected: 0x8000, actual: 1)])
    }

    @Test func unknownBalancerMACAcceptsAnySetDlSrc() {
        // No probe source MAC given: the reverse expectation accepts any SET_DL_SRC value.
        var model = BalancerModel(config: .lab)
        model.probeSent(to: ip(1), at: at(0), evidence: 1)
        model.arpReply(from: ip(1), mac: mac(1), port: 1, at: at(0.1), evidence: 2)
        let fwd = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service, tpSrc: 7, tpDst: 80)
        _ = model.tcpPacketIn(fwd, inPort: 3, at: at(1), evidence: 3)
        let rev = PacketKey.tcp(inPort: 1, dlSrc: mac(1), dlDst: mac(3), nwSrc: ip(1), nwDst: ip(3), tpSrc: 80, tpDst: 7)
        let x = model.tcpPacketIn(rev, inPort: 1, at: at(1.1), evidence: 4)
        let e = try! #require(x.flowMod)
        #expect(e.anyDlSrc)
        #expect(compareActions(expected: e.actions, actual: [.setDlSrc(MACAddress("00:00:00:11:22:33")!), .setNwSrc(service),
                                                             .output(port: 3, maxLen: 0xffff)], anyDlSrc: true).isEmpty)
        #expect(compareActions(expected: e.actions, actual: [.setNwSrc(service), .output(port: 3, maxLen: 0xffff)],
                               anyDlSrc: true).count == 1)
    }
}
