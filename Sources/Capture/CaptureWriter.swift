import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a capture file could not be written. Every error names the file.
public struct CaptureWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file could not be created (missing folder, no permission).
        case cannotCreate = "cannot_create"
        /// The system refused bytes (disk full, I/O error).
        case writeFailed = "write_failed"
        /// `write` after `close`.
        case closed
        /// A record longer than the snapshot length.
        case recordTooLong = "record_too_long"
    }

    public var kind: Kind
    public var file: String
    public var detail: String

    public init(kind: Kind, file: String, detail: String) {
        self.kind = kind; self.file = file; self.detail = detail
    }

    public var description: String { "\(file): \(detail)" }
}

/// Writes a classic pcap file record by record through libpcap (`pcap_dump`).
///
/// Streaming: each record goes to libpcap's stdio buffer as it is written, nothing is
/// kept, so memory does not grow with the capture. Timestamps are written at the
/// chosen precision (microseconds: the classic magic `a1b2c3d4`, what tcpdump writes;
/// nanoseconds: `a1b23c4d`); a nanosecond timestamp written at microsecond precision
/// is truncated. `close()` (or deinit) flushes; call it to learn about write errors.
public final class CaptureWriter {
    public enum Precision: Sendable {
        case microsecond
        case nanosecond
    }

    public let path: String
    public let linkType: LinkType
    public let precision: Precision
    public let snapshotLength: Int
    /// Records written so far; the last one's frame number as a reader will count it.
    public private(set) var framesWritten = 0

    private var pcap: OpaquePointer?
    private var dumper: OpaquePointer?

    /// Creates (or truncates) `path` and writes the pcap file header.
    public init(path: String, linkType: LinkType = .ethernet, precision: Precision = .microsecond,
                snapshotLength: Int = 262_144) throws(CaptureWriteError) {
        self.path = path; self.linkType = linkType; self.precision = precision; self.snapshotLength = snapshotLength
        let p = UInt32(precision == .nanosecond ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO)
        guard let dead = pcap_open_dead_with_tstamp_precision(linkType.linktypeValue, Int32(snapshotLength), p) else {
            throw CaptureWriteError(kind: .cannotCreate, file: path, detail: "libpcap could not set up link type \(linkType)")
        }
        guard let d = pcap_dump_open(dead, path) else {
            let message = String(cString: pcap_geterr(dead))
            pcap_close(dead)
            throw CaptureWriteError(kind: .cannotCreate, file: path, detail: "cannot create: \(message)")
        }
        pcap = dead
        dumper = d
    }

    deinit { try? close() }

    /// Appends one record: `bytes` as captured, `originalLength` on the wire (defaults to the bytes' length).
    public func write(_ bytes: UnsafeRawBufferPointer, timestamp: Timestamp, originalLength: Int? = nil) throws(CaptureWriteError) {
        guard let d = dumper else {
            throw CaptureWriteError(kind: .closed, file: path, detail: "write after close")
        }
        guard bytes.count <= snapshotLength else {
            throw CaptureWriteError(kind: .recordTooLong, file: path,
                                    detail: "frame \(framesWritten + 1): \(bytes.count) bytes exceed the snapshot length \(snapshotLength)")
        }
        var header = pcap_pkthdr()
        header.ts.tv_sec = time_t(timestamp.seconds)
        let fraction = precision == .nanosecond ? timestamp.nanoseconds : timestamp.nanoseconds / 1000
        header.ts.tv_usec = suseconds_t(fraction)
        header.caplen = UInt32(bytes.count)
        header.len = UInt32(max(originalLength ?? bytes.count, bytes.count))
        // pcap_dump's first argument is the dumper in disguise (a pcap_handler's user pointer).
        let user = UnsafeMutableRawPointer(d).assumingMemoryBound(to: UInt8.self)
        withUnsafePointer(to: &header) { h in
            pcap_dump(user, h, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!)
        }
        framesWritten += 1
        // pcap_dump reports nothing; the stdio error flag is sticky, so one check per record suffices.
        if let f = pcap_dump_file(d), ferror(f) != 0 {
            throw CaptureWriteError(kind: .writeFailed, file: path, detail: "frame \(framesWritten): \(String(cString: strerror(errno)))")
        }
    }

    public func write(_ bytes: [UInt8], timestamp: Timestamp, originalLength: Int? = nil) throws(CaptureWriteError) {
        let r: Result<Void, CaptureWriteError> = bytes.withUnsafeBytes { raw in
            do throws(CaptureWriteError) { try write(raw, timestamp: timestamp, originalLength: originalLength); return .success(()) }
            catch { return .failure(error) }
        }
        try r.get()
    }

    /// Pushes buffered records to the file (a reader can then see them).
    public func flush() throws(CaptureWriteError) {
        guard let d = dumper else { return }
        if pcap_dump_flush(d) != 0 {
            throw CaptureWriteError(kind: .writeFailed, file: path, detail: "flush: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes and closes the file; later writes throw `.closed`. Closing twice is harmless.
    public func close() throws(CaptureWriteError) {
        guard let d = dumper else { return }
        let flushFailed = pcap_dump_flush(d) != 0
        let reason = flushFailed ? String(cString: strerror(errno)) : ""
        pcap_dump_close(d)
        dumper = nil
        if let p = pcap { pcap_close(p) }
        pcap = nil
        if flushFailed {
            throw CaptureWriteError(kind: .writeFailed, file: path, detail: "close: \(reason)")
        }
    }
}
