import Foundation
import Testing
import Wire
import Capture
@testable import OpenFlow

/// Every OpenFlow message of the rr-basic control capture, cut out by a deliberately tiny framer:
/// Ethernet + IPv4 + TCP payloads appended per source port in capture order (this capture has no
/// loss or reordering), then split at each header's length. The real reassembler lives elsewhere.
func controlMessages(_ name: String) throws -> [(fromSwitch: Bool, bytes: [UInt8])] {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)/of.pcap").path
    let reader = try CaptureReader(path: path)
    var toSwitch: [UInt8] = [], fromSwitch: [UInt8] = []
    while let f = try reader.next() {
        let b = f.bytes
        guard b.count >= 34, b.u16(12) == 0x0800, b.u8(23) == 6 else { continue }
        let ip = 14, ipLen = Int(b.u8(ip) & 0xf) * 4
        let tcp = ip + ipLen, tcpLen = Int(b.u8(tcp + 12) >> 4) * 4
        let end = ip + Int(b.u16(ip + 2))
        guard end > tcp + tcpLen else { continue }
        let payload = b[(tcp + tcpLen)..<end]
        if b.u16(tcp) == 6633 { toSwitch += payload } else { fromSwitch += payload }
    }
    func split(_ s: [UInt8], _ up: Bool) -> [(Bool, [UInt8])] {
        var out: [(Bool, [UInt8])] = [], i = 0
        while i + 8 <= s.count {
            let n = Int(s.u16be(i + 2))
            guard n >= 8, i + n <= s.count else { break }
            out.append((up, Array(s[i..<(i + n)])))
            i += n
        }
        return out
    }
    return split(toSwitch, false) + split(fromSwitch, true)
}

@Suite struct CaptureTests {
    @Test func wholeControlChannelDecodesAndRoundTrips() throws {
        let messages = try controlMessages("rr-basic")
        var counts: [String: Int] = [:]
        var w = JSONWriter()
        for (_, bytes) in messages {
            let message = try OFMessage(parsing: bytes)
            #expect(message.emit() == bytes)
            try withView(bytes) { v in
                counts[v.header.type!.name, default: 0] += 1
                w.reset()
                v.writeJSON(into: &w)
                #expect(!v.summary.isEmpty)
            }
            #expect(w.bytes.first == UInt8(ascii: "{") && w.bytes.last == UInt8(ascii: "}"))
        }
        // Counted independently with tshark -e tcp.payload and a length walk.
        #expect(messages.count == 168)
        #expect(counts["PACKET_IN"] == 68)
        #expect(counts["PACKET_OUT"] == 31)
        #expect(counts["FLOW_MOD"] == 19)
        #expect(counts["BARRIER_REQUEST"] == 18)
        #expect(counts["BARRIER_REPLY"] == 18)
        #expect(counts["PORT_STATUS"] == 7)
        #expect(counts["FEATURES_REPLY"] == 1)
        #expect(counts["STATS_REPLY"] == 1)
    }
}
