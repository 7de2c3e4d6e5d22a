import Wire

// What the control-channel reassembler reports, through a callback.
//
// Every event is a value with no arrays, so reporting one allocates nothing.
// `OFStreamMessage.bytes` is borrowed: valid only inside the callback that
// receives it (it points either into the caller's segment or into the
// direction's pending buffer, which the next segment overwrites).

/// The context every event carries.
public struct OFStreamContext: Hashable, Sendable {
    public var connection: ConnectionID
    public var direction: OFStreamDirection
    /// The datapath id from the connection's FEATURES_REPLY once one has been framed, else nil.
    public var datapathID: UInt64?

    /// The stream for a diagnostic: the connection (written switch side first) and which way the
    /// bytes in question went, e.g. `#1 127.0.0.1:33448 -> 127.0.0.1:6633 (controller to switch)`.
    /// The connection alone read as the direction, which half the time it is not.
    public var stream: String {
        "\(connection) (\(direction == .toSwitch ? "controller to switch" : "switch to controller"))"
    }
}

/// One whole OpenFlow message, `length` bytes starting with the 8-byte header.
public struct OFStreamMessage {
    public var context: OFStreamContext
    /// Exactly the message: `bytes.count` equals the header's length field (at least 8).
    public var bytes: UnsafeRawBufferPointer
    /// The frame whose segment completed the message.
    public var frame: Int
    /// The frame whose segment held the message's first byte (equals `frame` unless the message was split).
    public var firstFrame: Int
    /// The timestamp of `frame`.
    public var timestamp: StreamTimestamp
    /// Offset of the message's first byte in its direction's byte stream (0 = the first payload byte after the SYN,
    /// or the first byte seen when the SYN was not captured). Missing bytes of gaps count.
    public var streamOffset: UInt64

    @inlinable public var version: UInt8 { bytes[0] }
    @inlinable public var type: UInt8 { bytes[1] }
    @inlinable public var length: Int { bytes.count }
    @inlinable public var xid: UInt32 { bytes.u32(4) }
}

/// Bytes that were never captured: the reassembler gave up waiting for them.
public struct OFStreamGap: Hashable, Sendable {
    public enum Cause: Hashable, Sendable {
        /// The peer acknowledged bytes after the hole: it received the missing bytes, the capture did not.
        case acknowledged
        /// The hole stayed open while `ControlChannelLimits.holeSegmentLimit` further segments arrived.
        case segmentLimit
        /// More than `maxHeldBytes` or `maxHeldSegments` waited behind the hole.
        case heldLimit
        /// The direction ended (FIN, RST, eviction or `finish()`) with the hole still open.
        case endOfStream
    }
    public var context: OFStreamContext
    /// The last frame whose bytes were in order before the hole (0 when none).
    public var lastFrameBefore: Int
    /// The frame whose bytes resume after the hole.
    public var firstFrameAfter: Int
    /// Stream offset of the first missing byte.
    public var streamOffset: UInt64
    public var missingBytes: UInt64
    /// Bytes of a partial message before the hole that were thrown away with it.
    public var discardedBytes: Int
    public var cause: Cause
    public var timestamp: StreamTimestamp
}

/// Bytes the framer could not turn into messages.
public struct OFStreamGarbage: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// A header whose length field is below 8, the header's own size. The framer drops its 8
        /// bytes and scans forward for a plausible header (see `StreamFramer`); the dropped and
        /// skipped bytes are then reported together as `.skippedToResync` (from the bad header on).
        case lengthBelowHeader(UInt16)
        /// Bytes skipped after a gap or a bad header until a plausible header was found
        /// (or the stream ended).
        case skippedToResync
        /// A message whose header claimed `claimed` bytes but the stream ended after `received`;
        /// `claimed` is nil when even the 8-byte header was incomplete.
        case incompleteAtEnd(claimed: Int?, received: Int)
    }
    public var context: OFStreamContext
    public var reason: Reason
    /// The frame in which the bad bytes start.
    public var frame: Int
    /// The stream offset of the first bad byte.
    public var streamOffset: UInt64
    /// How many bytes the report covers (8 for a bad header, the skipped count, or the received part).
    public var byteCount: Int
}

/// A connection's start or end.
public struct OFStreamConnectionEvent: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// Opened by a captured SYN.
        case syn
        /// Opened by a segment of a connection already running when the capture began.
        case midStream
        /// Both directions sent FIN.
        case fin
        case reset
        /// Dropped from the table to make room (`ControlChannelLimits.maxConnections`).
        case evicted
        /// Still open when `finish()` was called.
        case endOfCapture
    }
    public var connection: ConnectionID
    public var datapathID: UInt64?
    public var reason: Reason
    public var frame: Int
    public var timestamp: StreamTimestamp
}

public enum OFStreamEvent {
    case message(OFStreamMessage)
    case gap(OFStreamGap)
    case garbage(OFStreamGarbage)
    case connectionOpened(OFStreamConnectionEvent)
    case connectionClosed(OFStreamConnectionEvent)
}
