/// The link-layer header type of a capture (the LINKTYPE_ values of tcpdump.org,
/// as libpcap reports them through `pcap_datalink`).
public enum LinkType: Hashable, Sendable, CustomStringConvertible {
    case null          // 0: BSD loopback, a 4-byte host-order address family
    case ethernet      // 1
    case rawIP         // 101 (and DLT_RAW 12/14 on some systems): no link header, IPv4 or IPv6
    case ipv4          // 228: no link header, IPv4 only
    case linuxCooked   // 113: Linux "cooked" v1, 16-byte header
    case linuxCooked2  // 276: Linux "cooked" v2, 20-byte header, what `tcpdump -i any` writes
    case loop          // 108: OpenBSD loopback, network-order address family
    case other(Int32)

    public init(dlt: Int32) {
        switch dlt {
        case 0: self = .null
        case 1: self = .ethernet
        case 12, 14, 101: self = .rawIP
        case 228: self = .ipv4
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 108: self = .loop
        default: self = .other(dlt)
        }
    }

    /// The LINKTYPE_ number written into pcap file headers.
    public var linktypeValue: Int32 {
        switch self {
        case .null: 0
        case .ethernet: 1
        case .rawIP: 101
        case .ipv4: 228
        case .linuxCooked: 113
        case .linuxCooked2: 276
        case .loop: 108
        case .other(let v): v
        }
    }

    public var isSupported: Bool {
        if case .other = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .null: "null/loopback (0)"
        case .ethernet: "Ethernet (1)"
        case .rawIP: "raw IP (101)"
        case .ipv4: "raw IPv4 (228)"
        case .linuxCooked: "Linux cooked v1 (113)"
        case .linuxCooked2: "Linux cooked v2 (276)"
        case .loop: "OpenBSD loopback (108)"
        case .other(let v): "link type \(v)"
        }
    }
}
