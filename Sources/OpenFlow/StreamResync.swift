import Wire

/// Finding a message boundary again after damage (a gap, or a header with a length below 8).
///
/// An OpenFlow stream has no markers, so a boundary can only be guessed. The rule here: a
/// position is accepted when its header is plausible (`OFHeaderCheck`: the direction's version
/// once known, a type that version defines, length ≥ 8) AND the message it announces ends either
/// exactly where the bytes received so far end (senders write whole messages, so a segment end
/// is a strong sign) or just before another plausible header. A candidate that fails is passed
/// over and the scan moves on by one byte. A candidate whose end has not arrived yet is waited for
/// (at most 65535 + 4 bytes), unless a later segment start is itself a confirmed candidate: that
/// one wins. These checks are what keep a run of bytes like `01 01 c1 6a` in a packet body (an IP
/// address and a port) from being taken for an ERROR message of 49514 bytes that would swallow the
/// rest of the stream. The cost: a genuine message split over segments right after a gap may be
/// passed over for the next segment that starts with a message.
///
/// While resyncing, incoming bytes are copied into `buffer` (this only happens after damage), with
/// a record of which frame each byte came from so messages framed from the buffer still name their
/// first and completing frames. Bytes ruled out are dropped from the front every 4 KiB, so the
/// buffer stays below about 4 KiB + 64 KiB + one segment.
struct StreamResync {
    struct Record {
        var start: Int
        var frame: Int
        var timestamp: StreamTimestamp
    }

    private(set) var buffer: [UInt8] = []
    /// Where scanning resumes: everything before it is ruled out.
    private(set) var head = 0
    private var records: [Record] = []
    /// Stream offset of `buffer[0]`.
    private(set) var bufferOffset: UInt64 = 0
    /// Bytes already ruled out and dropped from the buffer (plus a bad header that started the run).
    private var dropped = 0
    private(set) var skipStartFrame = 0
    private(set) var skipStartOffset: UInt64 = 0

    static let compactionThreshold = 4096

    /// Starts a resync run at stream offset `offset`. `alreadySkipped` bytes just before it (a bad
    /// header) belong to the run, which then starts at `skipStart` in `frame`.
    mutating func begin(at offset: UInt64, alreadySkipped: Int = 0, skipStart: UInt64? = nil, frame: Int = 0) {
        buffer.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        head = 0
        bufferOffset = offset
        dropped = alreadySkipped
        skipStartOffset = skipStart ?? offset
        skipStartFrame = frame
    }

    /// Bytes passed over so far in this run (including the buffered bytes before `head`).
    var skippedSoFar: Int { dropped + head }

    /// Everything buffered counts as skipped (the stream ended or another gap came).
    var skippedIfAbandoned: Int { dropped + buffer.count }

    mutating func append(_ chunk: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp) {
        if buffer.isEmpty && dropped == 0 { skipStartFrame = frame }
        records.append(Record(start: buffer.count, frame: frame, timestamp: timestamp))
        buffer.append(contentsOf: chunk)
    }

    /// Scans from `head`; true when `head` is an accepted boundary, false when more bytes are needed.
    mutating func scan(expectedVersion: UInt8?) -> Bool {
        var h = head
        let records = self.records
        let found: Bool = buffer.withUnsafeBytes { buf in
            func plausible(_ at: Int) -> Bool {
                OFHeaderCheck.isPlausible(version: buf[at], type: buf[at + 1], length: buf.u16(at + 2),
                                          expectedVersion: expectedVersion)
            }
            /// true: accepted; false: rejected; nil: its end has not arrived yet.
            func verdict(_ at: Int) -> Bool? {
                guard plausible(at) else { return false }
                let end = at + Int(buf.u16(at + 2))
                if end == buf.count { return true }
                if end + 4 > buf.count { return nil }
                return plausible(end)
            }
            while h + 4 <= buf.count {
                switch verdict(h) {
                case true?: return true
                case false?: h += 1
                case nil:
                    // Unresolved: a later segment start that is itself confirmed wins (senders
                    // start segments with messages); otherwise wait for more bytes.
                    for r in records where r.start > h && r.start + 4 <= buf.count {
                        if verdict(r.start) == true { h = r.start; return true }
                    }
                    return false
                }
            }
            return false
        }
        head = h
        if !found && head >= Self.compactionThreshold { dropPrefix(head) }
        return found
    }

    /// The frame and timestamp the byte at buffer index `i` came from.
    func origin(of i: Int) -> (frame: Int, timestamp: StreamTimestamp) {
        var lo = 0
        var hi = records.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if records[mid].start <= i { lo = mid } else { hi = mid - 1 }
        }
        guard records.indices.contains(lo) else { return (0, .zero) }
        return (records[lo].frame, records[lo].timestamp)
    }

    /// The latest frame (in capture order), with its timestamp, among those the bytes at buffer
    /// indices `range` came from: the frame that completed them, when segments arrived out of order.
    func latestOrigin(of range: Range<Int>) -> (frame: Int, timestamp: StreamTimestamp) {
        var lo = 0
        var hi = records.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if records[mid].start <= range.lowerBound { lo = mid } else { hi = mid - 1 }
        }
        guard records.indices.contains(lo) else { return (0, .zero) }
        var best = (records[lo].frame, records[lo].timestamp)
        var k = lo + 1
        while k < records.count && records[k].start < range.upperBound {
            if records[k].frame > best.0 { best = (records[k].frame, records[k].timestamp) }
            k += 1
        }
        return best
    }

    /// A bad header at buffer index `i` inside framed data: a new run starts after its 8 bytes.
    mutating func restart(afterBadHeaderAt i: Int) {
        let frame = origin(of: i).frame
        let start = bufferOffset + UInt64(i)
        dropPrefix(min(i + StreamFramer.headerLength, buffer.count))
        dropped = StreamFramer.headerLength
        skipStartOffset = start
        skipStartFrame = frame
    }

    /// Done: frees the buffer (a resync is rare; its memory need not stay with the stream).
    mutating func reset() {
        buffer = []
        records = []
        head = 0
        dropped = 0
    }

    private mutating func dropPrefix(_ n: Int) {
        guard n > 0 else { return }
        buffer.removeFirst(n)
        bufferOffset += UInt64(n)
        dropped += n
        head = max(0, head - n)
        // Keep the record covering the new first byte.
        var keepFrom = 0
        while keepFrom + 1 < records.count, records[keepFrom + 1].start <= n { keepFrom += 1 }
        records.removeFirst(keepFrom)
        for k in records.indices { records[k].start = max(0, records[k].start - n) }
    }
}
