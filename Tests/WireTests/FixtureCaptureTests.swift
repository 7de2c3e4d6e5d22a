import Capture
import Testing
@testable import Wire

/// Decodes every frame of the rr-basic captures and compares counts with tshark's
/// (`tshark -r X -Y tcp | wc -l` and so on, run when these tests were written).
@Suite struct FixtureCaptureTests {
    struct Counts {
        var frames = 0, tcp = 0, arpRequests = 0, arpReplies = 0, ipv6 = 0, mldv2 = 0, ns = 0, rs = 0
        var hopByHop = 0, syn = 0, synAck = 0, tcpPayloadBytes = 0, errors = 0, badChecksums = 0
        var packetTypes: [UInt16: Int] = [:]
    }

    func count(_ relative: String) throws -> Counts {
        let reader = try CaptureReader(path: fixturePath(relative))
        let linkType = reader.linkType.linktypeValue
        var c = Counts()
        while let f = try reader.next() {
            let p = DecodedPacket.decode(linkType: linkType, f.bytes)
            c.frames += 1
            if p.error != nil { c.errors += 1 }
            if p.ipChecksumValid == false || p.transportChecksumValid == false { c.badChecksums += 1 }
            if let t = p.cooked?.packetType { c.packetTypes[t, default: 0] += 1 }
            switch p.network {
            case .arp(let a): if a.operation == 1 { c.arpRequests += 1 } else { c.arpReplies += 1 }
            case .ipv6(let ip):
                c.ipv6 += 1
                if ip.upperLayer?.extensions.contains(.hopByHop) == true { c.hopByHop += 1 }
            default: break
            }
            switch p.transport {
            case .tcp(let t):
                c.tcp += 1
                c.tcpPayloadBytes += t.payloadLength
                if t.flags == .syn { c.syn += 1 }
                if t.flags == [.syn, .ack] { c.synAck += 1 }
            case .icmpv6(let i):
                switch i.type {
                case 143: c.mldv2 += 1
                case 135: c.ns += 1
                case 133: c.rs += 1
                default: break
                }
            default: break
            }
        }
        return c
    }

    @Test func ethernetCapture() throws {
        let c = try count("rr-basic/dp.pcap")
        #expect(c.frames == 236)
        #expect(c.tcp == 80 && c.syn == 8 && c.synAck == 8)
        #expect(c.tcpPayloadBytes == 2248)
        #expect(c.arpRequests == 64 && c.arpReplies == 14)
        #expect(c.ipv6 == 78 && c.hopByHop == 33)
        #expect(c.mldv2 == 33 && c.ns == 9 && c.rs == 36)
        #expect(c.errors == 0)
        // Checksum offload was off in the lab: every checksum is right.
        #expect(c.badChecksums == 0)
    }

    @Test func cookedV2Capture() throws {
        let c = try count("rr-basic/dp-any.pcap")
        #expect(c.frames == 230)
        #expect(c.tcp == 80 && c.syn == 8 && c.synAck == 8)
        #expect(c.arpRequests == 64 && c.arpReplies == 14)
        #expect(c.ipv6 == 72 && c.hopByHop == 30)
        #expect(c.mldv2 == 30 && c.ns == 6 && c.rs == 36)
        #expect(c.errors == 0 && c.badChecksums == 0)
        #expect(c.packetTypes == [1: 4, 2: 37, 3: 50, 4: 139])
    }
}
