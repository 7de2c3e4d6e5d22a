import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One record read from a capture.
///
/// `bytes` borrows libpcap's buffer: it is valid only until the next call of
/// `CaptureReader.next()` (or until the reader is closed). Copy what must outlive it.
public struct Frame {
    /// 1-based, as Wireshark numbers frames.
    public var number: Int
    public var timestamp: Timestamp
    /// Bytes present in the file (`caplen`).
    public var capturedLength: Int
    /// Bytes on the wire (`len`); larger than `capturedLength` when the snapshot length cut it.
    public var originalLength: Int
    /// Byte offset in the file at which this frame's record (or pcapng block) begins.
    public var fileOffset: Int64
    public var bytes: UnsafeRawBufferPointer
    /// Set when the record's header claimed more bytes than the file's snapshot length allows:
    /// libpcap reads only the snapshot length and skips the rest, so the frame is damaged in a way
    /// `capturedLength < originalLength` does not show. The claimed length; nil for sound records.
    public var claimedBeyondSnapshot: Int? = nil
}

/// Reads a pcap or pcapng file record by record through libpcap.
///
/// The file is streamed: libpcap holds one record at a time, so memory does not
/// grow with the file. When a record is damaged, `next()` throws a
/// `CaptureError` naming the frame and offset, and afterwards returns nil:
/// everything before the damage has been delivered.
public final class CaptureReader {
    public let path: String
    public let linkType: LinkType
    /// The snapshot length from the file header (per interface for pcapng: the first one's).
    public let snapshotLength: Int
    /// Whether the file is pcapng rather than classic pcap.
    public let isPcapng: Bool
    /// Whether the capture is read as it comes (standard input, a pipe): it cannot be read again,
    /// and a writer may still be adding to it.
    public let isStream: Bool

    private var handle: OpaquePointer?
    /// The file's stdio buffer, ours so that it can be larger than stdio's 4 KiB (freed after the
    /// handle, which reads through it, is closed).
    private var streamBuffer: UnsafeMutableRawPointer?
    private var framesRead = 0
    /// Where the next classic-pcap record begins, when known without asking the file.
    private var nextOffset: Int64?
    private var finished = false

    /// Opens `path` (`-`: standard input). Throws `CaptureError` for a file that cannot be opened,
    /// is not a capture, has a damaged header, or a link type lbtrace cannot decode
    /// (pass `allowUnsupportedLinkType` to read such records raw).
    ///
    /// A pipe is read as it comes, once: byte offsets of classic pcap records are counted, up to the
    /// first record at the snapshot length (whether it was longer in the stream, and so where the
    /// next one begins, cannot be known); those of pcapng blocks are not known.
    public init(path: String, allowUnsupportedLinkType: Bool = false) throws(CaptureError) {
        self.path = path
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        // Probe the magic first: libpcap's message for a missing file and for a
        // non-capture differ in wording across versions; ours should not.
        guard let f = path == "-" ? Self.openStandardInput() : fopen(path, "rb") else {
            throw CaptureError(kind: .cannotOpen, file: path, detail: "cannot open: \(String(cString: strerror(errno)))")
        }
        // libpcap reads a record at a time through stdio, whose buffer is 4 KiB: a read system call
        // every 4 KiB was a quarter of the C loop's time on the benchmark's capture (0.068 s against
        // 0.054 s with 256 KiB; 1 MiB gained nothing more). Set before the first read, as stdio requires.
        let buffer = malloc(Self.streamBufferSize)
        if let buffer { setvbuf(f, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, Self.streamBufferSize) }
        // Asked of the descriptor, before stdio has read anything: a failed seek on the stream
        // itself may drop what stdio has buffered.
        let seekable = lseek(fileno(f), 0, SEEK_CUR) >= 0
        isStream = !seekable
        var magic: UInt32 = 0
        let got = fread(&magic, 1, 4, f)
        isPcapng = got == 4 && magic == 0x0A0D_0D0A
        if seekable {
            rewind(f)
        } else {
            // A pipe cannot go back: the bytes just read are handed back to stdio, last first. stdio
            // promises one byte of push-back; glibc's and the BSDs' take back any bytes that are
            // still in the buffer they came from, as these are (read into an empty buffer just now).
            let handedBack = withUnsafeBytes(of: magic) { bytes in
                bytes.prefix(got).reversed().allSatisfy { ungetc(Int32($0), f) != EOF }
            }
            guard handedBack else {
                fclose(f)
                free(buffer)
                throw CaptureError(kind: .cannotOpen, file: path,
                                   detail: "cannot read a capture from this stream: its first bytes could not be handed back after probing them; save it to a file first")
            }
            // Records are counted from the end of the 24-byte file header (ftello cannot tell on a pipe).
            if !isPcapng { nextOffset = 24 }
        }
        guard let p = pcap_fopen_offline_with_tstamp_precision(f, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf) else {
            // On failure libpcap leaves the file to its caller.
            fclose(f)
            free(buffer)
            let message = String(decoding: errbuf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // libpcap says "unknown file format"; name the bytes so the user can tell what the file is.
            let detail = message.isEmpty || message == "unknown file format"
                ? "not a pcap or pcapng file (the first bytes, \(Self.magicText(magic, count: got)), are no capture magic number)"
                : message
            throw CaptureError(kind: .badFileHeader, file: path, offset: 0, detail: detail)
        }
        streamBuffer = buffer
        handle = p
        linkType = LinkType(dlt: pcap_datalink(p))
        snapshotLength = Int(pcap_snapshot(p))
        if !linkType.isSupported && !allowUnsupportedLinkType {
            close()
            throw CaptureError(kind: .unsupportedLinkType, file: path, offset: 0,
                               detail: "unsupported link type \(linkType.linktypeValue); lbtrace reads Ethernet, Linux cooked v1/v2, raw IP and null/loopback")
        }
    }

    deinit { close() }

    public func close() {
        if let h = handle { pcap_close(h) }  // closes the file too
        handle = nil
        free(streamBuffer)
        streamBuffer = nil
    }

    /// Standard input as a stream of its own (a duplicate descriptor: closing the capture leaves
    /// the process's standard input open); nil with `errno` set when it cannot be had.
    private static func openStandardInput() -> UnsafeMutablePointer<FILE>? {
        let fd = dup(STDIN_FILENO)
        guard fd >= 0 else { return nil }
        guard let f = fdopen(fd, "rb") else {
            let saved = errno
            closeDescriptor(fd)
            errno = saved
            return nil
        }
        return f
    }

    /// Bytes of the file's stdio buffer.
    static let streamBufferSize = 256 * 1024

    static func magicText(_ magic: UInt32, count: Int) -> String {
        // `magic` holds the file's first bytes in file order; print them as bytes.
        let bytes = withUnsafeBytes(of: magic) { Array($0.prefix(count)) }
        return bytes.isEmpty ? "none: the file is empty" : bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: " ")
    }

    /// The number of frames delivered so far.
    public var frameCount: Int { framesRead }

    /// The next frame, nil at the end of the file (or after damage has been reported).
    public func next() throws(CaptureError) -> Frame? {
        guard !finished, let h = handle else { return nil }
        let file = pcap_file(h)
        // Classic pcap: records follow each other, so the offset is arithmetic (ftello costs a
        // system call per record, a third of the reading time). pcapng blocks vary: ask the file.
        let offset: Int64
        if !isPcapng, let known = nextOffset { offset = known } else { offset = file.map { Int64(ftello($0)) } ?? -1 }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let rc = pcap_next_ex(h, &header, &data)
        switch rc {
        case 1:
            framesRead += 1
            guard let header, let data else { return nil }
            let hdr = header.pointee
            let cap = Int(hdr.caplen)
            var claimed: Int?
            nextOffset = offset >= 0 ? offset + 16 + Int64(cap) : nil
            // Only a record at (or cut to) the snapshot length can be longer in the file than it
            // reads: then ask the file where libpcap stopped.
            if !isPcapng, offset >= 0, cap >= snapshotLength, let file {
                let end = Int64(ftello(file))
                if end >= 0 {
                    nextOffset = end
                    let consumed = Int(end - offset) - 16
                    // libpcap cut a record longer than the snapshot length and skipped the rest.
                    if consumed > cap { claimed = consumed }
                } else {
                    // A pipe: whether libpcap skipped bytes of this record cannot be known, so
                    // neither can the offsets from here on (they are left out, not guessed).
                    nextOffset = nil
                }
            }
            return Frame(
                number: framesRead,
                timestamp: Timestamp(seconds: Int64(hdr.ts.tv_sec), nanoseconds: UInt32(truncatingIfNeeded: hdr.ts.tv_usec)),
                capturedLength: cap,
                originalLength: Int(hdr.len),
                fileOffset: offset,
                bytes: UnsafeRawBufferPointer(start: data, count: cap),
                claimedBeyondSnapshot: claimed)
        case PCAP_ERROR_BREAK:
            finished = true
            return nil
        default:
            finished = true
            let message = String(cString: pcap_geterr(h))
            let kind: CaptureError.Kind = message.contains("truncated") ? .truncatedRecord : .corruptRecord
            var detail = message
            if isPcapng && kind == .truncatedRecord {
                detail += " (the block's length field runs past the end of the file: a lying block length or a cut file)"
            } else if kind == .truncatedRecord {
                detail += " (the record runs past the end of the file)"
            }
            throw CaptureError(kind: kind, file: path, frame: framesRead + 1, offset: offset >= 0 ? offset : nil, detail: detail)
        }
    }
}

/// The C library's `close`, out of `CaptureReader`, whose own `close()` hides it there.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
