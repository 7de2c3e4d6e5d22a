/// Why an OpenFlow message could not be decoded. Decoders throw these instead
/// of trapping, so a damaged capture is reported, never crashes the reader.
/// Offsets are from the start of the message.
public enum OFDecodeError: Error, Equatable, Sendable {
    /// Fewer than the 8 bytes of `ofp_header`.
    case truncatedHeader(available: Int)
    /// The header's length is below 8 or differs from the bytes given (the framer hands over exactly one message).
    case badLength(declared: Int, available: Int)
    /// The body is shorter than the fixed part of its structure.
    case bodyTooShort(type: UInt8, needed: Int, available: Int)
    /// The body has bytes its structure cannot account for (a fixed-size message that is longer, a list that is not whole).
    case badBodyLength(type: UInt8, length: Int)
    /// An action whose length is 0, below 8, not a multiple of 8, below its type's size, or runs past its list.
    case badActionLength(offset: Int, length: Int)
    /// PACKET_OUT's actions_len points past the end of the message.
    case actionsLengthBeyondMessage(actionsLength: Int, available: Int)
    /// A stats entry (flow stats) whose length is too small or runs past the body.
    case badStatsEntryLength(offset: Int, length: Int)
    /// A queue or queue property whose length is too small or runs past the message.
    case badQueueLength(offset: Int, length: Int)
}
