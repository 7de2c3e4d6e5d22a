/// ICMPv6 message types lbtrace names (RFC 4443, 4861, 3810).
public enum ICMPv6Type {
    public static let echoRequest: UInt8 = 128, echoReply: UInt8 = 129
    public static let routerSolicitation: UInt8 = 133, routerAdvertisement: UInt8 = 134
    public static let neighborSolicitation: UInt8 = 135, neighborAdvertisement: UInt8 = 136
    public static let mldv2Report: UInt8 = 143

    /// tshark's wording, or nil for a type lbtrace does not name.
    public static func name(_ type: UInt8) -> StaticString? {
        switch type {
        case 1: "Destination Unreachable"
        case 2: "Packet Too Big"
        case 3: "Time Exceeded"
        case 4: "Parameter Problem"
        case 128: "Echo (ping) request"
        case 129: "Echo (ping) reply"
        case 130: "Multicast Listener Query"
        case 131: "Multicast Listener Report"
        case 132: "Multicast Listener Done"
        case 133: "Router Solicitation"
        case 134: "Router Advertisement"
        case 135: "Neighbor Solicitation"
        case 136: "Neighbor Advertisement"
        case 137: "Redirect"
        case 143: "Multicast Listener Report Message v2"
        default: nil
        }
    }
}

/// A bounds-checked view of an ICMPv6 message: type(1) code(1) checksum(2) body.
/// Invariant after `init(checking:)`: at least the 4-byte header is present.
public struct ICMPv6Packet {
    private enum Field {
        static let type = 0, code = 1, checksum = 2, body = 4
        /// NS and NA carry a reserved word then the target address.
        static let target = 8
        static let echoIdentifier = 4, echoSequence = 6
    }

    public static let headerLength = Field.body
    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.body, .icmpv6)
    }

    public var type: UInt8 { bytes.u8(Field.type) }
    public var code: UInt8 { bytes.u8(Field.code) }
    public var checksum: UInt16 { bytes.u16(Field.checksum) }
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Field.body...]) }

    /// The target of a neighbour solicitation or advertisement, when present.
    public var target: IPv6Address? {
        guard type == ICMPv6Type.neighborSolicitation || type == ICMPv6Type.neighborAdvertisement else { return nil }
        return IPv6Address(bytes: bytes, at: Field.target)
    }

    /// Identifier and sequence of an echo request or reply, when present.
    public var echo: (identifier: UInt16, sequence: UInt16)? {
        guard type == ICMPv6Type.echoRequest || type == ICMPv6Type.echoReply, bytes.count >= 8 else { return nil }
        return (bytes.u16(Field.echoIdentifier), bytes.u16(Field.echoSequence))
    }

    /// Checks the checksum over the pseudo-header and the whole message.
    public func verifyChecksum(source: IPv6Address, destination: IPv6Address) -> Bool {
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   nextHeader: IPProtocol.icmpv6, length: bytes.count)
        return InternetChecksum.finish(InternetChecksum.sum(bytes, initial: pseudo)) == 0
    }
}

/// The parsed ICMPv6 header (the body stays in the packet: it is payload).
public struct ICMPv6Repr: Hashable, Sendable {
    public var type: UInt8
    public var code: UInt8
    public var checksum: UInt16
    public var target: IPv6Address?
    public var echoIdentifier: UInt16?
    public var echoSequence: UInt16?

    public init(type: UInt8, code: UInt8 = 0, checksum: UInt16 = 0, target: IPv6Address? = nil) {
        self.type = type; self.code = code; self.checksum = checksum; self.target = target
    }

    public init(parsing p: ICMPv6Packet) {
        self.init(type: p.type, code: p.code, checksum: p.checksum, target: p.target)
        if let e = p.echo { echoIdentifier = e.identifier; echoSequence = e.sequence }
    }

    public var name: StaticString? { ICMPv6Type.name(type) }
    public var bufferLength: Int { ICMPv6Packet.headerLength }

    /// Appends type, code, checksum and `body` (everything after the checksum), the
    /// checksum computed over the IPv6 pseudo-header.
    public func emit(into out: inout [UInt8], body: [UInt8], source: IPv6Address, destination: IPv6Address) {
        let start = out.count
        out.appendU8(type)
        out.appendU8(code)
        out.appendU16(0)
        out.append(contentsOf: body)
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   nextHeader: IPProtocol.icmpv6, length: out.count - start)
        out.setU16(InternetChecksum.finish(InternetChecksum.sum(out, start..<out.count, initial: pseudo)), at: start + 2)
    }
}
