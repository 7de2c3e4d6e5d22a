import Wire

/// An OpenFlow match in version-neutral form: the OpenFlow 1.0 twelve-tuple
/// with its wildcard bits (`ofp_match`, spec 1.0.0 §5.2.3).
///
/// Invariant: a field whose wildcard bit is set (or, for `nwSrc`/`nwDst`,
/// whose low bits are masked by the CIDR wildcard count) is ignored by
/// `matches` and is not printed; its stored value is kept as it came off the
/// wire so that re-emitting gives the same bytes.
public struct OFMatch: Hashable, Sendable {
    public var wildcards: UInt32
    public var inPort: UInt16
    public var dlSrc: MACAddress
    public var dlDst: MACAddress
    public var dlVlan: UInt16
    public var dlVlanPcp: UInt8
    public var dlType: UInt16
    public var nwTos: UInt8
    public var nwProto: UInt8
    public var nwSrc: IPv4Address
    public var nwDst: IPv4Address
    public var tpSrc: UInt16
    public var tpDst: UInt16

    public init(wildcards: UInt32 = Wildcards.all, inPort: UInt16 = 0, dlSrc: MACAddress = .zero, dlDst: MACAddress = .zero,
                dlVlan: UInt16 = 0, dlVlanPcp: UInt8 = 0, dlType: UInt16 = 0, nwTos: UInt8 = 0, nwProto: UInt8 = 0,
                nwSrc: IPv4Address = .any, nwDst: IPv4Address = .any, tpSrc: UInt16 = 0, tpDst: UInt16 = 0) {
        self.wildcards = wildcards; self.inPort = inPort; self.dlSrc = dlSrc; self.dlDst = dlDst
        self.dlVlan = dlVlan; self.dlVlanPcp = dlVlanPcp; self.dlType = dlType; self.nwTos = nwTos
        self.nwProto = nwProto; self.nwSrc = nwSrc; self.nwDst = nwDst; self.tpSrc = tpSrc; self.tpDst = tpDst
    }

    /// The `OFPFW_*` bits of OpenFlow 1.0.
    public enum Wildcards {
        public static let inPort: UInt32 = 1 << 0
        public static let dlVlan: UInt32 = 1 << 1
        public static let dlSrc: UInt32 = 1 << 2
        public static let dlDst: UInt32 = 1 << 3
        public static let dlType: UInt32 = 1 << 4
        public static let nwProto: UInt32 = 1 << 5
        public static let tpSrc: UInt32 = 1 << 6
        public static let tpDst: UInt32 = 1 << 7
        public static let nwSrcShift: UInt32 = 8
        public static let nwSrcMask: UInt32 = 0x3f << 8
        public static let nwDstShift: UInt32 = 14
        public static let nwDstMask: UInt32 = 0x3f << 14
        public static let dlVlanPcp: UInt32 = 1 << 20
        public static let nwTos: UInt32 = 1 << 21
        /// `OFPFW_ALL`: every field wildcarded.
        public static let all: UInt32 = (1 << 22) - 1
    }

    /// How many low bits of nw_src are ignored (0 = exact, ≥32 = all).
    public var nwSrcIgnoredBits: Int { Int((wildcards & Wildcards.nwSrcMask) >> Wildcards.nwSrcShift) }
    /// How many low bits of nw_dst are ignored (0 = exact, ≥32 = all).
    public var nwDstIgnoredBits: Int { Int((wildcards & Wildcards.nwDstMask) >> Wildcards.nwDstShift) }

    /// Whether the field with wildcard bit `bit` takes part in matching.
    @inlinable public func isExact(_ bit: UInt32) -> Bool { wildcards & bit == 0 }

    /// The nw_src prefix length that is matched (32 = exact, 0 = any).
    public var nwSrcPrefixLength: Int { max(0, 32 - min(32, nwSrcIgnoredBits)) }
    /// The nw_dst prefix length that is matched (32 = exact, 0 = any).
    public var nwDstPrefixLength: Int { max(0, 32 - min(32, nwDstIgnoredBits)) }
}

/// An OpenFlow action in version-neutral form (`ofp_action_*`, spec 1.0.0 §5.2.4).
public enum OFAction: Hashable, Sendable {
    case output(port: UInt16, maxLen: UInt16)
    case setVlanVid(UInt16)
    case setVlanPcp(UInt8)
    case stripVlan
    case setDlSrc(MACAddress)
    case setDlDst(MACAddress)
    case setNwSrc(IPv4Address)
    case setNwDst(IPv4Address)
    case setNwTos(UInt8)
    case setTpSrc(UInt16)
    case setTpDst(UInt16)
    case enqueue(port: UInt16, queueId: UInt32)
    /// `OFPAT_VENDOR`: the vendor id and the bytes after it.
    case vendor(vendor: UInt32, body: [UInt8])
    /// An action type this version does not define: its type and the bytes after the 4-byte header.
    case unknown(type: UInt16, body: [UInt8])
}

/// Special port numbers of OpenFlow 1.0 (`ofp_port`).
public enum OFPort {
    public static let max: UInt16 = 0xff00
    public static let inPort: UInt16 = 0xfff8
    public static let table: UInt16 = 0xfff9
    public static let normal: UInt16 = 0xfffa
    public static let flood: UInt16 = 0xfffb
    public static let all: UInt16 = 0xfffc
    public static let controller: UInt16 = 0xfffd
    public static let local: UInt16 = 0xfffe
    public static let none: UInt16 = 0xffff

    /// The spec's name for a special port (`OFPP_FLOOD` → "FLOOD"), nil for a physical port.
    /// (A short String: no allocation.)
    public static func name(_ port: UInt16) -> String? { nameText(port)?.description }

    /// `name` as a literal, for the writers.
    public static func nameText(_ port: UInt16) -> StaticString? {
        switch port {
        case inPort: "IN_PORT"
        case table: "TABLE"
        case normal: "NORMAL"
        case flood: "FLOOD"
        case all: "ALL"
        case controller: "CONTROLLER"
        case local: "LOCAL"
        case none: "NONE"
        default: nil
        }
    }
}
