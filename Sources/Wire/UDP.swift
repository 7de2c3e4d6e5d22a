/// A bounds-checked view of a UDP header (RFC 768).
///
/// Invariants after `init(checking:)`: the 8-byte header is present and the length
/// field is at least 8. `payload` stops at the length field or the bytes' end.
public struct UDPDatagram {
    private enum Field {
        static let sourcePort = 0, destinationPort = 2, length = 4, checksum = 6
        static let headerLength = 8
    }

    public static let headerLength = Field.headerLength
    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.headerLength, .udp)
        guard length >= Field.headerLength else { throw .malformed(layer: .udp, reason: "length < 8") }
    }

    public var sourcePort: UInt16 { bytes.u16(Field.sourcePort) }
    public var destinationPort: UInt16 { bytes.u16(Field.destinationPort) }
    /// Header plus payload, as the length field says.
    public var length: Int { Int(bytes.u16(Field.length)) }
    public var checksum: UInt16 { bytes.u16(Field.checksum) }
    public var isTruncated: Bool { length > bytes.count }
    public var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Field.headerLength..<min(length, bytes.count)])
    }

    /// True also when the sender left the checksum out (zero).
    public func verifyChecksum(source: IPv4Address, destination: IPv4Address) -> Bool {
        guard checksum != 0 else { return true }
        let whole = UnsafeRawBufferPointer(rebasing: bytes[..<min(length, bytes.count)])
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   protocol: IPProtocol.udp, length: length)
        return InternetChecksum.finish(InternetChecksum.sum(whole, initial: pseudo)) == 0
    }
}

/// The parsed UDP header.
public struct UDPRepr: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// As the length field says, less the header.
    public var payloadLength: Int
    public var checksum: UInt16

    public init(sourcePort: UInt16, destinationPort: UInt16, payloadLength: Int = 0, checksum: UInt16 = 0) {
        self.sourcePort = sourcePort; self.destinationPort = destinationPort
        self.payloadLength = payloadLength; self.checksum = checksum
    }

    public init(parsing d: UDPDatagram) {
        self.init(sourcePort: d.sourcePort, destinationPort: d.destinationPort,
                  payloadLength: d.length - UDPDatagram.headerLength, checksum: d.checksum)
    }

    public var bufferLength: Int { UDPDatagram.headerLength + payloadLength }

    /// Appends header and `payload` with length and checksum computed (a computed zero is sent as 0xffff).
    public func emit(into out: inout [UInt8], payload: [UInt8], source: IPv4Address, destination: IPv4Address) {
        let start = out.count
        let length = UDPDatagram.headerLength + payload.count
        out.appendU16(sourcePort)
        out.appendU16(destinationPort)
        out.appendU16(UInt16(truncatingIfNeeded: length))
        out.appendU16(0)
        out.append(contentsOf: payload)
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   protocol: IPProtocol.udp, length: length)
        let sum = InternetChecksum.finish(InternetChecksum.sum(out, start..<out.count, initial: pseudo))
        out.setU16(sum == 0 ? 0xffff : sum, at: start + 6)
    }
}
