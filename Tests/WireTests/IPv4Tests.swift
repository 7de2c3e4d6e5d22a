import Testing
@testable import Wire

@Suite struct IPv4Tests {
    func parse(_ bytes: [UInt8]) throws(WireError) -> IPv4Repr {
        try withBytes(bytes) { raw throws(WireError) in IPv4Repr(parsing: try IPv4Packet(checking: raw)) }
    }

    @Test func deconstructSYN() throws {
        try withBytes(tail(synFrame, 14)) { raw throws(WireError) in
            let p = try IPv4Packet(checking: raw)
            #expect(p.version == 4)
            #expect(p.headerLength == 20)
            #expect(p.tos == 0)
            #expect(p.totalLength == 60)
            #expect(p.identification == 0x836a)
            #expect(p.flags == .dontFragment)
            #expect(p.fragmentOffset == 0)
            #expect(!p.isFragment)
            #expect(p.ttl == 64)
            #expect(p.protocolNumber == IPProtocol.tcp)
            #expect(p.checksum == 0xa24e)
            #expect(p.verifyChecksum)
            #expect(p.source == IPv4Address(10, 0, 0, 3))
            #expect(p.destination == IPv4Address(10, 0, 1, 1))
            #expect(p.options.isEmpty)
            #expect(p.payload.count == 40)
            #expect(!p.isTruncated)
        }
    }

    @Test func optionsAndPadding() throws {
        let bytes = tail(udpWithOptionFrame, 14)
        try withBytes(bytes) { raw throws(WireError) in
            let p = try IPv4Packet(checking: raw)
            #expect(p.headerLength == 24)
            #expect(Array(p.options) == [0x94, 0x04, 0x00, 0x00])
            #expect(p.verifyChecksum)
            #expect(p.payload.count == 11)
        }
        // Ethernet padding past the total length is not payload.
        try withBytes(bytes + [0, 0, 0, 0]) { raw throws(WireError) in
            #expect(try IPv4Packet(checking: raw).payload.count == 11)
        }
    }

    @Test func lyingLengths() {
        var ihl4 = tail(synFrame, 14)
        ihl4[0] = 0x44
        #expect(wireError { () throws(WireError) in try parse(ihl4) } == .malformed(layer: .ipv4, reason: "IHL < 5"))
        var shortTotal = tail(synFrame, 14)
        shortTotal[2] = 0; shortTotal[3] = 19
        #expect(wireError { () throws(WireError) in try parse(shortTotal) }
                == .malformed(layer: .ipv4, reason: "total length < header length"))
        var v6 = tail(synFrame, 14)
        v6[0] = 0x65
        #expect(wireError { () throws(WireError) in try parse(v6) } == .malformed(layer: .ipv4, reason: "version is not 4"))
        #expect(wireError { () throws(WireError) in try parse(Array(tail(synFrame, 14).prefix(19))) }
                == .truncated(layer: .ipv4, needed: 20, available: 19))
        // IHL 6 claims an option word that is not there.
        var ihl6 = Array(tail(synFrame, 14).prefix(22))
        ihl6[0] = 0x46
        #expect(wireError { () throws(WireError) in try parse(ihl6) } == .truncated(layer: .ipv4, needed: 24, available: 22))
    }

    @Test func totalLengthBeyondTheBytes() throws {
        // A snapshot length cut the SYN after 30 bytes of IP: the header still decodes.
        try withBytes(Array(tail(synFrame, 14).prefix(30))) { raw throws(WireError) in
            let p = try IPv4Packet(checking: raw)
            #expect(p.isTruncated)
            #expect(p.totalLength == 60)
            #expect(p.payload.count == 10)
        }
    }

    @Test func fragmentFlags() throws {
        var more = tail(synFrame, 14)
        more[6] = 0x20; more[7] = 0x00  // MF, offset 0: the first fragment
        #expect(try parse(more).isFragment)
        #expect(try parse(more).flags == .moreFragments)
        var later = tail(synFrame, 14)
        later[6] = 0x00; later[7] = 0x03  // offset 3 × 8 = 24 bytes
        let r = try parse(later)
        #expect(r.isFragment && r.fragmentOffset == 24 && r.flags.isEmpty)
    }

    @Test func emitRoundTrip() throws {
        for frame in [synFrame, synAckFrame, udpWithOptionFrame, icmpEchoFrame] {
            let bytes = tail(frame, 14)
            let r = try parse(bytes)
            var out: [UInt8] = []
            r.emit(into: &out)
            #expect(out.count == r.headerLength)
            // Same bytes, and so the checksum computed equals the real packet's.
            #expect(out == Array(bytes.prefix(r.headerLength)))
        }
    }

    @Test func emitComputesChecksum() throws {
        var r = try parse(tail(synFrame, 14))
        r.checksum = 0xdead  // ignored: emit computes its own
        r.destination = IPv4Address(10, 0, 0, 1)  // the forward rewrite
        var out: [UInt8] = []
        r.emit(into: &out)
        // Frame 72 of dp.pcap is this SYN after the switch rewrote it: checksum 0xa34e.
        #expect(out[10] == 0xa3 && out[11] == 0x4e)
    }
}
