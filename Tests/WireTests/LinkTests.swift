import Testing
@testable import Wire

/// Frame 3 of rr-basic/dp-any.pcap (Linux cooked v2): the probe as sent out of
/// interface 18 ("Sent by us"), source 00:00:00:00:00:01.
let cookedProbeFrame = hex("""
    08 06 00 00 00 00 00 12 00 01 04 06 00 00 00 00
    00 01 00 00 00 01 08 00 06 04 00 01 00 00 00 00
    00 01 0a 00 01 01 ff ff ff ff ff ff 0a 00 00 01
    """)

/// Frame 65 of rr-basic/dp-any.pcap: h3's SYN to 10.0.1.1:80 entering on interface 17
/// ("Unicast to another host").
let cookedSYNFrame = hex("""
    08 00 00 00 00 00 00 11 00 01 03 06 00 00 00 00
    00 03 00 00 45 00 00 3c 83 6a 40 00 40 06 a2 4e
    0a 00 00 03 0a 00 01 01 c1 6a 00 50 36 00 8a 3f
    00 00 00 00 a0 02 a5 64 06 68 00 00 02 04 05 b4
    04 02 08 0a 2e 39 d6 fa 00 00 00 00 01 03 03 09
    """)

@Suite struct LinkTests {
    @Test func cookedV2() throws {
        try cookedProbeFrame.withUnsafeBytes { raw in
            let h = try LinuxCookedHeader(checking: raw, version: 2)
            let r = LinuxCookedRepr(parsing: h)
            #expect(r.protocolType == EtherType.arp)
            #expect(r.interfaceIndex == 18)
            #expect(r.arphrdType == 1)
            #expect(r.direction == .outgoing)
            #expect(r.addressLength == 6)
            #expect(r.sourceMAC == MACAddress("00:00:00:00:00:01"))
            #expect(h.payload.count == 28)
            var out: [UInt8] = []
            r.emit(into: &out)
            #expect(out == Array(cookedProbeFrame.prefix(20)))
        }
    }

    @Test func cookedV1() throws {
        // The same probe as v1 would write it: pkttype 4, ARPHRD 1, halen 6, address, protocol.
        let v1 = hex("00 04 00 01 00 06 00 00 00 00 00 01 00 00 08 06")
        try v1.withUnsafeBytes { raw in
            let r = LinuxCookedRepr(parsing: try LinuxCookedHeader(checking: raw, version: 1))
            #expect(r.direction == .outgoing)
            #expect(r.protocolType == EtherType.arp)
            #expect(r.sourceMAC == MACAddress("00:00:00:00:00:01"))
            #expect(r.interfaceIndex == nil)
            var out: [UInt8] = []
            r.emit(into: &out)
            #expect(out == v1)
        }
        #expect(wireError(Array(v1.prefix(15))) { raw throws(WireError) in try LinuxCookedHeader(checking: raw, version: 1) }
                == .truncated(layer: .linuxCooked, needed: 16, available: 15))
    }

    @Test func nullAndLoop() throws {
        // LINKTYPE 0 from a little-endian host: AF_INET = 2 as 02 00 00 00.
        for (bytes, networkOrder, family) in [
            (hex("02 00 00 00"), false, UInt32(2)), (hex("1e 00 00 00"), false, 30),
            (hex("00 00 00 18"), true, 24), (hex("00 00 00 0a"), false, 10),
        ] {
            try bytes.withUnsafeBytes { raw in
                let r = NullRepr(parsing: try NullHeader(checking: raw, networkOrder: networkOrder))
                #expect(r.addressFamily == family)
            }
        }
        #expect(RawNetworkProtocol(addressFamily: 2) == .ipv4)
        for af: UInt32 in [10, 24, 28, 30] { #expect(RawNetworkProtocol(addressFamily: af) == .ipv6) }
        #expect(RawNetworkProtocol(addressFamily: 7) == .other)
    }

    @Test func rawIPVersion() throws {
        #expect(try withBytes(hex("45 00")) { raw throws(WireError) in try RawIP.network(of: raw) } == .ipv4)
        #expect(try withBytes(hex("60 00")) { raw throws(WireError) in try RawIP.network(of: raw) } == .ipv6)
        #expect(try withBytes(hex("15 00")) { raw throws(WireError) in try RawIP.network(of: raw) } == .other)
        #expect(wireError([]) { raw throws(WireError) in try RawIP.network(of: raw) }
                == .truncated(layer: .rawIP, needed: 1, available: 0))
    }
}
