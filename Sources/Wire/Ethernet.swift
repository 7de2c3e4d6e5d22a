/// EtherType values lbtrace names. Anything else is kept as a number.
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88a8
    public static let ipv6: UInt16 = 0x86dd

    /// Whether `v` introduces an 802.1Q / 802.1ad tag.
    @inlinable public static func isTagProtocol(_ v: UInt16) -> Bool { v == vlan || v == qinq }
}

/// One 802.1Q / 802.1ad tag: the TPID that introduced it and the TCI's fields.
public struct VLANTag: Hashable, Sendable {
    public var tpid: UInt16
    /// Priority code point, 0...7.
    public var pcp: UInt8
    /// Drop eligible indicator.
    public var dei: Bool
    /// VLAN identifier, 0...4095.
    public var vid: UInt16

    public init(tpid: UInt16 = EtherType.vlan, pcp: UInt8 = 0, dei: Bool = false, vid: UInt16) {
        self.tpid = tpid; self.pcp = pcp & 7; self.dei = dei; self.vid = vid & 0xfff
    }

    public init(tpid: UInt16, tci: UInt16) {
        self.init(tpid: tpid, pcp: UInt8(tci >> 13), dei: tci & 0x1000 != 0, vid: tci & 0xfff)
    }

    public var tci: UInt16 { UInt16(pcp) << 13 | (dei ? 0x1000 : 0) | vid }
}

/// At most two VLAN tags (outer first), held inline: a frame with QinQ has two,
/// and lbtrace refuses more rather than allocating.
public struct VLANTags: Hashable, Sendable {
    public var outer: VLANTag?
    public var inner: VLANTag?

    public init(outer: VLANTag? = nil, inner: VLANTag? = nil) {
        self.outer = outer
        self.inner = outer == nil ? nil : inner
    }

    public var count: Int { outer == nil ? 0 : (inner == nil ? 1 : 2) }
    public var isEmpty: Bool { outer == nil }
}

/// A bounds-checked view of an Ethernet II header with up to two VLAN tags.
///
/// Invariant after `init(checking:)`: `bytes.count >= headerLength`, so no accessor traps.
public struct EthernetFrame {
    private enum Field {
        static let destination = 0
        static let source = 6
        static let firstType = 12
        static let baseLength = 14
        static let tagLength = 4
    }

    public let bytes: UnsafeRawBufferPointer
    /// Tags found before the EtherType (0, 1 or 2).
    public let tagCount: Int

    /// Does not check the length; the tag walk itself never reads past the end.
    public init(unchecked bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        var n = 0
        var at = Field.firstType
        while n < 2, at + 2 <= bytes.count, EtherType.isTagProtocol(bytes.u16(at)) {
            n += 1
            at += Field.tagLength
        }
        tagCount = n
    }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try checkLength()
    }

    public func checkLength() throws(WireError) {
        try require(bytes, Field.baseLength, .ethernet)
        try require(bytes, headerLength, .vlan)
        if tagCount == 2 && EtherType.isTagProtocol(etherType) {
            throw .malformed(layer: .vlan, reason: "more than two VLAN tags")
        }
    }

    public var headerLength: Int { Field.baseLength + Field.tagLength * tagCount }
    public var destination: MACAddress { MACAddress(rawValue: bytes.u48(Field.destination)) }
    public var source: MACAddress { MACAddress(rawValue: bytes.u48(Field.source)) }
    /// The EtherType after the tags.
    public var etherType: UInt16 { bytes.u16(headerLength - 2) }

    public var tags: VLANTags {
        func tag(_ i: Int) -> VLANTag? {
            guard i < tagCount else { return nil }
            let at = Field.firstType + Field.tagLength * i
            return VLANTag(tpid: bytes.u16(at), tci: bytes.u16(at + 2))
        }
        return VLANTags(outer: tag(0), inner: tag(1))
    }

    /// The bytes after the header (including any trailer padding).
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[headerLength...]) }
}

/// The parsed Ethernet header.
public struct EthernetRepr: Hashable, Sendable {
    public var destination: MACAddress
    public var source: MACAddress
    public var vlan: VLANTags
    public var etherType: UInt16

    public init(destination: MACAddress, source: MACAddress, vlan: VLANTags = VLANTags(), etherType: UInt16) {
        self.destination = destination; self.source = source; self.vlan = vlan; self.etherType = etherType
    }

    public init(parsing frame: EthernetFrame) {
        self.init(destination: frame.destination, source: frame.source, vlan: frame.tags, etherType: frame.etherType)
    }

    public var bufferLength: Int { 14 + 4 * vlan.count }

    public func emit(into out: inout [UInt8]) {
        destination.emit(into: &out)
        source.emit(into: &out)
        if let tag = vlan.outer { out.appendU16(tag.tpid); out.appendU16(tag.tci) }
        if let tag = vlan.inner { out.appendU16(tag.tpid); out.appendU16(tag.tci) }
        out.appendU16(etherType)
    }
}
