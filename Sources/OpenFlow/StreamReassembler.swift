import Wire

/// Limits that keep memory per stream bounded whatever the capture holds.
public struct ControlChannelLimits: Sendable {
    /// Bytes held out of order behind a hole, per direction. An OpenFlow message is at most
    /// 65535 bytes, so a hole with this much (default 1 MiB) waiting behind it will not be
    /// filled by a late retransmission in any capture worth waiting for: it becomes a gap.
    public var maxHeldBytes: Int = 1 << 20
    /// Out-of-order pieces held per direction (default 64); one more makes the first hole a gap.
    public var maxHeldSegments: Int = 64
    /// Segments of the same direction that may arrive while a hole stays open (default 32)
    /// before the hole is declared a gap. Usually the peer's acknowledgment of bytes after the
    /// hole declares it sooner (see `StreamReassembler.acknowledge`); this limit covers captures
    /// without the other direction.
    public var holeSegmentLimit: Int = 32
    /// Connections kept in the table (default 1024). When a new one arrives and the table is full,
    /// the oldest closed connection is evicted, or, when none is closed, the oldest open one
    /// (flushed and reported closed with reason `.evicted`).
    public var maxConnections: Int = 1024

    public init() {}
}

/// Reassembles one direction of a TCP connection into an in-order byte stream.
///
/// Positions are kept as 64-bit stream offsets (0 = first byte after the SYN, or the first
/// byte seen when the SYN was not captured); a segment's sequence number is turned into an
/// offset by its signed 32-bit distance from the next expected sequence number, so sequence
/// numbers wrap modulo 2^32 correctly.
///
/// Invariants:
/// - `held` is sorted by offset, its pieces do not overlap, and each starts after `nextOffset`
///   (a hole precedes the first). It never holds more than `maxHeldSegments` pieces or
///   `maxHeldBytes` bytes once `receive` returns.
/// - Bytes are delivered exactly once, in order; a byte present in two segments is taken from
///   the first one that arrived (an overlap that differs counts as a conflict). Bytes already
///   delivered are not kept, so a retransmission of delivered data cannot be compared with it:
///   conflicts are only seen against held data.
/// - In-order data is delivered straight from the caller's segment (no copy); only out-of-order
///   pieces are copied.
/// - A stream seen mid-way (no SYN) starts at the first payload byte seen; bytes before it that
///   arrive later are taken for retransmissions and ignored.
struct StreamReassembler {
    enum Output {
        case data(UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp)
        case gap(lastFrameBefore: Int, firstFrameAfter: Int, offset: UInt64, missing: UInt64,
                 cause: OFStreamGap.Cause, timestamp: StreamTimestamp)
    }

    struct Held {
        var offset: UInt64
        var bytes: [UInt8]
        var frame: Int
        var timestamp: StreamTimestamp
        var end: UInt64 { offset + UInt64(bytes.count) }
    }

    struct Statistics: Sendable {
        var retransmittedSegments = 0
        var overlapBytes = 0
        var conflicts = 0
        var outOfOrderSegments = 0
    }

    let limits: ControlChannelLimits
    private(set) var isStarted = false
    /// The sequence number of stream offset 0.
    private var baseSeq: UInt32 = 0
    /// Offset of the next byte to deliver.
    private(set) var nextOffset: UInt64 = 0
    private var held: [Held] = []
    private var heldBytes = 0
    private var segmentsWhileHole = 0
    private(set) var lastInOrderFrame = 0
    private(set) var statistics = Statistics()

    init(limits: ControlChannelLimits) {
        self.limits = limits
    }

    var heldSegmentCount: Int { held.count }
    /// True when out-of-order pieces wait behind a hole (only then can an acknowledgment matter).
    var hasHeldData: Bool { !held.isEmpty }
    var heldByteCount: Int { heldBytes }

    /// A SYN fixes the initial sequence number: its payload (if any) and data start at `isn + 1`.
    mutating func synchronize(initialSequenceNumber isn: UInt32) {
        guard !isStarted else { return }
        baseSeq = isn &+ 1
        isStarted = true
    }

    /// The stream offset a sequence number stands for, given where the stream is now.
    func offset(ofSequence seq: UInt32) -> Int64 {
        let expected = baseSeq &+ UInt32(truncatingIfNeeded: nextOffset)
        return Int64(nextOffset) + Int64(Int32(bitPattern: seq &- expected))
    }

    mutating func receive(
        sequenceNumber seq: UInt32, payload: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp,
        _ sink: (Output) -> Void
    ) {
        guard !payload.isEmpty else { return }
        if !isStarted {
            // Seen mid-way: the stream starts at the first byte we see.
            baseSeq = seq
            isStarted = true
        }
        let start = offset(ofSequence: seq)
        let end = start + Int64(payload.count)
        if end <= Int64(nextOffset) {
            statistics.retransmittedSegments += 1
            return
        }
        if !held.isEmpty { segmentsWhileHole += 1 }
        if start > Int64(nextOffset) { statistics.outOfOrderSegments += 1 }
        place(offset: start, bytes: payload, frame: frame, timestamp: timestamp, sink)
        enforceLimits(sink)
    }

    /// The common case of `receive`, without a callback: when nothing is held and the segment's
    /// payload starts exactly at the next expected byte, it is taken as delivered (`nextOffset`
    /// moves past it) and true is returned: the caller hands the payload on as `.data` itself.
    /// Otherwise nothing changes and false is returned: call `receive`.
    /// (Callbacks capturing the connection cost a retain and a release each, per segment.)
    mutating func takeInOrder(sequenceNumber seq: UInt32, count: Int, frame: Int) -> Bool {
        guard count > 0, held.isEmpty else { return false }
        if !isStarted {
            // Seen mid-way: the stream starts at the first byte we see (as `receive` does).
            baseSeq = seq
            isStarted = true
        }
        guard offset(ofSequence: seq) == Int64(nextOffset) else { return false }
        nextOffset += UInt64(count)
        lastInOrderFrame = frame
        segmentsWhileHole = 0
        return true
    }

    /// The peer acknowledged everything before `ack`. A cumulative acknowledgment that reaches
    /// into a held piece proves the peer received the bytes of the hole before it: they were sent
    /// and only the capture missed them, so the hole will never fill. Declared a gap at once.
    /// This trusts the capture to be causal (data seen before the peer's acknowledgment of it),
    /// as it is when captured at either endpoint or on loopback.
    mutating func acknowledge(_ ack: UInt32, _ sink: (Output) -> Void) {
        guard isStarted else { return }
        while let first = held.first, offset(ofSequence: ack) > Int64(first.offset) {
            declareGap(cause: .acknowledged, sink)
        }
    }

    /// Declares every remaining hole a gap and delivers everything held.
    mutating func flush(_ sink: (Output) -> Void) {
        while !held.isEmpty { declareGap(cause: .endOfStream, sink) }
    }

    // MARK: - Placing bytes

    /// Cuts `bytes` (starting at stream offset `s`, possibly negative or before `nextOffset`) into
    /// the pieces no earlier segment covered; delivers the piece at `nextOffset` directly and holds
    /// the others.
    private mutating func place(
        offset s: Int64, bytes: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp,
        _ sink: (Output) -> Void
    ) {
        let e = s + Int64(bytes.count)
        var cur = s
        var i = 0
        while cur < e {
            if cur < Int64(nextOffset) {
                // Already delivered: a retransmission overlapping new data.
                let upTo = min(e, Int64(nextOffset))
                statistics.overlapBytes += Int(upTo - cur)
                cur = upTo
                continue
            }
            while i < held.count, Int64(held[i].end) <= cur { i += 1 }
            let nextHeldStart = i < held.count ? Int64(held[i].offset) : e
            if cur < nextHeldStart {
                let pieceEnd = min(nextHeldStart, e)
                let piece = UnsafeRawBufferPointer(rebasing: bytes[Int(cur - s)..<Int(pieceEnd - s)])
                if cur == Int64(nextOffset) {
                    deliver(piece, frame: frame, timestamp: timestamp, sink)
                    drain(sink)
                    i = 0
                } else {
                    held.insert(Held(offset: UInt64(cur), bytes: Array(piece), frame: frame, timestamp: timestamp), at: i)
                    heldBytes += piece.count
                    i += 1
                }
                cur = pieceEnd
            } else {
                // Inside a held piece: the first copy wins; compare for conflicts.
                let h = held[i]
                let overlapEnd = min(e, Int64(h.end))
                let n = Int(overlapEnd - cur)
                let mine = UnsafeRawBufferPointer(rebasing: bytes[Int(cur - s)..<Int(overlapEnd - s)])
                let theirsStart = Int(cur - Int64(h.offset))
                let same = h.bytes[theirsStart..<(theirsStart + n)].elementsEqual(mine)
                if !same { statistics.conflicts += 1 }
                statistics.overlapBytes += n
                cur = overlapEnd
            }
        }
    }

    private mutating func deliver(
        _ bytes: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, _ sink: (Output) -> Void
    ) {
        nextOffset += UInt64(bytes.count)
        lastInOrderFrame = frame
        sink(.data(bytes, frame: frame, timestamp: timestamp))
    }

    /// Delivers held pieces that have become contiguous.
    private mutating func drain(_ sink: (Output) -> Void) {
        while let first = held.first, first.offset <= nextOffset {
            held.removeFirst()
            heldBytes -= first.bytes.count
            // Pieces never overlap delivered bytes (place cuts them), so first.offset == nextOffset.
            first.bytes.withUnsafeBytes { deliver($0, frame: first.frame, timestamp: first.timestamp, sink) }
        }
        if held.isEmpty { segmentsWhileHole = 0 }
    }

    private mutating func enforceLimits(_ sink: (Output) -> Void) {
        while !held.isEmpty {
            if held.count > limits.maxHeldSegments || heldBytes > limits.maxHeldBytes {
                declareGap(cause: .heldLimit, sink)
            } else if segmentsWhileHole > limits.holeSegmentLimit {
                declareGap(cause: .segmentLimit, sink)
            } else {
                return
            }
        }
    }

    /// Gives up on the first hole: reports it and resumes at the first held piece.
    private mutating func declareGap(cause: OFStreamGap.Cause, _ sink: (Output) -> Void) {
        guard let first = held.first else { return }
        sink(.gap(lastFrameBefore: lastInOrderFrame, firstFrameAfter: first.frame, offset: nextOffset,
                  missing: first.offset - nextOffset, cause: cause, timestamp: first.timestamp))
        nextOffset = first.offset
        segmentsWhileHole = 0
        drain(sink)
    }
}
