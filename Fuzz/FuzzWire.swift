// libFuzzer target: every Wire decoder. The first byte picks the link type; the rest is a frame.
// DecodedPacket.decode, its JSON and summary, the IPv4 TCP fast path against it, then each view's `init(checking:)` → Repr → emit →
// parse again, which must give the same Repr (what a view accepts, its Repr can write back).
import Wire

private let linkTypes: [Int32] = [1, 113, 276, 0, 108, 101, 228, 229, 12, 14, 147]

nonisolated(unsafe) private var writer = JSONWriter(capacity: 1 << 12)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let all = UnsafeRawBufferPointer(start: data, count: size)
    let linkType = linkTypes[Int(all[0]) % linkTypes.count]
    let frame = UnsafeRawBufferPointer(rebasing: all[1...])

    let packet = DecodedPacket.decode(linkType: linkType, frame)
    precondition(packet.payload.lowerBound >= 0 && packet.payload.upperBound <= frame.count, "payload range outside the frame")
    if let n = packet.networkOffset { precondition(n >= 0 && n <= frame.count) }
    if let t = packet.transportOffset { precondition(t >= 0 && t <= frame.count) }
    writer.reset()
    writer.beginObject(); packet.writeJSON(into: &writer); writer.endObject()
    _ = packet.summary
    // The fast path answers exactly where the full decode is plain Ethernet/IPv4/TCP, with the same fields.
    precondition(DecodedPacket.ipv4TCP(linkType: linkType, frame) == IPv4TCPFields(packet),
                 "the IPv4 TCP fast path disagrees with the full decoder")

    // Each decoder on its own, at offset 0, so every view sees arbitrary bytes.
    roundTrips(frame)
    return 0
}

func roundTrips(_ b: UnsafeRawBufferPointer) {
    var out: [UInt8] = []
    if let f = try? EthernetFrame(checking: b) {
        let r = EthernetRepr(parsing: f)
        out.removeAll(); r.emit(into: &out)
        out.withUnsafeBytes { e in
            let again = try? EthernetFrame(checking: e)
            precondition(again.map { EthernetRepr(parsing: $0) } == r, "Ethernet emit does not parse back to the same Repr")
        }
    }
    if let p = try? ARPPacket(checking: b) {
        let r = ARPRepr(parsing: p)
        out.removeAll(); r.emit(into: &out)
        out.withUnsafeBytes { e in
            precondition((try? ARPPacket(checking: e)).map { ARPRepr(parsing: $0) } == r, "ARP emit does not parse back")
        }
    }
    if let p = try? IPv4Packet(checking: b) {
        let r = IPv4Repr(parsing: p)
        out.removeAll(); r.emit(into: &out)
        _ = r.bufferLength
    }
    if let p = try? IPv6Packet(checking: b) {
        if let r = try? IPv6Repr(parsing: p) { out.removeAll(); r.emit(into: &out) }
        let fixed = IPv6Repr(parsingFixedHeader: p)
        out.removeAll(); fixed.emit(into: &out)
    }
    if let s = try? TCPSegment(checking: b) {
        let r = TCPRepr(parsing: s)
        out.removeAll()
        r.emit(into: &out, payload: [], source: IPv4Address(rawValue: 0x0a000001), destination: IPv4Address(rawValue: 0x0a000002))
        out.withUnsafeBytes { e in
            let again = try? TCPSegment(checking: e)
            precondition(again != nil, "emitted TCP header does not check")
        }
    }
    if let d = try? UDPDatagram(checking: b) {
        let r = UDPRepr(parsing: d)
        out.removeAll()
        r.emit(into: &out, payload: [], source: IPv4Address(rawValue: 1), destination: IPv4Address(rawValue: 2))
    }
    if let p = try? ICMPPacket(checking: b) {
        let r = ICMPRepr(parsing: p)
        out.removeAll(); r.emit(into: &out, payload: [])
    }
    if let p = try? ICMPv6Packet(checking: b) {
        let r = ICMPv6Repr(parsing: p)
        out.removeAll()
        r.emit(into: &out, body: [], source: IPv6Address(high: 0, low: 1), destination: IPv6Address(high: 0, low: 2))
    }
    for version in [1, 2] {
        if let h = try? LinuxCookedHeader(checking: b, version: version) {
            let r = LinuxCookedRepr(parsing: h)
            out.removeAll(); r.emit(into: &out)
            out.withUnsafeBytes { e in
                precondition((try? LinuxCookedHeader(checking: e, version: version)).map { LinuxCookedRepr(parsing: $0) } == r,
                             "Linux cooked emit does not parse back")
            }
        }
    }
    for networkOrder in [false, true] {
        if let h = try? NullHeader(checking: b, networkOrder: networkOrder) {
            let r = NullRepr(parsing: h)
            out.removeAll(); r.emit(into: &out)
        }
    }
}
