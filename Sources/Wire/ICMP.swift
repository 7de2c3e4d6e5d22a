/// ICMP (v4) message types lbtrace names.
public enum ICMPType {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let echoRequest: UInt8 = 8
    public static let timeExceeded: UInt8 = 11

    /// tshark's wording, or nil.
    public static func name(_ type: UInt8) -> StaticString? {
        switch type {
        case 0: "Echo (ping) reply"
        case 3: "Destination unreachable"
        case 5: "Redirect"
        case 8: "Echo (ping) request"
        case 11: "Time-to-live exceeded"
        case 12: "Parameter problem"
        default: nil
        }
    }
}

/// A bounds-checked view of an ICMP message: type(1) code(1) checksum(2) rest-of-header(4) data.
/// Invariant after `init(checking:)`: the 8-byte header is present.
public struct ICMPPacket {
    private enum Field {
        static let type = 0, code = 1, checksum = 2, restOfHeader = 4
        static let headerLength = 8
    }

    public static let headerLength = Field.headerLength
    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.headerLength, .icmp)
    }

    public var type: UInt8 { bytes.u8(Field.type) }
    public var code: UInt8 { bytes.u8(Field.code) }
    public var checksum: UInt16 { bytes.u16(Field.checksum) }
    /// Identifier and sequence for echo, unused or type-specific otherwise.
    public var restOfHeader: UInt32 { bytes.u32(Field.restOfHeader) }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Field.headerLength...]) }

    public var verifyChecksum: Bool { InternetChecksum.finish(InternetChecksum.sum(bytes)) == 0 }
}

/// The parsed ICMP header.
public struct ICMPRepr: Hashable, Sendable {
    public var type: UInt8
    public var code: UInt8
    public var checksum: UInt16
    public var restOfHeader: UInt32

    public init(type: UInt8, code: UInt8 = 0, checksum: UInt16 = 0, restOfHeader: UInt32 = 0) {
        self.type = type; self.code = code; self.checksum = checksum; self.restOfHeader = restOfHeader
    }

    public init(parsing p: ICMPPacket) {
        self.init(type: p.type, code: p.code, checksum: p.checksum, restOfHeader: p.restOfHeader)
    }

    public var isEcho: Bool { type == ICMPType.echoRequest || type == ICMPType.echoReply }
    public var echoIdentifier: UInt16? { isEcho ? UInt16(restOfHeader >> 16) : nil }
    public var echoSequence: UInt16? { isEcho ? UInt16(truncatingIfNeeded: restOfHeader) : nil }
    public var name: StaticString? { ICMPType.name(type) }
    public var bufferLength: Int { ICMPPacket.headerLength }

    /// Appends header and `payload` with the checksum computed over both.
    public func emit(into out: inout [UInt8], payload: [UInt8]) {
        let start = out.count
        out.appendU8(type)
        out.appendU8(code)
        out.appendU16(0)
        out.appendU32(restOfHeader)
        out.append(contentsOf: payload)
        out.setU16(InternetChecksum.finish(InternetChecksum.sum(out, start..<out.count)), at: start + 2)
    }
}
