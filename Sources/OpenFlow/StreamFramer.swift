import Wire

/// Cuts one direction's reassembled byte stream into OpenFlow messages, in the shape of
/// swift-nio's `ByteToMessageDecoder`: a message is complete once `length` bytes (the u16 at
/// offset 2 of the 8-byte header) are there; until then the decoder "needs more data".
///
/// Zero-copy: while nothing is pending, whole messages are delivered straight from the chunk
/// the reassembler hands in; only a partial tail is copied into `pending`, which therefore never
/// holds more than one message (at most 65535 bytes) and keeps its capacity for the stream's life.
///
/// Damage and resynchronisation (what we chose, since an OpenFlow stream has no markers):
/// - A header whose length is below 8 is reported as `.lengthBelowHeader` (its frame, stream
///   offset and the bad length). The framer drops those 8 header bytes (xid included: if it was a
///   header, they are all header) and resyncs from the next byte.
/// - After a gap, the framer resyncs at the first byte after the hole.
/// - Resync scans forward byte by byte for the first position whose version, type and length are
///   plausible (`OFHeaderCheck`: the version of this direction's first message once known, else
///   1...6; a type that version defines; length ≥ 8) and frames from there; the bytes passed
///   over are reported once as `.skippedToResync`. The scan does not depend on how the bytes
///   were cut into segments. It can be fooled by message bodies that look like a header; in
///   practice POX and Open vSwitch write whole messages per segment, so the first position after
///   a gap is usually a real boundary and nothing is skipped.
/// - While resyncing, `pending` holds the bytes not yet ruled out (at most 3) and copies are
///   allowed: this path only runs after damage.
struct StreamFramer {
    enum Output {
        case message(UnsafeRawBufferPointer, firstFrame: Int, frame: Int, timestamp: StreamTimestamp, offset: UInt64)
        case garbage(OFStreamGarbage.Reason, frame: Int, offset: UInt64, byteCount: Int)
    }

    static let headerLength = 8

    /// A partial message (normal mode) or bytes not yet ruled out as a header start (resync mode).
    private var pending: [UInt8] = []
    private var pendingFirstFrame = 0
    /// Stream offset of `pending[0]`.
    private var pendingOffset: UInt64 = 0
    /// Stream offset of the next byte to be fed. Invariant: `offset == pendingOffset + pending.count`.
    private(set) var offset: UInt64 = 0
    private(set) var isResyncing = false
    private var skipped = 0
    private var skipStartFrame = 0
    private var skipStartOffset: UInt64 = 0
    /// The version of this direction's first message: resync accepts only this version afterwards.
    private(set) var version: UInt8?
    /// Bytes copied into `pending` so far (zero for a stream whose segments hold whole messages).
    private(set) var copiedBytes = 0

    var pendingByteCount: Int { pending.count }
    var pendingCapacity: Int { pending.capacity }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp, _ sink: (Output) -> Void) {
        var rest = chunk
        while !rest.isEmpty {
            if isResyncing {
                rest = resync(rest, frame: frame, sink)
            } else if !pending.isEmpty {
                rest = fillPending(rest, frame: frame, timestamp: timestamp, sink)
            } else if rest.count < Self.headerLength {
                startPending(rest, frame: frame)
                return
            } else {
                let length = Int(rest.u16(2))
                if length < Self.headerLength {
                    sink(.garbage(.lengthBelowHeader(UInt16(length)), frame: frame, offset: offset, byteCount: Self.headerLength))
                    beginResync(frame: frame, offset: offset, skipped: Self.headerLength)
                    offset += UInt64(Self.headerLength)
                    rest = UnsafeRawBufferPointer(rebasing: rest[Self.headerLength...])
                } else if rest.count >= length {
                    emit(UnsafeRawBufferPointer(rebasing: rest[0..<length]), firstFrame: frame, frame: frame, timestamp: timestamp, sink)
                    offset += UInt64(length)
                    rest = UnsafeRawBufferPointer(rebasing: rest[length...])
                } else {
                    startPending(rest, frame: frame)
                    return
                }
            }
        }
    }

    /// The reassembler gave up on `missing` bytes: drop any partial message and resync after them.
    /// Returns how many bytes of a partial message were thrown away.
    mutating func skip(missing: UInt64, _ sink: (Output) -> Void) -> Int {
        var discarded = 0
        if isResyncing {
            skipped += pending.count
            reportSkipped(sink)
        } else {
            discarded = pending.count
        }
        pending.removeAll(keepingCapacity: true)
        offset += missing
        pendingOffset = offset
        isResyncing = true
        skipped = 0
        return discarded
    }

    /// The stream ended: report what is left over.
    mutating func finish(_ sink: (Output) -> Void) {
        if isResyncing {
            skipped += pending.count
            reportSkipped(sink)
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
        _ bytes: UnsafeRawBufferPointer, firstFrame: Int, frame: Int, timestamp: StreamTimestamp, _ sink: (Output) -> Void
    ) {
        if version == nil { version = bytes[0] }
        sink(.message(bytes, firstFrame: firstFrame, frame: frame, timestamp: timestamp, offset: offset))
    }

    private mutating func startPending(_ bytes: UnsafeRawBufferPointer, frame: Int) {
        if bytes.count >= Self.headerLength { pending.reserveCapacity(Int(bytes.u16(2))) }
        pendingFirstFrame = frame
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
            beginResync(frame: pendingFirstFrame, offset: pendingOffset, skipped: Self.headerLength)
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
            // The message's offset is where it started, not where the stream is now.
            let end = offset
            offset = pendingOffset
            pending.withUnsafeBytes { emit($0, firstFrame: pendingFirstFrame, frame: frame, timestamp: timestamp, sink) }
            offset = end
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

    private mutating func beginResync(frame: Int, offset start: UInt64, skipped count: Int) {
        isResyncing = true
        skipped = count
        skipStartFrame = frame
        skipStartOffset = start
    }

    /// Scans `pending` + `rest` for a plausible header. Returns the part of `rest` not consumed
    /// (empty when the scan used it all up).
    private mutating func resync(_ rest: UnsafeRawBufferPointer, frame: Int, _ sink: (Output) -> Void) -> UnsafeRawBufferPointer {
        if skipped == 0 && pending.isEmpty {
            skipStartFrame = frame
            skipStartOffset = offset
        }
        let pc = pending.count
        let total = pc + rest.count
        func byte(_ i: Int) -> UInt8 { i < pc ? pending[i] : rest[i - pc] }
        var p = 0
        while p + 4 <= total {
            let length = UInt16(byte(p + 2)) << 8 | UInt16(byte(p + 3))
            if OFHeaderCheck.isPlausible(version: byte(p), type: byte(p + 1), length: length, expectedVersion: version) {
                skipped += p
                reportSkipped(sink)
                isResyncing = false
                if p >= pc {
                    pending.removeAll(keepingCapacity: true)
                    offset += UInt64(p - pc)
                    pendingOffset = offset
                    return UnsafeRawBufferPointer(rebasing: rest[(p - pc)...])
                }
                // The header starts in the kept tail: it becomes a partial message.
                pending.removeFirst(p)
                pendingOffset += UInt64(p)
                return rest
            }
            p += 1
        }
        // Nothing yet: keep the last three bytes, which might start a header with the next chunk.
        let keep = min(3, total)
        skipped += total - keep
        if keep <= rest.count {
            pending.removeAll(keepingCapacity: true)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[(rest.count - keep)...]))
            pendingFirstFrame = frame
        } else {
            pending.removeFirst(pc - (keep - rest.count))
            pending.append(contentsOf: rest)
        }
        offset += UInt64(rest.count)
        pendingOffset = offset - UInt64(keep)
        return UnsafeRawBufferPointer(rebasing: rest[rest.count...])
    }

    private mutating func reportSkipped(_ sink: (Output) -> Void) {
        if skipped > 0 {
            sink(.garbage(.skippedToResync, frame: skipStartFrame, offset: skipStartOffset, byteCount: skipped))
        }
        skipped = 0
    }
}
