import Wire

/// One direction of a connection: TCP reassembly feeding the OpenFlow framer.
///
/// A class so that the reassembler's output callback can drive the framer: two stored
/// properties of one class instance are separate accesses, two fields of one struct are not.
///
/// Exclusivity of the properties is checked at compile time only (`@exclusivity(unchecked)`): the
/// dynamic checks cost a twentieth of decoding. It holds because each callback the reassembler or
/// framer is handed touches only the *other* property (reassembler output goes to the framer,
/// framer output to the connection and the caller's `emit`), and `emit` never calls back into the channel.
final class StreamHalf {
    @exclusivity(unchecked) var reassembler: StreamReassembler
    @exclusivity(unchecked) var framer = StreamFramer()
    @exclusivity(unchecked) var finSeen = false

    init(limits: ControlChannelLimits) {
        reassembler = StreamReassembler(limits: limits)
    }
}

/// A control connection: its identity, the datapath id once known, and both directions.
///
/// Memory is per connection and bounded by `ControlChannelLimits` (held out-of-order bytes) and
/// by the largest OpenFlow message (pending bytes); nothing grows with the number of packets.
///
/// Its variables are plain values read and replaced whole, never held across a callback: their
/// exclusivity is checked at compile time only, for the reason `StreamHalf` gives.
final class ControlConnection {
    let id: ConnectionID
    /// The sequence number of the SYN that opened the connection, to tell a retransmitted SYN from a new connection.
    @exclusivity(unchecked) var openingSYN: UInt32?
    @exclusivity(unchecked) var datapathID: UInt64?
    let toController: StreamHalf
    let toSwitch: StreamHalf
    @exclusivity(unchecked) private(set) var isClosed = false
    @exclusivity(unchecked) private(set) var lastFrame = 0
    @exclusivity(unchecked) private(set) var lastTimestamp = StreamTimestamp.zero

    /// False: bytes towards the controller are dropped unread (see `ControlChannel.Configuration`).
    let framesToController: Bool

    init(id: ConnectionID, limits: ControlChannelLimits, framesToController: Bool = true) {
        self.id = id
        self.framesToController = framesToController
        toController = StreamHalf(limits: limits)
        toSwitch = StreamHalf(limits: limits)
    }

    func direction(of segment: TCPSegmentInfo) -> OFStreamDirection {
        segment.source == id.controller ? .toSwitch : .toController
    }

    func half(_ direction: OFStreamDirection) -> StreamHalf {
        direction == .toController ? toController : toSwitch
    }

    func context(_ direction: OFStreamDirection) -> OFStreamContext {
        OFStreamContext(connection: id, direction: direction, datapathID: datapathID)
    }

    var reassemblyStatistics: StreamReassembler.Statistics {
        var s = toController.reassembler.statistics
        let t = toSwitch.reassembler.statistics
        s.retransmittedSegments += t.retransmittedSegments
        s.overlapBytes += t.overlapBytes
        s.conflicts += t.conflicts
        s.outOfOrderSegments += t.outOfOrderSegments
        return s
    }

    var copiedBytes: Int { toController.framer.copiedBytes + toSwitch.framer.copiedBytes }

    /// Handles one segment of this connection. Segments after the close are ignored.
    func receive(_ segment: TCPSegmentInfo, _ emit: (OFStreamEvent) -> Void) {
        guard !isClosed else { return }
        lastFrame = segment.frame
        lastTimestamp = segment.timestamp
        let direction = direction(of: segment)
        // Borrowed, not retained: `toController` and `toSwitch` are constants of this connection,
        // which the caller holds (a local reference was retained and released per segment).
        Unmanaged.passUnretained(half(direction))._withUnsafeGuaranteedRef { half in
            receive(segment, direction: direction, half: half, emit)
        }
    }

    private func receive(_ segment: TCPSegmentInfo, direction: OFStreamDirection, half: StreamHalf,
                         _ emit: (OFStreamEvent) -> Void) {
        if segment.isACK {
            // First: what this acknowledgment releases was sent before this segment.
            let other = direction == .toController ? OFStreamDirection.toSwitch : .toController
            // Only held data can be released: the usual segment's peer holds nothing.
            if self.half(other).reassembler.hasHeldData { release(upTo: segment.acknowledgmentNumber, direction: other, emit) }
        }
        if segment.isSYN {
            half.reassembler.synchronize(initialSequenceNumber: segment.sequenceNumber)
        }
        // Data after this side's FIN would be a protocol error or a retransmission: ignore it.
        if !half.finSeen, !segment.payload.isEmpty, framesToController || direction == .toSwitch {
            // A SYN's payload starts one after its sequence number.
            let seq = segment.isSYN ? segment.sequenceNumber &+ 1 : segment.sequenceNumber
            if half.reassembler.takeInOrder(sequenceNumber: seq, count: segment.payload.count, frame: segment.frame) {
                // The usual segment: the next bytes, nothing held. Same as `.data` from `receive`.
                feed(segment.payload, frame: segment.frame, timestamp: segment.timestamp, half: half,
                     direction: direction, emit)
            } else {
                reassemble(segment, sequenceNumber: seq, direction: direction, emit)
            }
        }
        if segment.isRST {
            close(reason: .reset, emit)
        } else if segment.isFIN, !half.finSeen {
            finish(direction, emit)
        }
    }

    // The paths below hand the reassembler or framer a callback. They are kept out of line
    // (`@inline(never)`) so that the usual segment, which takes none of them, does not pay for
    // the callbacks' contexts: inlined, their captures were retained on every segment (a
    // twentieth of `check`).

    /// Bytes of `direction` held out of order that the peer's acknowledgment up to `number` releases.
    @inline(never)
    private func release(upTo number: UInt32, direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void) {
        let half = half(direction)
        half.reassembler.acknowledge(number) { self.handle($0, half: half, direction: direction, emit) }
    }

    /// A segment that is not simply the next bytes: out of order, overlapping, or after a hole.
    @inline(never)
    private func reassemble(_ segment: TCPSegmentInfo, sequenceNumber seq: UInt32, direction: OFStreamDirection,
                            _ emit: (OFStreamEvent) -> Void) {
        let half = half(direction)
        half.reassembler.receive(sequenceNumber: seq, payload: segment.payload, frame: segment.frame,
                                 timestamp: segment.timestamp) { output in
            self.handle(output, half: half, direction: direction, emit)
        }
    }

    /// The FIN ends this direction: a hole still open now will not be filled.
    @inline(never)
    private func finish(_ direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void) {
        let half = half(direction)
        half.finSeen = true
        half.reassembler.flush { self.handle($0, half: half, direction: direction, emit) }
        if toController.finSeen && toSwitch.finSeen { close(reason: .fin, emit) }
    }

    /// Flushes both directions (holes become gaps, partial messages are reported) and reports the close.
    func close(reason: OFStreamConnectionEvent.Reason, _ emit: (OFStreamEvent) -> Void) {
        guard !isClosed else { return }
        for direction in [OFStreamDirection.toController, .toSwitch] {
            let half = half(direction)
            half.reassembler.flush { self.handle($0, half: half, direction: direction, emit) }
            half.framer.finish { self.forward($0, direction: direction, emit) }
        }
        isClosed = true
        emit(.connectionClosed(OFStreamConnectionEvent(connection: id, datapathID: datapathID, reason: reason,
                                                       frame: lastFrame, timestamp: lastTimestamp)))
    }

    private func handle(
        _ output: StreamReassembler.Output, half: StreamHalf, direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void
    ) {
        switch output {
        case let .data(bytes, frame, timestamp):
            feed(bytes, frame: frame, timestamp: timestamp, half: half, direction: direction, emit)
        case let .gap(before, after, offset, missing, cause, timestamp):
            let discarded = half.framer.skip(missing: missing) { self.forward($0, direction: direction, emit) }
            emit(.gap(OFStreamGap(context: context(direction), lastFrameBefore: before, firstFrameAfter: after,
                                  streamOffset: offset, missingBytes: missing, discardedBytes: discarded,
                                  cause: cause, timestamp: timestamp)))
        }
    }

    /// In-order bytes to the framer. Whole messages at the front are taken without a callback
    /// (the usual segment holds only whole messages); `feed` handles whatever is left.
    private func feed(
        _ bytes: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, half: StreamHalf,
        direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void
    ) {
        var rest = bytes
        while let message = half.framer.takeWholeMessage(&rest) {
            forwardMessage(message.bytes, firstFrame: frame, frame: frame, timestamp: timestamp, offset: message.offset,
                           direction: direction, emit)
        }
        if !rest.isEmpty { feedPartial(rest, frame: frame, timestamp: timestamp, half: half, direction: direction, emit) }
    }

    /// Bytes that do not end a message where they end: the framer keeps them (out of line, as above).
    @inline(never)
    private func feedPartial(
        _ bytes: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, half: StreamHalf,
        direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void
    ) {
        half.framer.feed(bytes, frame: frame, timestamp: timestamp) { self.forward($0, direction: direction, emit) }
    }

    private func forwardMessage(
        _ bytes: UnsafeRawBufferPointer, firstFrame: Int, frame: Int, timestamp: StreamTimestamp, offset: UInt64,
        direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void
    ) {
        // FEATURES_REPLY (type 6 in every version) carries the datapath id at offset 8.
        if direction == .toController, bytes[1] == 6, bytes.count >= 16 {
            datapathID = bytes.u64(8)
        }
        emit(.message(OFStreamMessage(context: context(direction), bytes: bytes, frame: frame,
                                      firstFrame: firstFrame, timestamp: timestamp, streamOffset: offset)))
    }

    private func forward(_ output: StreamFramer.Output, direction: OFStreamDirection, _ emit: (OFStreamEvent) -> Void) {
        switch output {
        case let .message(bytes, firstFrame, frame, timestamp, offset):
            forwardMessage(bytes, firstFrame: firstFrame, frame: frame, timestamp: timestamp, offset: offset,
                           direction: direction, emit)
        case let .garbage(reason, frame, offset, count):
            emit(.garbage(OFStreamGarbage(context: context(direction), reason: reason, frame: frame,
                                          streamOffset: offset, byteCount: count)))
        }
    }
}
