import Testing
@testable import Wire

/// Frame 9 of rr-basic/dp.pcap: the balancer's liveness probe, `who-has 10.0.0.1 tell 10.0.1.1`.
let arpProbeFrame = hex("""
    ff ff ff ff ff ff 00 00 00 00 00 01 08 06 00 01
    08 00 06 04 00 01 00 00 00 00 00 01 0a 00 01 01
    ff ff ff ff ff ff 0a 00 00 01
    """)

/// The probe's ARP body behind an 802.1ad tag (pcp 1, vid 100) and an 802.1Q tag
/// (pcp 5, DEI, vid 200); tshark reads the same values from it (text2pcap'd).
let qinqFrame = hex("""
    ff ff ff ff ff ff 00 00 00 00 00 01 88 a8 20 64
    81 00 b0 c8 08 06 00 01 08 00 06 04 00 01 00 00
    00 00 00 01 0a 00 01 01 ff ff ff ff ff ff 0a 00
    00 01
    """)

@Suite struct EthernetTests {
    @Test func deconstructUntagged() throws {
        try arpProbeFrame.withUnsafeBytes { raw in
            let f = try EthernetFrame(checking: raw)
            #expect(f.destination == .broadcast)
            #expect(f.source == MACAddress("00:00:00:00:00:01"))
            #expect(f.etherType == EtherType.arp)
            #expect(f.tagCount == 0)
            #expect(f.headerLength == 14)
            #expect(f.payload.count == 28)
            #expect(f.tags.isEmpty)
        }
    }

    @Test func deconstructQinQ() throws {
        try qinqFrame.withUnsafeBytes { raw in
            let f = try EthernetFrame(checking: raw)
            #expect(f.tagCount == 2)
            #expect(f.headerLength == 22)
            #expect(f.etherType == EtherType.arp)
            #expect(f.tags.outer == VLANTag(tpid: 0x88a8, pcp: 1, dei: false, vid: 100))
            #expect(f.tags.inner == VLANTag(tpid: 0x8100, pcp: 5, dei: true, vid: 200))
        }
    }

    @Test func truncated() {
        let short = Array(arpProbeFrame.prefix(13))
        #expect(wireError(short) { raw throws(WireError) in try EthernetFrame(checking: raw) }
                == .truncated(layer: .ethernet, needed: 14, available: 13))
        // A tag announced, but the frame ends where its EtherType should be (the inner tag is not yet visible).
        let cutTag = Array(qinqFrame.prefix(16))
        #expect(wireError(cutTag) { raw throws(WireError) in try EthernetFrame(checking: raw) }
                == .truncated(layer: .vlan, needed: 18, available: 16))
    }

    @Test func threeTagsAreRefused() {
        var frame = Array(qinqFrame.prefix(20))
        frame += [0x81, 0x00, 0x00, 0x05, 0x08, 0x06]
        #expect(wireError(frame) { raw throws(WireError) in try EthernetFrame(checking: raw) }
                == .malformed(layer: .vlan, reason: "more than two VLAN tags"))
    }

    @Test func emitRoundTrip() throws {
        for frame in [arpProbeFrame, qinqFrame] {
            let repr = try withBytes(frame) { raw throws(WireError) in EthernetRepr(parsing: try EthernetFrame(checking: raw)) }
            var out: [UInt8] = []
            repr.emit(into: &out)
            #expect(out.count == repr.bufferLength)
            #expect(out == Array(frame.prefix(repr.bufferLength)))
        }
    }

    @Test func vlanTagTCI() {
        let t = VLANTag(tpid: 0x8100, tci: 0xb0c8)
        #expect(t.pcp == 5 && t.dei && t.vid == 200)
        #expect(t.tci == 0xb0c8)
    }
}
