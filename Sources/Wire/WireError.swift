/// The protocol layer a decoding error belongs to.
public enum WireLayer: Hashable, Sendable, CustomStringConvertible {
    /// The link type itself (one lbtrace cannot decode).
    case link
    case ethernet, vlan, linuxCooked, null, rawIP
    case arp, ipv4, ipv6, ipv6Extension
    case tcp, tcpOption, udp, icmp, icmpv6

    /// Lower-case names, as tshark names the protocols where it has one.
    public var name: StaticString {
        switch self {
        case .link: "frame"
        case .ethernet: "eth"
        case .vlan: "vlan"
        case .linuxCooked: "sll"
        case .null: "null"
        case .rawIP: "raw"
        case .arp: "arp"
        case .ipv4: "ip"
        case .ipv6: "ipv6"
        case .ipv6Extension: "ipv6.ext"
        case .tcp: "tcp"
        case .tcpOption: "tcp.option"
        case .udp: "udp"
        case .icmp: "icmp"
        case .icmpv6: "icmpv6"
        }
    }

    public var description: String { name.description }
}

/// Why a header could not be decoded. Decoders return this instead of trapping.
///
/// `truncated` means the bytes ended before the header did (a short capture or a
/// snapshot length); `malformed` means the bytes are there but contradict themselves
/// (a length field smaller than the fixed header, an option length of zero, ...).
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncated(layer: WireLayer, needed: Int, available: Int)
    case malformed(layer: WireLayer, reason: StaticString)

    public var layer: WireLayer {
        switch self {
        case .truncated(let l, _, _), .malformed(let l, _): l
        }
    }

    public static func == (a: WireError, b: WireError) -> Bool {
        switch (a, b) {
        case let (.truncated(l1, n1, a1), .truncated(l2, n2, a2)):
            return l1 == l2 && n1 == n2 && a1 == a2
        case let (.malformed(l1, r1), .malformed(l2, r2)):
            // StaticString has no ==; compare the text.
            return l1 == l2 && r1.description == r2.description
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case let .truncated(layer, needed, available):
            "\(layer) truncated: needed \(needed) bytes, \(available) available"
        case let .malformed(layer, reason):
            "\(layer) malformed: \(reason)"
        }
    }
}

@inlinable @inline(__always)
func require(_ bytes: UnsafeRawBufferPointer, _ needed: Int, _ layer: WireLayer) throws(WireError) {
    if bytes.count < needed { throw .truncated(layer: layer, needed: needed, available: bytes.count) }
}
