/// How Linux saw a packet captured on the "any" device (the sll packet type).
public enum PacketDirection: UInt16, Hashable, Sendable {
    case toUs = 0, broadcast = 1, multicast = 2, otherHost = 3, outgoing = 4

    /// tshark's wording of `sll.pkttype`.
    public var name: StaticString {
        switch self {
        case .toUs: "Unicast to us"
        case .broadcast: "Broadcast"
        case .multicast: "Multicast"
        case .otherHost: "Unicast to another host"
        case .outgoing: "Sent by us"
        }
    }
}

/// A bounds-checked view of a Linux cooked header, v1 (LINKTYPE 113, 16 bytes) or
/// v2 (LINKTYPE 276, 20 bytes), the two layouts `tcpdump -i any` writes.
///
/// v1: packet type(2) ARPHRD(2) address length(2) address(8) protocol(2).
/// v2: protocol(2) reserved(2) interface index(4) ARPHRD(2) packet type(1) address length(1) address(8).
/// Invariant after `init(checking:)`: `bytes.count >= headerLength`.
public struct LinuxCookedHeader {
    private enum V1 {
        static let packetType = 0, arphrd = 2, addressLength = 4, address = 6, proto = 14, length = 16
    }
    private enum V2 {
        static let proto = 0, interfaceIndex = 4, arphrd = 8, packetType = 10, addressLength = 11, address = 12, length = 20
    }

    public let bytes: UnsafeRawBufferPointer
    /// 1 or 2.
    public let version: Int

    public init(unchecked bytes: UnsafeRawBufferPointer, version: Int) {
        self.bytes = bytes; self.version = version == 2 ? 2 : 1
    }

    public init(checking bytes: UnsafeRawBufferPointer, version: Int) throws(WireError) {
        self.init(unchecked: bytes, version: version)
        try require(bytes, headerLength, .linuxCooked)
    }

    public var headerLength: Int { version == 2 ? V2.length : V1.length }
    public var packetType: UInt16 { version == 2 ? UInt16(bytes.u8(V2.packetType)) : bytes.u16(V1.packetType) }
    public var arphrdType: UInt16 { bytes.u16(version == 2 ? V2.arphrd : V1.arphrd) }
    public var addressLength: UInt16 { version == 2 ? UInt16(bytes.u8(V2.addressLength)) : bytes.u16(V1.addressLength) }
    /// All eight address bytes, first byte most significant (unused bytes as captured).
    public var addressField: UInt64 { bytes.u64(version == 2 ? V2.address : V1.address) }
    /// The protocol: an EtherType for ordinary frames.
    public var protocolType: UInt16 { bytes.u16(version == 2 ? V2.proto : V1.proto) }
    /// v2 only.
    public var interfaceIndex: UInt32? { version == 2 ? bytes.u32(V2.interfaceIndex) : nil }
    /// v2's reserved field (kept so emit round-trips).
    public var reserved: UInt16 { version == 2 ? bytes.u16(2) : 0 }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[headerLength...]) }
}

/// The parsed cooked header.
public struct LinuxCookedRepr: Hashable, Sendable {
    public var version: Int
    public var packetType: UInt16
    public var arphrdType: UInt16
    public var addressLength: UInt16
    public var addressField: UInt64
    public var protocolType: UInt16
    public var interfaceIndex: UInt32?
    public var reserved: UInt16 = 0

    public init(version: Int, packetType: UInt16, arphrdType: UInt16 = 1, addressLength: UInt16 = 6,
                addressField: UInt64, protocolType: UInt16, interfaceIndex: UInt32? = nil) {
        self.version = version; self.packetType = packetType; self.arphrdType = arphrdType
        self.addressLength = addressLength; self.addressField = addressField
        self.protocolType = protocolType; self.interfaceIndex = interfaceIndex
    }

    public init(parsing h: LinuxCookedHeader) {
        self.init(version: h.version, packetType: h.packetType, arphrdType: h.arphrdType, addressLength: h.addressLength,
                  addressField: h.addressField, protocolType: h.protocolType, interfaceIndex: h.interfaceIndex)
        reserved = h.reserved
    }

    public var direction: PacketDirection? { PacketDirection(rawValue: packetType) }

    /// The link-layer source as a MAC, when it is one (ARPHRD_ETHER, 6 bytes).
    public var sourceMAC: MACAddress? {
        guard arphrdType == 1, addressLength == 6 else { return nil }
        return MACAddress(rawValue: addressField >> 16)
    }

    public var bufferLength: Int { version == 2 ? 20 : 16 }

    public func emit(into out: inout [UInt8]) {
        if version == 2 {
            out.appendU16(protocolType)
            out.appendU16(reserved)
            out.appendU32(interfaceIndex ?? 0)
            out.appendU16(arphrdType)
            out.appendU8(UInt8(truncatingIfNeeded: packetType))
            out.appendU8(UInt8(truncatingIfNeeded: addressLength))
            out.appendU64(addressField)
        } else {
            out.appendU16(packetType)
            out.appendU16(arphrdType)
            out.appendU16(addressLength)
            out.appendU64(addressField)
            out.appendU16(protocolType)
        }
    }
}
