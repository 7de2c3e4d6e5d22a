import OpenFlow
import Wire

/// What the replay needs of the Ethernet frame a PACKET_IN or PACKET_OUT carries: its exact
/// OpenFlow match, its ARP fields when it is ARP, whether it is IPv4 TCP, and what was wrong with it.
///
/// Why not the `DecodedPacket` itself: every PACKET_IN and PACKET_OUT carries one, and building
/// its full representation (every layer, TCP options copied) and copying its 300-odd bytes through
/// each event was a tenth of `check`. Invariant: `CarriedPacket(frame:)` equals
/// `CarriedPacket(DecodedPacket.decode(linkType: 1, frame))` for any bytes; a plain untagged
/// IPv4 TCP frame is read by a fast path (`ReplayTests` hold the two to each other).
public struct CarriedPacket: Equatable, Sendable {
    /// The exact twelve-tuple with in_port 0 (`exactMatch(inPort:)` sets it); nil without an
    /// Ethernet header.
    public var match: OFMatch?
    public var arp: ARPRepr?
    /// Ethernet, IPv4 and TCP headers were all found (the packet may still be cut short: see `error`).
    public var isIPv4TCP: Bool
    public var error: WireError?
    /// The TCP header's flags, when there is one.
    public var tcpFlags: TCPFlags?

    /// The facts of a packet decoded in full.
    public init(_ p: DecodedPacket) {
        self.init(match: p.exactMatch(inPort: 0), arp: p.arp, isIPv4TCP: p.ipv4 != nil && p.tcp != nil, error: p.error,
                  tcpFlags: p.tcp?.flags)
    }

    /// The facts of the Ethernet frame `frame`: read straight from the bytes when it is plain
    /// untagged IPv4 TCP (nearly every PACKET_IN of a lab session), else decoded in full.
    public init(frame: UnsafeRawBufferPointer) {
        guard let tcp = DecodedPacket.ipv4TCP(linkType: 1, frame) else {
            self.init(DecodedPacket.decode(linkType: 1, frame, verifyingChecksums: false))
            return
        }
        // `ipv4TCP` answered, so the full decode is Ethernet (untagged) → IPv4 → TCP with no error:
        // its exact match is these fields, as `DecodedPacket.exactMatch` builds it.
        var m = OFMatch(wildcards: 0, inPort: 0)
        m.dlDst = MACAddress(rawValue: frame.u48(0))
        m.dlSrc = MACAddress(rawValue: frame.u48(6))
        m.dlVlan = 0xffff
        m.dlType = EtherType.ipv4
        m.nwTos = frame.u8(15) & 0xfc
        m.nwProto = IPProtocol.tcp
        m.nwSrc = tcp.source
        m.nwDst = tcp.destination
        m.tpSrc = tcp.sourcePort
        m.tpDst = tcp.destinationPort
        self.init(match: m, arp: nil, isIPv4TCP: true, error: nil, tcpFlags: tcp.flags)
    }

    public init(match: OFMatch?, arp: ARPRepr?, isIPv4TCP: Bool, error: WireError?, tcpFlags: TCPFlags? = nil) {
        self.match = match; self.arp = arp; self.isIPv4TCP = isIPv4TCP; self.error = error; self.tcpFlags = tcpFlags
    }

    /// A SYN without ACK: the packet that opens a connection (true when the flags are not known).
    public var opensConnection: Bool { tcpFlags.map { $0.contains(.syn) && !$0.contains(.ack) } ?? true }

    /// The packet's exact match as a controller builds it, with `in_port` set.
    public func exactMatch(inPort: UInt16) -> OFMatch? {
        guard var m = match else { return nil }
        m.inPort = inPort
        return m
    }
}
