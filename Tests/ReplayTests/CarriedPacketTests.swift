import Capture
import OpenFlow
@testable import Replay
import Testing
import Wire

/// `CarriedPacket(frame:)` reads plain IPv4 TCP frames by a fast path: it must equal what the full
/// decode gives for any bytes, the ones the lab captures carry and damaged variants of them.
@Suite struct CarriedPacketTests {
    static func full(_ frame: [UInt8]) -> CarriedPacket {
        frame.withUnsafeBytes { CarriedPacket(DecodedPacket.decode(linkType: 1, $0, verifyingChecksums: false)) }
    }

    static func fast(_ frame: [UInt8]) -> CarriedPacket {
        frame.withUnsafeBytes { CarriedPacket(frame: $0) }
    }

    /// Truncations and changed header bytes (EtherType, IHL, TOS, lengths, fragment bits, protocol,
    /// TCP data offset) of `frame`, with a VLAN tag inserted: the cases where the fast path must
    /// decline or agree.
    static func variants(of frame: [UInt8], seed: inout UInt64) -> [[UInt8]] {
        var out = [frame]
        for cut in [0, 1, 13, 14, 20, 33, 34, 40, 53, 54, frame.count - 1] where cut >= 0 && cut < frame.count {
            out.append(Array(frame[..<cut]))
        }
        for offset in [12, 13, 14, 15, 16, 17, 20, 21, 23, 46] where offset < frame.count {
            for _ in 0..<3 {
                seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
                var v = frame
                v[offset] = UInt8(truncatingIfNeeded: seed)
                out.append(v)
            }
        }
        if frame.count >= 14 { out.append(Array(frame[..<12]) + [0x81, 0x00, 0x00, 0x0a] + Array(frame[12...])) }
        return out
    }

    /// Every frame of the Ethernet captures (control channel and data plane), and variants of them.
    @Test(arguments: ["rr-basic/of.pcap", "rr-basic/dp.pcap", "rr-buggy-reverse/dp.pcap", "rr-many/of.pcap", "rr-many/dp.pcap"])
    func agreesWithTheFullDecodeOnEveryFrame(_ capture: String) throws {
        let reader = try CaptureReader(path: "\(fixtures)/\(capture)")
        var seed: UInt64 = 0x9e37_79b9
        var fastAnswers = 0
        while let frame = try reader.next() {
            for v in Self.variants(of: Array(frame.bytes), seed: &seed) {
                let fast = Self.fast(v)
                #expect(fast == Self.full(v), "frame \(frame.number) of \(capture), \(v.count) bytes")
                if v.withUnsafeBytes({ DecodedPacket.ipv4TCP(linkType: 1, $0) }) != nil { fastAnswers += 1 }
            }
        }
        #expect(fastAnswers > 100)  // the fast path was exercised, not only the fallback
    }

    /// The packets inside the lab sessions' PACKET_INs and PACKET_OUTs (TCP, and the ARP probes and replies).
    @Test(arguments: ["rr-basic", "rr-buggy-reverse", "rr-many"])
    func agreesOnThePacketsTheControllerSaw(_ session: String) throws {
        let scanner = SessionScanner(sources: try SessionSources.expand(["\(fixtures)/\(session)"]))
        var arp = 0, tcp = 0
        while let e = scanner.next() {
            guard case .control(let c) = e else { continue }
            let data: [UInt8]
            switch c.message.body {
            case .packetIn(let p): data = p.data
            case .packetOut(let p): data = p.data
            default: continue
            }
            guard !data.isEmpty else { continue }
            #expect(c.packet == Self.fast(data) && Self.fast(data) == Self.full(data), "\(c.ref)")
            if c.packet?.arp != nil { arp += 1 }
            if c.packet?.isIPv4TCP == true { tcp += 1 }
        }
        #expect(arp > 0 && tcp > 0)
    }

    @Test func readsASynByHand() throws {
        // A SYN from 10.0.0.3:49514 to the service 10.0.1.1:80, TOS 0x12 (ECN bits 0x02 are not part of nw_tos).
        var frame: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0x08, 0x00,
                              0x45, 0x12, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 3, 10, 0, 1, 1,
                              0xc1, 0x6a, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x72, 0x10, 0, 0, 0, 0]
        let p = Self.fast(frame)
        let m = try #require(p.exactMatch(inPort: 3))
        #expect(m.inPort == 3 && m.dlSrc == MACAddress(rawValue: 3) && m.dlDst == MACAddress(rawValue: 1))
        #expect(m.dlVlan == 0xffff && m.dlType == 0x0800 && m.nwTos == 0x10 && m.nwProto == 6)
        #expect(m.nwSrc == IPv4Address(10, 0, 0, 3) && m.nwDst == IPv4Address(10, 0, 1, 1) && m.tpSrc == 49514 && m.tpDst == 80)
        #expect(p.isIPv4TCP && p.arp == nil && p.error == nil && p == Self.full(frame))
        frame[23] = 17  // UDP: the fast path declines, and the full decode has no TCP
        #expect(!Self.fast(frame).isIPv4TCP && Self.fast(frame) == Self.full(frame))
    }
}
