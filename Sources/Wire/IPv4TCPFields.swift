/// The fields of an IPv4 TCP segment that stream reassembly and a summary line need, read
/// straight from an untagged Ethernet frame in a handful of loads.
///
/// A control-channel capture is almost all such frames, and `DecodedPacket.decode` builds every
/// layer's full Repr (options copied, VLAN tags walked) that reassembly never reads: a tenth of
/// `check` and of `decode`. Callers try `DecodedPacket.ipv4TCP` first and decode fully when it
/// answers nil.
///
/// Invariant: `DecodedPacket.ipv4TCP(linkType:_:)` answers only when `DecodedPacket.decode` of the
/// same bytes finds Ethernet → IPv4 → TCP with no error, not a fragment and not truncated; and
/// then every field here equals the decoded one (`WireTests` and the wire fuzz target hold it to that).
public struct IPv4TCPFields: Equatable, Sendable {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    /// The TCP payload, as offsets into the frame (link padding past the IP length excluded).
    public var payload: Range<Int>

    public init(source: IPv4Address, destination: IPv4Address, sourcePort: UInt16, destinationPort: UInt16,
                sequenceNumber: UInt32, acknowledgmentNumber: UInt32, flags: TCPFlags, window: UInt16,
                payload: Range<Int>) {
        self.source = source; self.destination = destination
        self.sourcePort = sourcePort; self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber; self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags; self.window = window; self.payload = payload
    }

    /// The same fields taken from a full decode; nil when the decode is not one `ipv4TCP` would answer for.
    public init?(_ p: DecodedPacket) {
        guard case .ethernet(let e) = p.link, e.vlan.isEmpty, let ip = p.ipv4, let tcp = p.tcp, p.error == nil,
              !ip.isFragment else { return nil }
        self.init(source: ip.source, destination: ip.destination, sourcePort: tcp.sourcePort,
                  destinationPort: tcp.destinationPort, sequenceNumber: tcp.sequenceNumber,
                  acknowledgmentNumber: tcp.acknowledgmentNumber, flags: tcp.flags, window: tcp.window,
                  payload: p.payload)
    }
}

extension DecodedPacket {
    /// The IPv4 TCP fields of an untagged Ethernet frame (LINKTYPE 1), or nil for anything else:
    /// another link type, VLAN tags, not IPv4 or not TCP, IPv4 options longer than the header
    /// allows, a fragment, a length field that does not fit, a packet cut short by the snapshot
    /// length. Nil means "decode it fully", never "bad": the full decoder names what it finds.
    @inlinable
    public static func ipv4TCP(linkType: Int32, _ frame: UnsafeRawBufferPointer) -> IPv4TCPFields? {
        // Ethernet: 14 bytes, EtherType IPv4 (a tag protocol here means tags: not ours).
        guard linkType == 1, frame.count >= 14 + 20, frame.u16(12) == EtherType.ipv4 else { return nil }
        let versionIHL = frame.u8(14)
        let ipHeader = Int(versionIHL & 0xf) * 4
        let totalLength = Int(frame.u16(16))
        // Version 4, IHL ≥ 5, the header inside the total length, the total length inside the frame
        // (not truncated), protocol TCP, neither more fragments nor an offset.
        guard versionIHL >> 4 == 4, ipHeader >= 20, totalLength >= ipHeader, 14 + totalLength <= frame.count,
              frame.u8(23) == IPProtocol.tcp, frame.u16(20) & 0x3fff == 0 else { return nil }
        let t = 14 + ipHeader
        let end = 14 + totalLength
        // TCP: 20 bytes at least, data offset ≥ 5 and inside the segment.
        guard end - t >= 20 else { return nil }
        let tcpHeader = Int(frame.u8(t + 12) >> 4) * 4
        guard tcpHeader >= 20, t + tcpHeader <= end else { return nil }
        return IPv4TCPFields(
            source: IPv4Address(rawValue: frame.u32(26)), destination: IPv4Address(rawValue: frame.u32(30)),
            sourcePort: frame.u16(t), destinationPort: frame.u16(t + 2),
            sequenceNumber: frame.u32(t + 4), acknowledgmentNumber: frame.u32(t + 8),
            flags: TCPFlags(rawValue: frame.u8(t + 13)), window: frame.u16(t + 14),
            payload: t + tcpHeader..<end)
    }
}
