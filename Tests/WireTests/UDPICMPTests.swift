import Testing
@testable import Wire

@Suite struct UDPICMPTests {
    let h3 = IPv4Address(10, 0, 0, 3), h4 = IPv4Address(10, 0, 0, 4)

    @Test func udp() throws {
        let bytes = tail(udpWithOptionFrame, 14 + 24)
        try withBytes(bytes) { raw throws(WireError) in
            let d = try UDPDatagram(checking: raw)
            #expect(d.sourcePort == 5353 && d.destinationPort == 53)
            #expect(d.length == 11)
            #expect(d.checksum == 0x4d4a)
            #expect(Array(d.payload) == Array("hi!".utf8))
            #expect(d.verifyChecksum(source: h3, destination: h4))
            let r = UDPRepr(parsing: d)
            var out: [UInt8] = []
            r.emit(into: &out, payload: Array(d.payload), source: h3, destination: h4)
            #expect(out == bytes)
        }
        var short = bytes
        short[5] = 7
        #expect(wireError(short) { raw throws(WireError) in try UDPDatagram(checking: raw) }
                == .malformed(layer: .udp, reason: "length < 8"))
        #expect(wireError(Array(bytes.prefix(7))) { raw throws(WireError) in try UDPDatagram(checking: raw) }
                == .truncated(layer: .udp, needed: 8, available: 7))
    }

    @Test func icmpEcho() throws {
        let bytes = tail(icmpEchoFrame, 34)
        try withBytes(bytes) { raw throws(WireError) in
            let p = try ICMPPacket(checking: raw)
            #expect(p.verifyChecksum)
            let r = ICMPRepr(parsing: p)
            #expect(r.type == ICMPType.echoRequest && r.code == 0)
            #expect(r.checksum == 0x32f6)
            #expect(r.echoIdentifier == 0x42 && r.echoSequence == 1)
            #expect(r.name?.description == "Echo (ping) request")
            var out: [UInt8] = []
            r.emit(into: &out, payload: Array(p.payload))
            #expect(out == bytes)
        }
        #expect(wireError(Array(bytes.prefix(7))) { raw throws(WireError) in try ICMPPacket(checking: raw) }
                == .truncated(layer: .icmp, needed: 8, available: 7))
    }
}
