import Wire

/// Cuts one direction's reassembled byte stream into OpenFlow messages, in the shape of
/// swift-nio's `ByteToMessageDecoder`: a message is complete once `length` bytes (the u16 at
/// offset 2 of the 8-byte header) are there; until then the decoder "needs more data".
///
/// Zero-copy: while nothing is pending, whole messages are delivered straight from the chunk
/// the reassembler hands in; only a partial tail is copied into `pending`, and only the bytes
/// that complete it are copied after it. `pending` therefore never holds more than one message
/// (at most 65535 bytes) and keeps its capacity for the stream's life.
///
/// Damage (what we chose, since an OpenFlow stream has no markers):
/// - A header whose length is below 8 is reported as `.lengthBelowHeader` (its frame, stream
///   offset and the bad length). Its 8 bytes are dropped (xid included: if it was a header, they
///   are all header) and the framer resyncs from the next byte.
/// - After a gap, a partial message is dropped with it and the framer resyncs at the first byte
///   after the hole.
/// - Resync (`StreamResync`) scans byte by byte for a plausible header whose message ends at the
///   end of a segment or before another plausible header; the bytes passed over are reported once
///   as `.skippedToResync`. It leans on segment boundaries (senders write whole messages), so it
///   works best on ordinary segments and worst on tiny ones; it can still be fooled by message
///   bodies that look like two chained headers.
///
/// Every byte fed is accounted for exactly once: in a message, a `.skippedToResync` report, bytes
/// discarded with a gap, or an `.incompleteAtEnd` report (the tests check that these tile the stream).
struct StreamFramer {
    enum Output {
        case message(UnsafeRawBufferPointer, firstFrame: Int, frame: Int, timestamp: StreamTimestamp, offset: UInt64)
        case garbage(OFStreamGarbage.Reason, frame: Int, offset: UInt64, byteCount: Int)
    }

    static let headerLength = 8

    /// The partial message (normal mode only; resync keeps its bytes in `resync`).
    private var pending: [UInt8] = []
    private var pendingFirstFrame = 0
    /// The latest frame (in capture order) that gave `pending` bytes, and its time. A message is
    /// complete only once all its segments have arrived: when out-of-order bytes are released by a
    /// segment filling the hole before them, that segment is later than the one holding the last
    /// byte, and the message must not be dated before it (nor `frame` fall before `firstFrame`).
    private var pendingLatestFrame = 0
    private var pendingLatestTimestamp = StreamTimestamp.zero
    /// Stream offset of `pending[0]`.
    private var pendingOffset: UInt64 = 0
    /// Stream offset of the next byte to be fed. Invariant in normal mode: `offset == pendingOffset + pending.count`.
    private(set) var offset: UInt64 = 0
    private(set) var isResyncing = false
    private var resync = StreamResync()
    /// The version of this direction's first message: resync accepts only this version afterwards.
    private(set) var version: UInt8?
    /// Bytes copied into `pending` or the resync buffer so far (zero for a stream whose segments hold whole messages).
    private(set) var copiedBytes = 0

    var pendingByteCount: Int { pending.count }
    var pendingCapacity: Int { pending.capacity }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, _ sink: (Output) -> Void) {
        var rest = chunk
        while !rest.isEmpty {
            if isResyncing {
                resync.append(rest, frame: frame, timestamp: timestamp)
                copiedBytes += rest.count
                offset += UInt64(rest.count)
                resume(sink)
                return
            } else if !pending.isEmpty {
                rest = fillPending(rest, frame: frame, timestamp: timestamp, sink)
            } else if rest.count < Self.headerLength {
                startPending(rest, frame: frame, timestamp: timestamp)
                return
            } else {
                let length = Int(rest.u16(2))
                if length < Self.headerLength {
                    sink(.garbage(.lengthBelowHeader(UInt16(length)), frame: frame, offset: offset, byteCount: Self.headerLength))
                    let badAt = offset
                    offset += UInt64(Self.headerLength)
                    isResyncing = true
                    resync.begin(at: offset, alreadySkipped: Self.headerLength, skipStart: badAt, frame: frame)
                    rest = UnsafeRawBufferPointer(rebasing: rest[Self.headerLength...])
                } else if rest.count >= length {
                    emit(UnsafeRawBufferPointer(rebasing: rest[0..<length]), firstFrame: frame, frame: frame,
                         timestamp: timestamp, offset: offset, sink)
                    offset += UInt64(length)
                    rest = UnsafeRawBufferPointer(rebasing: rest[length...])
                } else {
                    startPending(rest, frame: frame, timestamp: timestamp)
                    return
                }
            }
        }
    }

    /// The fast path of `feed`, without a callback: when no partial message is pending and no
    /// resync runs, takes the whole message at the front of `rest` off it and returns it with
    /// its stream offset (it completes in the frame that fed it). Returns nil, changing nothing,
    /// when `feed` must handle `rest` (empty, a partial message, or a bad header).
    @inline(__always)
    mutating func takeWholeMessage(_ rest: inout UnsafeRawBufferPointer) -> (bytes: UnsafeRawBufferPointer, offset: UInt64)? {
        guard !isResyncing, pending.isEmpty, rest.count >= Self.headerLength else { return nil }
        let length = Int(rest.u16(2))
        guard length >= Self.headerLength, rest.count >= length else { return nil }
        if version == nil { version = rest[0] }
        let message = (bytes: UnsafeRawBufferPointer(rebasing: rest[0..<length]), offset: offset)
        offset += UInt64(length)
        rest = UnsafeRawBufferPointer(rebasing: rest[length...])
        return message
    }

    /// The reassembler gave up on `missing` bytes: drop any partial message and resync after them.
    /// Returns how many bytes of a partial message were thrown away.
    mutating func skip(missing: UInt64, _ sink: (Output) -> Void) -> Int {
        var discarded = 0
        if isResyncing {
            reportSkipped(resync.skippedIfAbandoned, sink)
        } else {
            discarded = pending.count
        }
        pending.removeAll(keepingCapacity: true)
        offset += missing
        pendingOffset = offset
        isResyncing = true
        resync.begin(at: offset)
        return discarded
    }

    /// The stream ended: report what is left over.
    mutating func finish(_ sink: (Output) -> Void) {
        if isResyncing {
            reportSkipped(resync.skippedIfAbandoned, sink)
            resync.reset()
            isResyncing = false
        } else if !pending.isEmpty {
            let claimed = pending.count >= Self.headerLength ? Int(pending.withUnsafeBytes { $0.u16(2) }) : nil
            sink(.garbage(.incompleteAtEnd(claimed: claimed, received: pending.count),
                          frame: pendingFirstFrame, offset: pendingOffset, byteCount: pending.count))
        }
        pending.removeAll(keepingCapacity: false)
        pendingOffset = offset
    }

    // MARK: - Normal mode

    private mutating func emit(
        _ bytes: UnsafeRawBufferPointer, firstFrame: Int, frame: Int, timestamp: StreamTimestamp, offset: UInt64,
        _ sink: (Output) -> Void
    ) {
        if version == nil { version = bytes[0] }
        sink(.message(bytes, firstFrame: firstFrame, frame: frame, timestamp: timestamp, offset: offset))
    }

    private mutating func startPending(_ bytes: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp) {
        if bytes.count >= Self.headerLength { pending.reserveCapacity(Int(bytes.u16(2))) }
        pendingFirstFrame = frame
        pendingLatestFrame = frame
        pendingLatestTimestamp = timestamp
        pendingOffset = offset
        pending.append(contentsOf: bytes)
        copiedBytes += bytes.count
        offset += UInt64(bytes.count)
    }

    /// Completes the header, then the message, from the front of `rest`; returns what is left of `rest`.
    private mutating func fillPending(
        _ rest: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, _ sink: (Output) -> Void
    ) -> UnsafeRawBufferPointer {
        var rest = rest
        if frame > pendingLatestFrame { pendingLatestFrame = frame; pendingLatestTimestamp = timestamp }
        if pending.count < Self.headerLength {
            let take = min(Self.headerLength - pending.count, rest.count)
            append(rest, count: take)
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            guard pending.count == Self.headerLength else { return rest }
        }
        let length = Int(pending.withUnsafeBytes { $0.u16(2) })
        if length < Self.headerLength {
            sink(.garbage(.lengthBelowHeader(UInt16(length)), frame: pendingFirstFrame, offset: pendingOffset,
                          byteCount: Self.headerLength))
            isResyncing = true
            resync.begin(at: offset, alreadySkipped: Self.headerLength, skipStart: pendingOffset, frame: pendingFirstFrame)
            pending.removeAll(keepingCapacity: true)
            pendingOffset = offset
            return rest
        }
        // Room for the whole message at once, so the buffer never grows past the largest message.
        if pending.capacity < length { pending.reserveCapacity(length) }
        let take = min(length - pending.count, rest.count)
        append(rest, count: take)
        rest = UnsafeRawBufferPointer(rebasing: rest[take...])
        if pending.count == length {
            pending.withUnsafeBytes {
                emit($0, firstFrame: pendingFirstFrame, frame: pendingLatestFrame, timestamp: pendingLatestTimestamp,
                     offset: pendingOffset, sink)
            }
            pending.removeAll(keepingCapacity: true)
            pendingOffset = offset
        }
        return rest
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer, count: Int) {
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        copiedBytes += count
        offset += UInt64(count)
    }

    // MARK: - Resync mode

    /// Scans the resync buffer; once a boundary is accepted, frames the buffered bytes (messages
    /// straight from the buffer, with the frames they came from), and leaves any partial message
    /// in `pending`. A bad header among them starts a new run in the same buffer: a loop, not recursion.
    private mutating func resume(_ sink: (Output) -> Void) {
        while isResyncing {
            guard resync.scan(expectedVersion: version) else { return }
            reportSkipped(resync.skippedSoFar, sink)
            isResyncing = false
            let buffer = resync.buffer // shares storage: no copy
            let base = resync.bufferOffset
            var i = resync.head
            var badHeaderAt: Int? = nil
            buffer.withUnsafeBytes { buf in
                while i + Self.headerLength <= buf.count {
                    let length = Int(buf.u16(i + 2))
                    if length < Self.headerLength {
                        let origin = resync.origin(of: i)
                        sink(.garbage(.lengthBelowHeader(UInt16(length)), frame: origin.frame, offset: base + UInt64(i),
                                      byteCount: Self.headerLength))
                        badHeaderAt = i
                        return
                    }
                    guard i + length <= buf.count else { return }
                    let last = resync.latestOrigin(of: i..<(i + length))
                    emit(UnsafeRawBufferPointer(rebasing: buf[i..<(i + length)]), firstFrame: resync.origin(of: i).frame,
                         frame: last.frame, timestamp: last.timestamp, offset: base + UInt64(i), sink)
                    i += length
                }
            }
            if let bad = badHeaderAt {
                resync.restart(afterBadHeaderAt: bad)
                isResyncing = true
                continue
            }
            // A partial message left: it becomes the pending message.
            pending.removeAll(keepingCapacity: true)
            if i < buffer.count {
                pendingFirstFrame = resync.origin(of: i).frame
                (pendingLatestFrame, pendingLatestTimestamp) = resync.latestOrigin(of: i..<buffer.count)
                buffer.withUnsafeBytes { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[i...])) }
                copiedBytes += buffer.count - i
            }
            pendingOffset = base + UInt64(i)
            resync.reset()
        }
    }

    private mutating func reportSkipped(_ count: Int, _ sink: (Output) -> Void) {
        if count > 0 {
            sink(.garbage(.skippedToResync, frame: resync.skipStartFrame, offset: resync.skipStartOffset, byteCount: count))
        }
    }
}
