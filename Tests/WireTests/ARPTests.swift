import Testing
@testable import Wire

/// Frame 15 of rr-basic/dp.pcap: h1 answers the probe, `10.0.0.1 is at 00:00:00:00:00:01`.
let arpReplyFrame = hex("""
    00 00 00 00 00 01 00 00 00 00 00 01 08 06 00 01
    08 00 06 04 00 02 00 00 00 00 00 01 0a 00 00 01
    00 00 00 00 00 01 0a 00 01 01
    """)

@Suite struct ARPTests {
    func parse(_ frame: [UInt8]) throws(WireError) -> ARPRepr {
        try withBytes(frame) { raw throws(WireError) in
            ARPRepr(parsing: try ARPPacket(checking: UnsafeRawBufferPointer(rebasing: raw[14...])))
        }
    }

    @Test func probe() throws {
        let a = try parse(arpProbeFrame)
        #expect(a == ARPRepr(hardwareType: 1, protocolType: 0x0800, operation: ARPRepr.request,
                             senderMAC: MACAddress("00:00:00:00:00:01")!, senderIP: IPv4Address(10, 0, 1, 1),
                             targetMAC: .broadcast, targetIP: IPv4Address(10, 0, 0, 1)))
    }

    @Test func reply() throws {
        let a = try parse(arpReplyFrame)
        #expect(a.operation == ARPRepr.reply)
        #expect(a.senderMAC == MACAddress("00:00:00:00:00:01"))
        #expect(a.senderIP == IPv4Address(10, 0, 0, 1))
        #expect(a.targetMAC == MACAddress("00:00:00:00:00:01"))
        #expect(a.targetIP == IPv4Address(10, 0, 1, 1))
    }

    @Test func truncatedAndMalformed() {
        let short = Array(arpReplyFrame.prefix(14 + 27))
        #expect(wireError { () throws(WireError) in try parse(short) } == .truncated(layer: .arp, needed: 28, available: 27))
        #expect(wireError { () throws(WireError) in try parse(Array(arpReplyFrame.prefix(16))) }
                == .truncated(layer: .arp, needed: 6, available: 2))
        var badSize = arpReplyFrame
        badSize[14 + 4] = 8  // hlen 8: the fixed offsets no longer hold
        #expect(wireError { () throws(WireError) in try parse(badSize) }
                == .malformed(layer: .arp, reason: "not Ethernet/IPv4 address sizes"))
    }

    @Test func emitRoundTrip() throws {
        for frame in [arpProbeFrame, arpReplyFrame] {
            var out: [UInt8] = []
            try parse(frame).emit(into: &out)
            #expect(out == Array(frame[14...]))
        }
    }
}
