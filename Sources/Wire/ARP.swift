/// A bounds-checked view of an ARP packet for Ethernet and IPv4 (RFC 826):
/// htype(2) ptype(2) hlen(1) plen(1) oper(2) sha(6) spa(4) tha(6) tpa(4).
///
/// `init(checking:)` also refuses other address sizes (hlen 6, plen 4 required),
/// because the fixed offsets below hold only for those.
public struct ARPPacket {
    private enum Field {
        static let hardwareType = 0, protocolType = 2, hardwareLength = 4, protocolLength = 5, operation = 6
        static let senderMAC = 8, senderIP = 14, targetMAC = 18, targetIP = 24
        static let length = 28
    }

    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.protocolLength + 1, .arp)
        guard hardwareLength == 6, protocolLength == 4 else {
            throw .malformed(layer: .arp, reason: "not Ethernet/IPv4 address sizes")
        }
        try require(bytes, Field.length, .arp)
    }

    public static let length = Field.length
    public var hardwareType: UInt16 { bytes.u16(Field.hardwareType) }
    public var protocolType: UInt16 { bytes.u16(Field.protocolType) }
    public var hardwareLength: UInt8 { bytes.u8(Field.hardwareLength) }
    public var protocolLength: UInt8 { bytes.u8(Field.protocolLength) }
    public var operation: UInt16 { bytes.u16(Field.operation) }
    public var senderMAC: MACAddress { MACAddress(rawValue: bytes.u48(Field.senderMAC)) }
    public var senderIP: IPv4Address { IPv4Address(rawValue: bytes.u32(Field.senderIP)) }
    public var targetMAC: MACAddress { MACAddress(rawValue: bytes.u48(Field.targetMAC)) }
    public var targetIP: IPv4Address { IPv4Address(rawValue: bytes.u32(Field.targetIP)) }
}

/// The parsed ARP packet.
public struct ARPRepr: Hashable, Sendable {
    public static let request: UInt16 = 1
    public static let reply: UInt16 = 2

    public var hardwareType: UInt16
    public var protocolType: UInt16
    public var operation: UInt16
    public var senderMAC: MACAddress
    public var senderIP: IPv4Address
    public var targetMAC: MACAddress
    public var targetIP: IPv4Address

    public init(hardwareType: UInt16 = 1, protocolType: UInt16 = EtherType.ipv4, operation: UInt16,
                senderMAC: MACAddress, senderIP: IPv4Address, targetMAC: MACAddress, targetIP: IPv4Address) {
        self.hardwareType = hardwareType; self.protocolType = protocolType; self.operation = operation
        self.senderMAC = senderMAC; self.senderIP = senderIP; self.targetMAC = targetMAC; self.targetIP = targetIP
    }

    public init(parsing p: ARPPacket) {
        self.init(hardwareType: p.hardwareType, protocolType: p.protocolType, operation: p.operation,
                  senderMAC: p.senderMAC, senderIP: p.senderIP, targetMAC: p.targetMAC, targetIP: p.targetIP)
    }

    public var bufferLength: Int { ARPPacket.length }

    public func emit(into out: inout [UInt8]) {
        out.appendU16(hardwareType)
        out.appendU16(protocolType)
        out.appendU8(6)
        out.appendU8(4)
        out.appendU16(operation)
        senderMAC.emit(into: &out)
        senderIP.emit(into: &out)
        targetMAC.emit(into: &out)
        targetIP.emit(into: &out)
    }
}
