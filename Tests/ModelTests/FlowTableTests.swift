import Capture
import Model
import OpenFlow
import Testing
import Wire

@Suite struct FlowTableTests {
    typealias W = OFMatch.Wildcards

    /// h3's SYN to the service, as in rr-basic (in_port 3, port 49514).
    let syn = PacketKey.tcp(inPort: 3, dlSrc: mac(3), dlDst: mac(1), nwSrc: ip(3), nwDst: service,
                            tpSrc: 49514, tpDst: 80).match
    let toServer1: [OFAction] = [.setDlDst(mac(1)), .setNwDst(ip(1)), .output(port: 1, maxLen: 0xffff)]

    /// A match on dl_type IPv4 and nw_dst with the given prefix, all else wildcarded.
    func ipv4To(_ dst: IPv4Address, prefix: Int) -> OFMatch {
        let dstBits = UInt32(32 - prefix) << W.nwDstShift
        let w = W.all & ~W.dlType & ~W.nwDstMask | dstBits
        return OFMatch(wildcards: w, dlType: 0x0800, nwDst: dst)
    }

    @Test func addThenReplaceResetsCounters() {
        var t = FlowTable()
        t.apply(command: .add, match: syn, priority: 0x8000, actions: toServer1, idleTimeout: 10, hardTimeout: 0,
                at: at(0), evidence: 74)
        #expect(t.lookup(syn, at: at(1), bytes: 74)?.packetCount == 1)
        #expect(t.entries[0].byteCount == 74)
        let o = t.apply(command: .add, match: syn, priority: 0x8000, actions: [.output(port: 2, maxLen: 0)],
                        idleTimeout: 10, hardTimeout: 0, at: at(2), evidence: 90)
        #expect(o.replaced?.evidence == 74)
        #expect(t.entries.count == 1)
        #expect(t.entries[0].packetCount == 0 && t.entries[0].evidence == 90)
        // Another priority is another entry.
        t.apply(command: .add, match: syn, priority: 1, actions: [], idleTimeout: 0, hardTimeout: 0, at: at(3), evidence: 91)
        #expect(t.entries.count == 2)
    }

    @Test func priorityAndExactBeatsWildcard() {
        var t = FlowTable()
        t.apply(command: .add, match: OFMatch(), priority: 1, actions: [.output(port: OFPort.controller, maxLen: 0xffff)],
                idleTimeout: 0, hardTimeout: 0, at: at(0), evidence: 1)
        t.apply(command: .add, match: ipv4To(service, prefix: 32), priority: 0xffff, actions: [.output(port: 6, maxLen: 0)],
                idleTimeout: 0, hardTimeout: 0, at: at(0), evidence: 2)
        #expect(t.lookup(syn, at: at(1))?.evidence == 2)          // higher priority wins among wildcarded
        t.apply(command: .add, match: syn, priority: 0, actions: toServer1, idleTimeout: 0, hardTimeout: 0,
                at: at(0), evidence: 3)
        #expect(t.lookup(syn, at: at(1))?.evidence == 3)          // exact, even at priority 0
        var other = syn
        other.tpSrc = 49515
        #expect(t.lookup(other, at: at(1))?.evidence == 2)
    }

    @Test func cidrMatching() {
        var t = FlowTable()
        t.apply(command: .add, match: ipv4To(IPv4Address(10, 0, 1, 0), prefix: 24), priority: 5, actions: [],
                idleTimeout: 0, hardTimeout: 0, at: at(0), evidence: 1)
        #expect(t.lookup(syn, at: at(1))?.evidence == 1)          // 10.0.1.1 is in 10.0.1.0/24
        var p = syn
        p.nwDst = IPv4Address(10, 0, 2, 1)
        #expect(t.lookup(p, at: at(1)) == nil)
        #expect(FlowTable.matches(ipv4To(IPv4Address(10, 0, 0, 0), prefix: 16), packet: p))
        #expect(!FlowTable.matches(ipv4To(IPv4Address(10, 0, 0, 0), prefix: 23), packet: p))
        p.dlType = 0x0806
        #expect(!FlowTable.matches(ipv4To(IPv4Address(10, 0, 0, 0), prefix: 16), packet: p))
    }

    @Test func idleTimeoutDrivenByTime() {
        var t = FlowTable()
        t.apply(command: .add, match: syn, priority: 0x8000, actions: toServer1, idleTimeout: 10, hardTimeout: 0,
                at: at(0), evidence: 1)
        _ = t.lookup(syn, at: at(4))                              // used at 4: now idle until 14
        #expect(t.expire(at: at(13.9)).isEmpty)
        #expect(t.lookup(syn, at: at(13.95)) != nil)              // used again: until 23.95
        #expect(t.expire(at: at(23.9)).isEmpty)
        #expect(t.lookup(syn, at: at(24)) == nil)                 // expired, though not yet collected
        let gone = t.expire(at: at(30))
        #expect(gone.count == 1)
        #expect(gone.first?.reason == .idleTimeout)
        #expect(gone.first?.time == at(23.95))
        #expect(t.entries.isEmpty)
    }

    @Test func hardTimeout() {
        var t = FlowTable()
        t.apply(command: .add, match: syn, priority: 1, actions: [], idleTimeout: 10, hardTimeout: 15, at: at(0), evidence: 1)
        for s in stride(from: 1.0, through: 14.0, by: 1.0) { _ = t.lookup(syn, at: at(s)) }
        let gone = t.expire(at: at(15))
        #expect(gone.map(\.reason) == [.hardTimeout])
        #expect(gone.first?.entry.packetCount == 14)
    }

    @Test func deleteWithOutPortAndStrict() {
        var t = FlowTable()
        var syn2 = syn
        syn2.tpSrc = 49515
        t.apply(command: .add, match: syn, priority: 0x8000, actions: toServer1, idleTimeout: 10, hardTimeout: 0, at: at(0), evidence: 1)
        t.apply(command: .add, match: syn2, priority: 0x8000, actions: [.output(port: 2, maxLen: 0)],
                idleTimeout: 10, hardTimeout: 0, at: at(0), evidence: 2)
        t.apply(command: .add, match: ipv4To(service, prefix: 32), priority: 7, actions: [.output(port: 1, maxLen: 0)],
                idleTimeout: 0, hardTimeout: 0, at: at(0), evidence: 3)
        // DELETE_STRICT needs the identical match and priority.
        #expect(t.apply(command: .deleteStrict, match: syn, priority: 1, actions: [], idleTimeout: 0, hardTimeout: 0,
                        at: at(1), evidence: 4).removed.isEmpty)
        // Non-strict DELETE of everything to the service, only entries outputting to port 1.
        let o = t.apply(command: .delete, match: ipv4To(service, prefix: 32), priority: 0, actions: [], idleTimeout: 0,
                        hardTimeout: 0, outPort: 1, at: at(1), evidence: 5)
        #expect(o.removed.map(\.entry.evidence) == [1, 3])
        #expect(o.removed.allSatisfy { $0.reason == .delete })
        #expect(t.entries.map(\.evidence) == [2])
        // DELETE with the all-wildcard match and OFPP_NONE empties the table (POX does it at connection).
        t.apply(command: .delete, match: OFMatch(), priority: 0, actions: [], idleTimeout: 0, hardTimeout: 0, at: at(2), evidence: 6)
        #expect(t.entries.isEmpty)
    }

    @Test func modifyChangesActionsOrAdds() {
        var t = FlowTable()
        let o1 = t.apply(command: .modifyStrict, match: syn, priority: 9, actions: toServer1, idleTimeout: 10,
                         hardTimeout: 0, at: at(0), evidence: 1)
        #expect(o1.added != nil && o1.modified == 0)
        _ = t.lookup(syn, at: at(1))
        let o2 = t.apply(command: .modify, match: ipv4To(service, prefix: 24), priority: 0,
                         actions: [.output(port: 2, maxLen: 0)], idleTimeout: 0, hardTimeout: 0, at: at(2), evidence: 2)
        #expect(o2.modified == 1 && o2.added == nil)
        #expect(t.entries[0].actions == [.output(port: 2, maxLen: 0)])
        #expect(t.entries[0].packetCount == 1 && t.entries[0].idleTimeout == 10)
    }

    @Test func checkOverlapRejects() {
        var t = FlowTable()
        t.apply(command: .add, match: ipv4To(service, prefix: 32), priority: 5, actions: [], idleTimeout: 0, hardTimeout: 0,
                at: at(0), evidence: 1)
        let o = t.apply(command: .add, match: syn, priority: 5, actions: [], idleTimeout: 0, hardTimeout: 0, flags: 2,
                        at: at(0), evidence: 2)
        #expect(o.rejectedForOverlap && t.entries.count == 1)
    }

    @Test func actionsRewriteOnlyLaterOutputs() {
        // The lab's forward rewrite: the copy to port 1 carries the server's MAC and IP.
        let (outs, final) = FlowTable.applyActions(toServer1, to: syn, inPort: 3)
        #expect(outs.count == 1)
        #expect(outs[0].port == 1)
        #expect(outs[0].packet.nwDst == ip(1) && outs[0].packet.dlDst == mac(1))
        #expect(outs[0].packet.nwSrc == ip(3) && outs[0].packet.inPort == 3)
        #expect(final == outs[0].packet)

        // OUTPUT before the rewrite: the first copy leaves unrewritten.
        let (outs2, final2) = FlowTable.applyActions(
            [.setDlSrc(mac(1)), .output(port: 3, maxLen: 0), .setNwSrc(service), .output(port: OFPort.flood, maxLen: 0)],
            to: syn, inPort: 1)
        #expect(outs2.map(\.port) == [3, OFPort.flood])
        #expect(outs2[0].packet.nwSrc == ip(3) && outs2[0].packet.dlSrc == mac(1))
        #expect(outs2[1].packet.nwSrc == service)
        #expect(final2.nwSrc == service)
        #expect(FlowTable.applyActions([.output(port: OFPort.inPort, maxLen: 0)], to: syn, inPort: 3).outputs.map(\.port)
                == [OFPort.inPort])
        #expect(FlowTable.applyActions([.stripVlan], to: syn, inPort: 3).outputs.isEmpty)
    }
}
