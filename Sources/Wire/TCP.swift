/// A bounds-checked view of a TCP header (RFC 9293).
///
/// Invariants after `init(checking:)`: `5 <= data offset` and the whole header with
/// its options is in `bytes`, so no accessor traps. `bytes` is the segment as far as
/// the IP layer delivered it; the payload may be cut short by a snapshot length.
public struct TCPSegment {
    private enum Field {
        static let sourcePort = 0, destinationPort = 2, sequence = 4, acknowledgment = 8
        static let dataOffset = 12, flags = 13, window = 14, checksum = 16, urgent = 18
        static let minimumLength = 20
    }

    public static let minimumHeaderLength = Field.minimumLength
    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.minimumLength, .tcp)
        guard headerLength >= Field.minimumLength else { throw .malformed(layer: .tcp, reason: "data offset < 5") }
        guard headerLength <= bytes.count else {
            throw .malformed(layer: .tcp, reason: "data offset beyond the segment")
        }
    }

    public var sourcePort: UInt16 { bytes.u16(Field.sourcePort) }
    public var destinationPort: UInt16 { bytes.u16(Field.destinationPort) }
    public var sequenceNumber: UInt32 { bytes.u32(Field.sequence) }
    public var acknowledgmentNumber: UInt32 { bytes.u32(Field.acknowledgment) }
    /// Data offset × 4, in bytes.
    public var headerLength: Int { Int(bytes.u8(Field.dataOffset) >> 4) * 4 }
    /// The low nibble of the data-offset byte (reserved bits and NS).
    public var reservedBits: UInt8 { bytes.u8(Field.dataOffset) & 0xf }
    public var flags: TCPFlags { TCPFlags(rawValue: bytes.u8(Field.flags)) }
    public var window: UInt16 { bytes.u16(Field.window) }
    public var checksum: UInt16 { bytes.u16(Field.checksum) }
    public var urgentPointer: UInt16 { bytes.u16(Field.urgent) }
    public var options: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Field.minimumLength..<headerLength])
    }
    public var optionReader: TCPOptionReader { TCPOptionReader(options) }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[headerLength...]) }

    /// Checks the checksum with the IPv4 pseudo-header; meaningful only for a whole segment.
    public func verifyChecksum(source: IPv4Address, destination: IPv4Address) -> Bool {
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   protocol: IPProtocol.tcp, length: bytes.count)
        return InternetChecksum.finish(InternetChecksum.sum(bytes, initial: pseudo)) == 0
    }
}

/// The parsed TCP header. Sequence numbers are absolute, as on the wire.
public struct TCPRepr: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    /// As found when parsed; `emit` computes its own.
    public var checksum: UInt16
    public var urgentPointer: UInt16
    /// Raw option bytes, kept exactly (including padding) so emit reproduces them.
    public var options: OptionBytes
    public var reservedBits: UInt8 = 0
    /// Payload bytes present in the capture (`tcp.len` when the segment is whole).
    public var payloadLength: Int

    public init(sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32, acknowledgmentNumber: UInt32 = 0,
                flags: TCPFlags, window: UInt16 = 65535, checksum: UInt16 = 0, urgentPointer: UInt16 = 0,
                options: OptionBytes = OptionBytes(), payloadLength: Int = 0) {
        self.sourcePort = sourcePort; self.destinationPort = destinationPort; self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber; self.flags = flags; self.window = window
        self.checksum = checksum; self.urgentPointer = urgentPointer; self.options = options
        self.payloadLength = payloadLength
    }

    /// Never fails: the view has vouched for the lengths, and options are at most 40 bytes.
    public init(parsing s: TCPSegment) {
        self.init(sourcePort: s.sourcePort, destinationPort: s.destinationPort, sequenceNumber: s.sequenceNumber,
                  acknowledgmentNumber: s.acknowledgmentNumber, flags: s.flags, window: s.window,
                  checksum: s.checksum, urgentPointer: s.urgentPointer,
                  options: OptionBytes(s.options) ?? OptionBytes(), payloadLength: s.payload.count)
        reservedBits = s.reservedBits
    }

    /// Options are padded with zeros (end-of-list) to a multiple of four on emit.
    public var headerLength: Int { 20 + (options.count + 3) / 4 * 4 }
    public var bufferLength: Int { headerLength + payloadLength }

    /// Appends header, options and `payload`, with the checksum computed over the
    /// IPv4 pseudo-header. `payloadLength` is ignored: the payload given is what is sent.
    public func emit(into out: inout [UInt8], payload: UnsafeRawBufferPointer,
                     source: IPv4Address, destination: IPv4Address) {
        let start = out.count
        out.appendU16(sourcePort)
        out.appendU16(destinationPort)
        out.appendU32(sequenceNumber)
        out.appendU32(acknowledgmentNumber)
        out.appendU8(UInt8(headerLength / 4) << 4 | reservedBits & 0xf)
        out.appendU8(flags.rawValue)
        out.appendU16(window)
        out.appendU16(0)
        out.appendU16(urgentPointer)
        options.emit(into: &out)
        out.appendZeros(headerLength - 20 - options.count)
        out.append(contentsOf: payload)
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   protocol: IPProtocol.tcp, length: out.count - start)
        out.setU16(InternetChecksum.finish(InternetChecksum.sum(out, start..<out.count, initial: pseudo)), at: start + 16)
    }

    public func emit(into out: inout [UInt8], payload: [UInt8] = [], source: IPv4Address, destination: IPv4Address) {
        payload.withUnsafeBytes { emit(into: &out, payload: $0, source: source, destination: destination) }
    }
}
