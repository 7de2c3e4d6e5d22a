/// Why a capture file could not be read, or where reading stopped.
///
/// Every error names the file; those met while reading records also name the
/// frame that could not be read (1-based, as Wireshark numbers frames) and the
/// byte offset in the file where its record begins.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The file could not be opened (missing, unreadable).
        case cannotOpen = "cannot_open"
        /// Not a pcap or pcapng file, or its file header is damaged or cut short.
        case badFileHeader = "bad_file_header"
        /// The link type is not one lbtrace decodes.
        case unsupportedLinkType = "unsupported_link_type"
        /// A record is cut short by the end of the file.
        case truncatedRecord = "truncated_record"
        /// A record header is impossible (length beyond the snapshot length, a lying block length).
        case corruptRecord = "corrupt_record"
    }

    public var kind: Kind
    public var file: String
    /// The frame that could not be read; nil for errors of the file as a whole.
    public var frame: Int?
    /// Byte offset in the file where the damaged record (or block) begins.
    public var offset: Int64?
    /// What libpcap, or lbtrace, said was wrong.
    public var detail: String

    public init(kind: Kind, file: String, frame: Int? = nil, offset: Int64? = nil, detail: String) {
        self.kind = kind; self.file = file; self.frame = frame; self.offset = offset; self.detail = detail
    }

    public var description: String {
        var s = "\(file)"
        if let frame { s += ": frame \(frame)" }
        if let offset { s += " (offset \(offset))" }
        return s + ": \(detail)"
    }
}
