import Capture
import OpenFlow
import Wire

/// The data plane as the lab's merged port captures show it (`dp.pcap`): a packet is recorded
/// as it entered the switch and, when the switch forwards it, again as it left (rewritten).
/// With no file (`data_plane: false`) frames are still built — PACKET_INs carry them — but not written.
final class DataPlaneWriter {
    private let out: MonotonicWriter?
    private(set) var frame = FrameBuilder()
    /// The time the switch takes to pass a packet along an installed entry.
    static let switchLatency: Int64 = 25

    init(path: String?) throws(ScenarioError) {
        out = try path.map { p throws(ScenarioError) in try MonotonicWriter(path: p) }
    }

    var framesWritten: Int { out?.writer.framesWritten ?? 0 }

    /// Builds `p` (kept in `frame.bytes` for a PACKET_IN) and records it entering the switch; returns its frame number.
    @discardableResult
    func entered(_ p: TCPPacket, payload: [UInt8] = [], at t: Int64) throws(ScenarioError) -> Int? {
        frame.tcp(p, payload: payload)
        return try out?.write(frame.bytes, at: t).frame
    }

    /// Records `p` leaving the switch (after its rewrite).
    @discardableResult
    func left(_ p: TCPPacket, payload: [UInt8] = [], at t: Int64) throws(ScenarioError) -> Int? {
        guard let out else { return nil }
        frame.tcp(p, payload: payload)
        return try out.write(frame.bytes, at: t).frame
    }

    /// Records an ARP frame once (entering or leaving); the bytes stay in `frame.bytes`.
    func arp(_ a: ARPRepr, srcMAC: MACAddress, dstMAC: MACAddress, at t: Int64, copies: Int = 1) throws(ScenarioError) {
        frame.arp(a, srcMAC: srcMAC, dstMAC: dstMAC)
        guard let out else { return }
        for i in 0..<copies { try out.write(frame.bytes, at: t + Int64(i) * 13) }
    }

    func close() throws(ScenarioError) { try out?.close() }
}

/// A packet after a FLOW_MOD's actions: the rewritten packet and the port it leaves by (nil: dropped).
func apply(_ actions: [OFAction], to p: TCPPacket) -> (packet: TCPPacket, port: UInt16?) {
    var q = p
    var port: UInt16?
    for a in actions {
        switch a {
        case .setDlSrc(let m): q.srcMAC = m
        case .setDlDst(let m): q.dstMAC = m
        case .setNwSrc(let ip): q.srcIP = ip
        case .setNwDst(let ip): q.dstIP = ip
        case .output(let o, _): port = port ?? o
        default: break
        }
    }
    return (q, port)
}
