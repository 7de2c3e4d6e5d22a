// Shared by the stream and replay fuzz targets: reads the fuzz input as a sequence of TCP
// segments of a few control connections (and some data-plane packets), so the fuzzer can
// reorder, overlap, drop and corrupt what the reassembler and the replay see.
import Wire

/// One segment as the input describes it.
struct FuzzSegment {
    /// Which of four switch-side connections (switch ports 40000...40003).
    var connection: Int
    /// True: switch → controller.
    var toController: Bool
    /// TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10).
    var flags: UInt8
    var sequenceNumber: UInt32
    var acknowledgmentNumber: UInt32
    /// Microseconds since the previous segment.
    var delay: UInt32
    /// A data-plane packet (client 10.0.0.3 → service 10.0.1.1:80 or back) rather than control traffic.
    var dataPlane: Bool
    var payload: Range<Int>
}

/// Layout per segment: `c` control byte (bits 0-1 connection, 2 direction, 3 data plane, 4 absolute seq),
/// `f` flags, `s` 2 bytes (seq offset from the direction's base, or with bit 4 the high half of an
/// absolute seq), `d` 1 byte delay (×1 ms), `n` 1 byte payload length; then n payload bytes.
/// The acknowledgment is the peer direction's highest sequence seen so far (so ACK-driven gap
/// declaration is exercised); a short tail is ignored.
func parseSegments(_ b: UnsafeRawBufferPointer, limit: Int = 512) -> [FuzzSegment] {
    var out: [FuzzSegment] = []
    var i = 0
    var base = [UInt32](repeating: 0, count: 8)
    for k in 0..<8 { base[k] = UInt32(1000 + 100_000 * k) }
    var highest = base
    while i + 6 <= b.count && out.count < limit {
        let c = b[i], f = b[i + 1]
        let s = UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
        let d = UInt32(b[i + 4]), n = Int(b[i + 5])
        i += 6
        let end = min(b.count, i + n)
        let conn = Int(c & 3), toController = c & 4 != 0
        let dir = conn * 2 + (toController ? 1 : 0)
        let seq = c & 0x10 != 0 ? s << 16 | s : base[dir] &+ s
        let peer = conn * 2 + (toController ? 0 : 1)
        out.append(FuzzSegment(connection: conn, toController: toController, flags: f, sequenceNumber: seq,
                               acknowledgmentNumber: highest[peer], delay: d * 1000, dataPlane: c & 8 != 0, payload: i..<end))
        let top = seq &+ UInt32(end - i)
        if top &- highest[dir] < 1 << 31 { highest[dir] = top }
        i = end
    }
    return out
}

let controllerIP = IPv4Address(127, 0, 0, 1)
let controllerPort: UInt16 = 6633

/// Appends an Ethernet/IPv4/TCP frame for the segment (checksums left zero: the decoders only
/// record whether they verify).
func appendFrame(_ s: FuzzSegment, payload: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    let src: (IPv4Address, UInt16), dst: (IPv4Address, UInt16)
    if s.dataPlane {
        let client = (IPv4Address(10, 0, 0, UInt8(3 + s.connection)), UInt16(50000 + s.connection))
        let service = (IPv4Address(10, 0, 1, 1), UInt16(80))
        (src, dst) = s.toController ? (service, client) : (client, service)
    } else {
        let sw = (controllerIP, UInt16(40000 + s.connection))
        let ctl = (controllerIP, controllerPort)
        (src, dst) = s.toController ? (sw, ctl) : (ctl, sw)
    }
    out += [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]
    out.appendU8(0x45); out.appendU8(0); out.appendU16(UInt16(40 + payload.count))
    out.appendU16(0); out.appendU16(0x4000); out.appendU8(64); out.appendU8(6); out.appendU16(0)
    out.appendU32(src.0.rawValue); out.appendU32(dst.0.rawValue)
    out.appendU16(src.1); out.appendU16(dst.1)
    out.appendU32(s.sequenceNumber); out.appendU32(s.acknowledgmentNumber)
    out.appendU8(0x50); out.appendU8(s.flags); out.appendU16(65535); out.appendU16(0); out.appendU16(0)
    out.append(contentsOf: payload)
}
