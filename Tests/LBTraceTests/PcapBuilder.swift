import Foundation

/// Writes small classic pcap files by hand (a 24-byte header, then 16-byte record headers and
/// frames), for captures no lab would produce: thousands of unfinished control streams, a
/// message that never completes, a connection whose every packet reaches the controller.
struct PcapBuilder {
    private(set) var bytes: [UInt8] = []

    init(linkType: UInt32 = 1, snapshotLength: UInt32 = 65535) {
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(snapshotLength); le32(linkType)
    }

    /// Appends one record at `time` seconds (microsecond resolution).
    mutating func append(_ frame: [UInt8], at time: Double) {
        let micros = Int64((time * 1e6).rounded())
        le32(UInt32(micros / 1_000_000)); le32(UInt32(micros % 1_000_000))
        le32(UInt32(frame.count)); le32(UInt32(frame.count))
        bytes += frame
    }

    func write(to name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    private mutating func le16(_ v: UInt16) { bytes += [UInt8(v & 0xff), UInt8(v >> 8)] }
    private mutating func le32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(v >> UInt32(s) & 0xff)) } }
}

/// An IPv4 address as its four octets.
typealias IP = (UInt8, UInt8, UInt8, UInt8)

/// An Ethernet/IPv4/TCP frame (checksums zero: lbtrace records their validity, it does not need it).
func tcpFrame(from src: IP, _ sport: UInt16, to dst: IP, _ dport: UInt16, seq: UInt32, ack: UInt32 = 0,
              flags: UInt8, payload: [UInt8] = []) -> [UInt8] {
    var f: [UInt8] = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]
    let total = 40 + payload.count
    f += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 0, 0x40, 0, 64, 6, 0, 0]
    f += [src.0, src.1, src.2, src.3, dst.0, dst.1, dst.2, dst.3]
    f += be16(sport) + be16(dport) + be32(seq) + be32(ack) + [0x50, flags] + be16(65535) + [0, 0, 0, 0]
    return f + payload
}

/// An OpenFlow 1.0 PACKET_IN carrying `data` (no buffer, reason NO_MATCH).
func packetIn(xid: UInt32, inPort: UInt16, data: [UInt8]) -> [UInt8] {
    let length = 18 + data.count
    return [1, 10] + be16(UInt16(length)) + be32(xid) + be32(0xffff_ffff) + be16(UInt16(data.count)) + be16(inPort) + [0, 0] + data
}

func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }

let tcpSYN: UInt8 = 0x02, tcpACK: UInt8 = 0x10, tcpPSH: UInt8 = 0x08
