import Testing
@testable import Wire

@Suite struct DecodedPacketTests {
    func decode(_ frame: [UInt8], linkType: Int32 = 1) -> DecodedPacket {
        frame.withUnsafeBytes { DecodedPacket.decode(linkType: linkType, $0) }
    }

    func json(_ p: DecodedPacket) -> String {
        var w = JSONWriter()
        w.beginObject()
        p.writeJSON(into: &w)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func ethernetSYN() throws {
        let p = decode(synFrame)
        #expect(p.error == nil)
        #expect(p.ethernet?.source == MACAddress("00:00:00:00:00:03"))
        #expect(p.ethernet?.destination == MACAddress("00:00:00:00:00:01"))
        #expect(p.vlan.isEmpty)
        #expect(p.ipv4?.source == IPv4Address(10, 0, 0, 3))
        #expect(p.ipv4?.destination == IPv4Address(10, 0, 1, 1))
        #expect(p.tcp?.flags == .syn)
        #expect(p.networkOffset == 14 && p.transportOffset == 34)
        #expect(p.payload == 74..<74)
        #expect(p.ipChecksumValid == true && p.transportChecksumValid == true)
        #expect(json(p) == """
            {"eth":{"src":"00:00:00:00:00:03","dst":"00:00:00:00:00:01","type":2048},\
            "ip":{"src":"10.0.0.3","dst":"10.0.1.1","proto":6,"ttl":64,"len":60,"id":33642,"flags":2,"frag_offset":0,"checksum_ok":true},\
            "tcp":{"srcport":49514,"dstport":80,"seq":906005055,"ack":0,"flags":2,"flags_str":"[SYN]","window":42340,"len":0,"checksum_ok":true}}
            """)
        let s = p.summary
        #expect(s.source == "10.0.0.3" && s.destination == "10.0.1.1" && s.protocol == "TCP")
        #expect(s.info == "49514 → 80 [SYN] Seq=906005055 Win=42340 Len=0")
        #expect(decode(synAckFrame).summary.info == "80 → 49514 [SYN, ACK] Seq=4148688379 Ack=906005056 Win=43440 Len=0")
    }

    @Test func httpPayloadRange() {
        let p = decode(httpGetFrame)
        #expect(p.payload == 66..<138)
        #expect(p.tcp?.payloadLength == 72)
        #expect(p.transportChecksumValid == true)
    }

    @Test func cookedV2SYN() {
        let p = decode(cookedSYNFrame, linkType: 276)
        #expect(p.error == nil)
        #expect(p.cooked?.interfaceIndex == 17)
        #expect(p.cooked?.direction == .otherHost)
        #expect(p.networkOffset == 20 && p.transportOffset == 40)
        #expect(p.tcp?.sequenceNumber == 906_005_055)
        #expect(p.transportChecksumValid == true)
        #expect(json(p).hasPrefix("""
            {"sll":{"version":2,"pkttype":3,"direction":"Unicast to another host","hatype":1,"halen":6,\
            "src":"00:00:00:00:00:03","ifindex":17,"etype":2048},"ip":
            """))
    }

    @Test func arpSummariesAndJSON() {
        let probe = decode(arpProbeFrame)
        #expect(probe.summary == ("00:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "ARP", "Who has 10.0.0.1? Tell 10.0.1.1"))
        #expect(decode(arpReplyFrame).summary.info == "10.0.0.1 is at 00:00:00:00:00:01")
        #expect(json(probe) == """
            {"eth":{"src":"00:00:00:00:00:01","dst":"ff:ff:ff:ff:ff:ff","type":2054},\
            "arp":{"opcode":1,"sender_mac":"00:00:00:00:00:01","sender_ip":"10.0.1.1",\
            "target_mac":"ff:ff:ff:ff:ff:ff","target_ip":"10.0.0.1"}}
            """)
        let cooked = decode(cookedProbeFrame, linkType: 276)
        #expect(cooked.arp?.targetIP == IPv4Address(10, 0, 0, 1))
        #expect(cooked.summary.source == "00:00:00:00:00:01")
        let tagged = decode(qinqFrame)
        #expect(tagged.arp?.senderIP == IPv4Address(10, 0, 1, 1))
        #expect(json(tagged).contains("""
            "vlan":[{"tpid":34984,"id":100,"priority":1,"dei":false},{"tpid":33024,"id":200,"priority":5,"dei":true}]
            """))
    }

    @Test func ipv6NeighbourDiscoveryNoise() {
        let mld = decode(mldv2Frame)
        #expect(mld.error == nil)
        #expect(mld.ipv6?.upperLayer?.extensions == .hopByHop)
        #expect(mld.icmpv6?.type == 143)
        #expect(mld.transportOffset == 62)
        #expect(mld.transportChecksumValid == true)
        #expect(mld.summary == ("::", "ff02::16", "ICMPv6", "Multicast Listener Report Message v2"))
        #expect(json(mld).contains("""
            "ipv6":{"src":"::","dst":"ff02::16","next_header":0,"hlim":1,"plen":56,"upper_proto":58},\
            "icmpv6":{"type":143,"code":0,"name":"Multicast Listener Report Message v2"}
            """))
        let rs = decode(routerSolicitationFrame)
        #expect(rs.summary.info == "Router Solicitation")
        #expect(json(rs).contains("\"src\":\"fe80::8f1:20ff:fe43:d1f9\""))
    }

    @Test func neighbourSolicitationTarget() {
        // Frame 1 of rr-basic/dp.pcap: duplicate address detection for fe80::8f1:20ff:fe43:d1f9.
        let ns = hex("""
            33 33 ff 43 d1 f9 0a f1 20 43 d1 f9 86 dd 60 00
            00 00 00 20 3a ff 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 ff 02 00 00 00 00 00 00 00 00
            00 01 ff 43 d1 f9 87 00 17 28 00 00 00 00 fe 80
            00 00 00 00 00 00 08 f1 20 ff fe 43 d1 f9 0e 01
            54 9a 67 f1 cd ff
            """)
        let p = decode(ns)
        #expect(p.summary.info == "Neighbor Solicitation for fe80::8f1:20ff:fe43:d1f9")
        #expect(p.transportChecksumValid == true)
    }

    @Test func unknownsAreKept() {
        var lldp = arpProbeFrame
        lldp[12] = 0x88; lldp[13] = 0xcc
        let l = decode(lldp)
        #expect(l.network == .other(etherType: 0x88cc) && l.error == nil)
        #expect(l.payload == 14..<42)
        #expect(l.summary.protocol == "0x88cc")
        var gre = synFrame
        gre[23] = 47
        let g = decode(gre)
        #expect(g.transport == .other(protocolNumber: 47))
        #expect(g.ipv4 != nil && g.error == nil)
        #expect(g.payload == 34..<74)
    }

    @Test func otherLinkTypes() {
        let ip = tail(synFrame, 14)
        for (linkType, header) in [(Int32(0), hex("02 00 00 00")), (108, hex("00 00 00 02")), (101, []), (228, [])] {
            let p = decode(header + ip, linkType: linkType)
            #expect(p.error == nil)
            #expect(p.tcp?.sourcePort == 49514)
            #expect(p.transportChecksumValid == true)
        }
        #expect(decode(hex("1e 00 00 00") + tail(mldv2Frame, 14), linkType: 0).icmpv6?.type == 143)
        #expect(decode(tail(mldv2Frame, 14), linkType: 101).icmpv6?.type == 143)
        #expect(decode(synFrame, linkType: 999).error == .malformed(layer: .link, reason: "unsupported link type"))
        #expect(decode(hex("07 00 00 00") + ip, linkType: 0).error == .malformed(layer: .null, reason: "unknown address family"))
    }

    @Test func errorsStopAtTheirLayerAndKeepWhatCameBefore() {
        let e = decode(Array(synFrame.prefix(10)))
        #expect(e.error == .truncated(layer: .ethernet, needed: 14, available: 10) && e.link == nil)
        let a = decode(Array(arpProbeFrame.prefix(30)))
        #expect(a.error == .truncated(layer: .arp, needed: 28, available: 16))
        #expect(a.ethernet != nil && a.network == nil)
        var ihl = synFrame
        ihl[14] = 0x44
        let i = decode(ihl)
        #expect(i.error == .malformed(layer: .ipv4, reason: "IHL < 5"))
        #expect(i.ethernet != nil && i.network == nil)
        var off = synFrame
        off[46] = 0x30
        let t = decode(off)
        #expect(t.error == .malformed(layer: .tcp, reason: "data offset < 5"))
        #expect(t.ipv4 != nil && t.transport == nil)
        #expect(t.summary.info.contains("Malformed"))
        #expect(json(t).hasSuffix("""
            "error":{"layer":"tcp","kind":"malformed","reason":"data offset < 5"}}
            """))
        let v6 = decode(Array(mldv2Frame.prefix(60)))
        #expect(v6.error == .truncated(layer: .ipv6, needed: 96, available: 46))
        #expect(v6.ipv6 != nil)
    }

    @Test func snapshotLengthKeepsDecoding() {
        // The HTTP request cut at 80 bytes: IPv4 says 124, TCP's header is whole.
        let p = decode(Array(httpGetFrame.prefix(80)))
        #expect(p.error == .truncated(layer: .ipv4, needed: 124, available: 66))
        #expect(p.tcp?.flags == [.psh, .ack])
        #expect(p.payload == 66..<80)
        #expect(p.transportChecksumValid == nil)
        // Cut inside TCP's options: the IPv4 truncation is the cause and is reported.
        let q = decode(Array(synFrame.prefix(60)))
        #expect(q.error == .truncated(layer: .ipv4, needed: 60, available: 46))
        #expect(q.ipv4 != nil && q.transport == nil)
    }

    @Test func fragments() {
        var later = synFrame
        later[20] = 0x00; later[21] = 0x03
        let p = decode(later)
        #expect(p.ipv4?.isFragment == true && p.transport == nil && p.error == nil)
        #expect(p.payload == 34..<74)
        #expect(p.summary.info.hasPrefix("Fragmented IP protocol"))
        var first = synFrame
        first[20] = 0x20; first[21] = 0x00
        let f = decode(first)
        #expect(f.tcp != nil && f.transportChecksumValid == nil)
    }

    @Test func icmpAndUDP() {
        let i = decode(icmpEchoFrame)
        #expect(i.icmp?.echoSequence == 1 && i.transportChecksumValid == true)
        #expect(i.summary.info == "Echo (ping) request id=0x0042, seq=1")
        #expect(json(i).contains("\"icmp\":{\"type\":8,\"code\":0,\"ident\":66,\"seq\":1,\"name\":\"Echo (ping) request\"}"))
        let u = decode(udpWithOptionFrame)
        #expect(u.udp?.destinationPort == 53 && u.transportChecksumValid == true && u.ipChecksumValid == true)
        #expect(u.payload == 46..<49)
        #expect(u.summary.info == "5353 → 53 Len=3")
    }
}
