/// The network protocol a link without EtherTypes announces.
public enum RawNetworkProtocol: Hashable, Sendable {
    case ipv4, ipv6, other

    /// BSD address families: 2 is AF_INET everywhere; AF_INET6 is 10 (Linux),
    /// 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS).
    public init(addressFamily af: UInt32) {
        switch af {
        case 2: self = .ipv4
        case 10, 24, 28, 30: self = .ipv6
        default: self = .other
        }
    }

    /// From the version nibble of a raw IP packet.
    public init(versionNibble v: UInt8) {
        switch v {
        case 4: self = .ipv4
        case 6: self = .ipv6
        default: self = .other
        }
    }

    public var etherType: UInt16? {
        switch self {
        case .ipv4: EtherType.ipv4
        case .ipv6: EtherType.ipv6
        case .other: nil
        }
    }
}

/// The 4-byte header of null/loopback (LINKTYPE 0, host byte order of the capturing
/// machine) and OpenBSD loop (LINKTYPE 108, network order).
///
/// For LINKTYPE 0 the byte order is not recorded, so — as Wireshark does — a value
/// above 0xffff read big-endian is taken to be byte-swapped (families are small numbers).
public struct NullHeader {
    public static let length = 4
    public let bytes: UnsafeRawBufferPointer
    public let networkOrder: Bool

    public init(unchecked bytes: UnsafeRawBufferPointer, networkOrder: Bool) {
        self.bytes = bytes; self.networkOrder = networkOrder
    }

    public init(checking bytes: UnsafeRawBufferPointer, networkOrder: Bool) throws(WireError) {
        self.init(unchecked: bytes, networkOrder: networkOrder)
        try require(bytes, Self.length, .null)
    }

    public var addressFamily: UInt32 {
        let be = bytes.u32(0)
        if networkOrder { return be }
        return be > 0xffff ? be.byteSwapped : be
    }

    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Self.length...]) }
}

/// The parsed null/loop header.
public struct NullRepr: Hashable, Sendable {
    public var addressFamily: UInt32
    public var networkOrder: Bool

    public init(addressFamily: UInt32, networkOrder: Bool) {
        self.addressFamily = addressFamily; self.networkOrder = networkOrder
    }

    public init(parsing h: NullHeader) { self.init(addressFamily: h.addressFamily, networkOrder: h.networkOrder) }

    public var network: RawNetworkProtocol { RawNetworkProtocol(addressFamily: addressFamily) }
    public var bufferLength: Int { NullHeader.length }

    /// Writes network order for LINKTYPE 108, little-endian for LINKTYPE 0 (the common host order).
    public func emit(into out: inout [UInt8]) {
        out.appendU32(networkOrder ? addressFamily : addressFamily.byteSwapped)
    }
}

/// Raw IP (LINKTYPE 101, 228, 229): no link header; the version nibble says which IP.
public enum RawIP {
    public static func network(of bytes: UnsafeRawBufferPointer) throws(WireError) -> RawNetworkProtocol {
        try require(bytes, 1, .rawIP)
        return RawNetworkProtocol(versionNibble: bytes.u8(0) >> 4)
    }
}
