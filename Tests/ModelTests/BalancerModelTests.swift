import Capture
import Model
import OpenFlow
import Testing
import Wire

@Suite struct BalancerModelTests {
    @Test func rrBasicStory() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        #expect(lab.model.liveServerIPs == [ip(1), ip(2)])
        #expect(lab.model.livenessLog.map(\.transition) == [.up, .up])
        #expect(lab.model.livenessLog[0].evidence == 102)   // the reply to the first probe
        #expect(lab.model.balancerMAC == datapathMAC)

        // rr-basic: h3, h4, h5, h6 two seconds apart.
        let ports: [UInt16] = [49514, 49515, 49516, 49517]
        var servers: [IPv4Address?] = []
        for (i, c) in [UInt8(3), 4, 5, 6].enumerated() {
            let x = lab.connect(client: c, port: ports[i], at: 3.56 + 2.0 * Double(i))
            #expect(x.kind == .forward)
            #expect(x.decision?.kind == .newDecision)
            servers.append(x.decision?.server)
        }
        #expect(servers == [ip(1), ip(2), ip(1), ip(2)])
        #expect(lab.model.decisionLog.map(\.server) == [ip(1), ip(2), ip(1), ip(2)])
        #expect(lab.model.decisionLog.map(\.client) == [ip(3), ip(4), ip(5), ip(6)])

        // The forward FLOW_MOD of h3's SYN, as in frame 74 of of.pcap (xid 0x0b).
        var l = LabScenario()
        l.runProbes(until: 2.5)
        let x = l.connect(client: 3, port: 49514, at: 3.56)
        let fm = try! #require(x.flowMod)
        #expect(fm.match == OFMatch(wildcards: 0, inPort: 3, dlSrc: mac(3), dlDst: mac(1), dlVlan: 0xffff,
                                    dlType: 0x0800, nwProto: 6, nwSrc: ip(3), nwDst: service, tpSrc: 49514, tpDst: 80))
        #expect(fm.actions == [.setDlDst(mac(1)), .setNwDst(ip(1)), .output(port: 1, maxLen: 0xffff)])
        #expect(fm.idleTimeout == 10 && fm.hardTimeout == 0 && fm.priority == 0x8000)
        #expect(fm.releasesPacket == .viaPacketOut)

        // Reverse: each server's SYN-ACK goes back out the client's port, from the service.
        for (i, c) in [UInt8(3), 4, 5, 6].enumerated() {
            let s: UInt8 = i % 2 == 0 ? 1 : 2
            let r = lab.answer(server: s, client: c, port: ports[i], at: 10.0 + Double(i) * 0.01)
            #expect(r.kind == .reverse)
            #expect(r.clientPort == UInt16(c))
            #expect(r.flowMod?.actions == [.setDlSrc(datapathMAC), .setNwSrc(service), .output(port: UInt16(c), maxLen: 0xffff)])
            #expect(r.flowMod?.match.inPort == UInt16(s))
            #expect(r.flowMod?.match.tpDst == ports[i])
        }
    }

    @Test func bufferedPacketIsReleasedThroughTheBuffer() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        let p = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service,
                              tpSrc: 40000, tpDst: 80, bufferId: 0x123)
        let x = lab.model.tcpPacketIn(p, inPort: 3, at: at(3), evidence: 1)
        #expect(x.flowMod?.releasesPacket == .viaBuffer(0x123))
    }

    @Test func reusedPortAfter14sHitsMemory() {
        var lab = LabScenario()
        let first = lab.connect(client: 3, port: 50000, at: 3.0)
        #expect(first.decision?.server == ip(1))
        #expect(lab.model.roundRobinIndex == 1)
        let again = lab.connect(client: 3, port: 50000, at: 17.0)
        #expect(again.decision?.kind == .flowMemoryHit)
        #expect(again.decision?.server == ip(1))
        #expect(again.decision?.decisionIndex == 0)
        #expect(lab.model.roundRobinIndex == 1)
        #expect(lab.model.decisionLog.count == 1)
        #expect(again.flowMod?.actions == [.setDlDst(mac(1)), .setNwDst(ip(1)), .output(port: 1, maxLen: 0xffff)])
        // The next new client still gets the next server in turn.
        #expect(lab.connect(client: 4, port: 50001, at: 18.0).decision?.server == ip(2))
    }

    @Test func memoryForgottenAfter301sIsANewDecision() {
        var lab = LabScenario()
        // At 2.4 only 10.0.0.1 is up (10.0.0.2 is first probed at 2.5): index 0 → 10.0.0.1, index → 1.
        #expect(lab.connect(client: 3, port: 50000, at: 2.4).decision?.server == ip(1))
        // Remembered until 302.4; the controller forgets at its next probe, 302.5.
        let again = lab.connect(client: 3, port: 50000, at: 303.4)
        #expect(again.decision?.kind == .newDecision)
        #expect(again.decision?.server == ip(2))
        #expect(lab.model.decisionLog.count == 2)
        #expect(lab.model.remembered(FlowKey(srcIP: ip(3), dstIP: service, srcPort: 50000, dstPort: 80))?.server == ip(2))
        #expect(lab.model.remembered(FlowKey(srcIP: ip(2), dstIP: ip(3), srcPort: 80, dstPort: 50000))?.server == ip(2))
        #expect(lab.model.remembered(FlowKey(srcIP: ip(1), dstIP: ip(3), srcPort: 80, dstPort: 50000)) == nil)

        var ideal = LabScenario(config: BalancerConfig(expiryTiming: .atDeadline))
        _ = ideal.connect(client: 3, port: 50000, at: 3.0)
        #expect(ideal.connect(client: 3, port: 50000, at: 304.0).decision?.kind == .newDecision)
    }

    @Test func reverseTrafficRefreshesMemory() {
        var lab = LabScenario()
        _ = lab.connect(client: 3, port: 50000, at: 2.4)                 // 10.0.0.1, remembered until 302.4
        #expect(lab.answer(server: 1, client: 3, port: 50000, at: 200).kind == .reverse)   // now until 500
        #expect(lab.connect(client: 3, port: 50000, at: 450).decision?.kind == .flowMemoryHit)
    }

    @Test func memoryPastItsTimeIsStillUsedUntilTheNextProbe() {
        // Under the controller's timing a stale entry lingers until the next expiry run.
        var lab = LabScenario()
        _ = lab.connect(client: 3, port: 50000, at: 3.0)
        lab.runProbes(until: 302.5)                      // last expiry run at 302.5 (3.0+300 = 303 not yet past)
        let p = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service, tpSrc: 50000, tpDst: 80)
        let x = lab.model.tcpPacketIn(p, inPort: 3, at: at(303.5), evidence: 9)
        #expect(x.decision?.kind == .flowMemoryHit)

        // With deadline timing it is gone at 303.5.
        var ideal = LabScenario(config: BalancerConfig(expiryTiming: .atDeadline))
        _ = ideal.connect(client: 3, port: 50000, at: 3.0)
        ideal.runProbes(until: 302.5)
        #expect(ideal.model.tcpPacketIn(p, inPort: 3, at: at(303.5), evidence: 9).decision?.kind == .newDecision)
    }

    @Test func serverMissingItsProbeGoesDownAndReturnsAtTheEnd() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        lab.silent = [ip(1)]
        lab.runProbes(until: 5.0)          // probe for 10.0.0.1 at 5.0 unanswered
        #expect(lab.model.outstandingProbes[ip(1)]?.deadline == at(8.0))
        lab.runProbes(until: 7.5)          // expiry at 7.5: 7.5 < 8.0, still up
        #expect(lab.model.liveServerIPs == [ip(1), ip(2)])
        lab.runProbes(until: 10.0)         // at 10.0 the expiry run finds it past its deadline
        #expect(lab.model.liveServerIPs == [ip(2)])
        let down = lab.model.livenessLog.last!
        #expect(down.transition == .down && down.server == ip(1) && down.time == at(10.0))
        #expect(down.probeEvidence != nil)

        for c in UInt8(3)...6 {
            #expect(lab.connect(client: c, port: 40000 + UInt16(c), at: 10.5 + Double(c) * 0.1).decision?.server == ip(2))
        }
        lab.silent = []
        lab.runProbes(until: 15.0)         // 10.0.0.1 answers the probe at 15.0
        #expect(lab.model.liveServerIPs == [ip(2), ip(1)])
    }

    @Test func downAtDeadlineTimingIsThreeSecondsAfterTheProbe() {
        var lab = LabScenario(config: BalancerConfig(expiryTiming: .atDeadline))
        lab.runProbes(until: 2.5)
        lab.silent = [ip(1)]
        lab.runProbes(until: 5.0)
        lab.model.advance(to: at(8.0))
        #expect(lab.model.liveServerIPs == [ip(1), ip(2)])   // strictly after the deadline
        let events = lab.model.advance(to: at(8.001), evidence: 77)
        #expect(events.map(\.server) == [ip(1)])
        #expect(events.first?.evidence == 77)
        #expect(lab.model.liveServerIPs == [ip(2)])
    }

    @Test func roundRobinIndexPastTheListWrapsAndIsFlagged() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        _ = lab.connect(client: 3, port: 1, at: 3.0)   // index 0 → 10.0.0.1
        _ = lab.connect(client: 4, port: 1, at: 3.1)   // index 1 → 10.0.0.2, index now 2
        lab.silent = [ip(2)]
        lab.runProbes(until: 12.5)                     // 10.0.0.2 probed at 7.5, down at 12.5
        #expect(lab.model.liveServerIPs == [ip(1)])
        let x = lab.connect(client: 5, port: 1, at: 13.0)
        #expect(x.decision?.server == ip(1))
        #expect(x.decision?.labCodeWouldFail == true)  // index 2 > count 1
        #expect(lab.model.roundRobinIndex == 2)        // the lab's code raised before moving it
        var wrapping = lab                             // a controller that wraps on >= answers
        let answered = wrapping.model.adoptActualChoice(ip(1), for: x)
        #expect(answered == x.flowMod)
        #expect(wrapping.model.roundRobinIndex == 1)
        #expect(wrapping.connect(client: 5, port: 1, at: 13.05).decision?.kind == .flowMemoryHit)  // stored once answered
        // Unanswered, the pick is not in the lab's memory: the connection's next packet is a new decision.
        let again = lab.connect(client: 5, port: 1, at: 13.05)
        #expect(again.decision?.kind == .newDecision && again.decision?.labCodeWouldFail == true)
        let y = lab.connect(client: 6, port: 1, at: 13.1)
        #expect(y.decision?.labCodeWouldFail == true)  // the lab's code raises again
    }

    /// The lab's code raises before storing the connection, and leaves what its keys held: an
    /// earlier entry of the same connection (its server down) stays, and is used once its server returns.
    @Test func pickPastTheListStoresNothingUntilAnswered() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        _ = lab.connect(client: 3, port: 1, at: 3.0)   // 10.0.0.1
        _ = lab.connect(client: 4, port: 1, at: 3.1)   // 10.0.0.2; index now 2
        lab.silent = [ip(2)]
        lab.runProbes(until: 12.5)                     // 10.0.0.2 down
        let key4 = FlowKey(srcIP: ip(4), dstIP: service, srcPort: 1, dstPort: 80)
        let again = lab.connect(client: 4, port: 1, at: 13.0)   // its server down: a new pick, past the list
        #expect(again.decision?.kind == .newDecision && again.decision?.labCodeWouldFail == true)
        #expect(lab.model.remembered(key4)?.server == ip(2))    // the old entry, untouched
        let key5 = FlowKey(srcIP: ip(5), dstIP: service, srcPort: 1, dstPort: 80)
        _ = lab.connect(client: 5, port: 1, at: 13.1)
        #expect(!lab.model.remembers(key5))
        lab.silent = []
        lab.runProbes(until: 20.0)                     // 10.0.0.2 back
        let back = lab.connect(client: 4, port: 1, at: 20.5)
        #expect(back.decision?.kind == .flowMemoryHit && back.decision?.server == ip(2))
        let y = lab.connect(client: 6, port: 1, at: 20.6)
        #expect(y.decision?.server == ip(1) && y.decision?.labCodeWouldFail == false)  // 2 == count: wraps
    }

    @Test func noLiveServerDrops() {
        var model = BalancerModel(config: .lab)
        let p = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service, tpSrc: 5, tpDst: 80)
        let x = model.tcpPacketIn(p, inPort: 3, at: at(1), evidence: 1)
        #expect(x.kind == .drop(.noLiveServer))
        #expect(x.release == .nothing)
        #expect(x.flowMod == nil)
        let b = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service, tpSrc: 5, tpDst: 80, bufferId: 7)
        #expect(model.tcpPacketIn(b, inPort: 3, at: at(1), evidence: 2).release == .discardBuffer(7))
    }

    @Test func unknownReverseDrops() {
        var lab = LabScenario()
        lab.runProbes(until: 2.5)
        let x = lab.answer(server: 1, client: 3, port: 12345, at: 3.0)
        #expect(x.kind == .drop(.unknownReverse))
        #expect(x.flowMod == nil)
    }

    @Test func otherTrafficIgnoredOrDropped() {
        var model = BalancerModel(config: .lab)
        let other = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(4), nwSrc: ip(3), nwDst: ip(4), tpSrc: 5, tpDst: 22)
        #expect(model.tcpPacketIn(other, inPort: 3, at: at(1), evidence: 1).kind == .ignore(.notBalanced))
        var v6 = other.match
        v6.dlType = 0x86dd
        #expect(model.tcpPacketIn(PacketKey(match: v6), inPort: 3, at: at(1), evidence: 2).kind == .drop(.notTCPOrARP))
    }

    @Test func unsolicitedARPReplyIsIgnored() {
        var model = BalancerModel(config: .lab)
        #expect(model.arpReply(from: ip(1), mac: mac(1), port: 1, at: at(0), evidence: 1) == .unsolicited)
        #expect(model.liveServers.isEmpty)
        model.probeSent(to: ip(1), at: at(0), evidence: 2)
        #expect(model.arpReply(from: ip(1), mac: mac(1), port: 1, at: at(0.1), evidence: 3) != .unsolicited)
        model.probeSent(to: ip(1), at: at(5), evidence: 4)
        #expect(model.arpReply(from: ip(1), mac: mac(1), port: 1, at: at(5.1), evidence: 5) == .stillUp)
    }

    @Test func randomPolicyAcceptsAnyLiveServer() {
        var lab = LabScenario(config: BalancerConfig(policy: .random))
        lab.runProbes(until: 2.5)
        let x = lab.connect(client: 3, port: 1000, at: 3.0)
        #expect(x.decision?.kind == .newDecision)
        #expect(x.decision?.server == nil)
        #expect(Set(x.decision?.validChoices ?? []) == [ip(1), ip(2)])
        #expect(x.flowMod == nil)
        #expect(lab.model.commitChoice(ip(9), for: x) == nil)
        let fm = lab.model.commitChoice(ip(2), for: x)
        #expect(fm?.actions == [.setDlDst(mac(2)), .setNwDst(ip(2)), .output(port: 2, maxLen: 0xffff)])
        #expect(lab.model.decisionLog.map(\.server) == [ip(2)])
        // Once committed, the connection is remembered like any other.
        #expect(lab.connect(client: 3, port: 1000, at: 4.0).decision?.kind == .flowMemoryHit)
        #expect(lab.answer(server: 2, client: 3, port: 1000, at: 4.1).kind == .reverse)
    }
}
