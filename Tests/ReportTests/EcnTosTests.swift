import Capture
import Foundation
import Replay
import Report
import Testing

/// A client packet with ECN bits in its ToS byte (ECT(0): 0x02). POX answers with a FLOW_MOD whose
/// nw_tos is the whole byte; an OpenFlow 1.0 switch matches only the DSCP bits. rr-basic's real
/// bytes, with the first connection's PACKET_IN (frame 76), and the FLOW_MOD and PACKET_OUT that
/// answer it (frame 77), changed as POX would have sent them: the controller did its job.
@Suite struct EcnTosTests {
    /// Sets byte `offset` of the OpenFlow messages of `frame` (an Ethernet/IPv4/TCP frame) for each
    /// message `edit` names by type: edit(type) is the offset within that message, or nil.
    private func setTos(_ frame: inout [UInt8], at edit: (_ message: ArraySlice<UInt8>) -> Int?) {
        let ihl = Int(frame[14] & 0x0f) * 4
        let tcp = 14 + ihl
        var i = tcp + Int(frame[tcp + 12] >> 4) * 4
        while i + 8 <= frame.count {
            let length = Int(frame[i + 2]) << 8 | Int(frame[i + 3])
            if let offset = edit(frame[i..<(i + length)]) { frame[i + offset] = 0x02 }
            i += length
        }
    }

    @Test func ecnBitsInThePacketAndTheFlowModPair() throws {
        let source = "\(fixtures)/rr-basic/of.pcap"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecn-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CaptureReader(path: source)
        let writer = try CaptureWriter(path: path)
        while let f = try reader.next() {
            var bytes = Array(f.bytes)
            if f.number == 76 {
                // PACKET_IN (type 10): the packet starts at 18; its IPv4 ToS is byte 15 of it.
                setTos(&bytes) { m in m[m.startIndex + 1] == 10 ? 18 + 15 : nil }
            } else if f.number == 77 {
                // FLOW_MOD (14): the match's nw_tos is at 8 + 24. PACKET_OUT (13): the packet
                // follows its 16 bytes and its actions.
                setTos(&bytes) { m in
                    let b = m.startIndex
                    if m[b + 1] == 14 { return 32 }
                    if m[b + 1] == 13 { return 16 + (Int(m[b + 14]) << 8 | Int(m[b + 15])) + 15 }
                    return nil
                }
            }
            try writer.write(bytes, timestamp: f.timestamp, originalLength: f.originalLength)
        }
        try writer.close()
        let report = LabChecks.evaluate(try SessionReplay.run(SessionSources.expand([path])))
        for id in ["forward-rewrite", "first-packet", "round-robin", "reverse-rewrite"] {
            #expect(report.checks.first { $0.id == id }?.status == .pass, "\(id): \(report.checks.first { $0.id == id }?.findings.map(\.message) ?? [])")
        }
        #expect(report.connections.count == 4)
    }
}
