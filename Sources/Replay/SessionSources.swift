import Foundation

/// The capture files of one session and what each is taken to hold.
public struct SessionSources: Sendable {
    public struct File: Sendable {
        public var path: String
        /// The switch port this file was captured on, when the file name says (`dp-s1-eth3.pcap` → 3).
        public var switchPort: UInt16?
    }

    public var files: [File]

    public init(files: [File]) { self.files = files }

    /// Expands command-line arguments: a file stands for itself; a folder stands for the lab's layout —
    /// `of.pcap` (control channel) and one data-plane source, preferring `ports/*.pcap` (they say which
    /// port saw each packet), then `dp.pcap`, then `dp-any.pcap`: the three hold the same packets, so
    /// taking more than one would count every packet twice. A folder without `of.pcap` stands for all
    /// the `.pcap`/`.pcapng` files directly in it.
    public static func expand(_ arguments: [String]) throws(SessionSourceError) -> SessionSources {
        var files: [File] = []
        let fm = FileManager.default
        for arg in arguments {
            var isDir: ObjCBool = false
            guard arg != "-" else { throw .notAFile(arg) }
            guard fm.fileExists(atPath: arg, isDirectory: &isDir) else { throw .missing(arg) }
            if !isDir.boolValue {
                guard isRegularFile(arg) else { throw .notAFile(arg) }
                files.append(File(path: arg, switchPort: portFromName(arg)))
                continue
            }
            // Paths are built as text so that reports name files as the user typed them.
            let base = Folder(arg)
            let of = base.appendingPathComponent("of.pcap").path
            if fm.fileExists(atPath: of) {
                files.append(File(path: of, switchPort: nil))
                let portsDir = base.appendingPathComponent("ports")
                let ports = ((try? fm.contentsOfDirectory(atPath: portsDir.path)) ?? []).filter(isCapture).sorted(by: naturalOrder)
                if !ports.isEmpty {
                    for p in ports { files.append(File(path: portsDir.appendingPathComponent(p).path, switchPort: portFromName(p))) }
                } else if fm.fileExists(atPath: base.appendingPathComponent("dp.pcap").path) {
                    files.append(File(path: base.appendingPathComponent("dp.pcap").path, switchPort: nil))
                } else if fm.fileExists(atPath: base.appendingPathComponent("dp-any.pcap").path) {
                    files.append(File(path: base.appendingPathComponent("dp-any.pcap").path, switchPort: nil))
                }
            } else {
                let all = ((try? fm.contentsOfDirectory(atPath: arg)) ?? []).filter(isCapture).sorted(by: naturalOrder)
                if all.isEmpty { throw .emptyFolder(arg) }
                for p in all { files.append(File(path: base.appendingPathComponent(p).path, switchPort: portFromName(p))) }
            }
        }
        return SessionSources(files: files)
    }

    /// A folder path joined as text (no absolute-path resolution).
    struct Folder {
        var path: String
        init(_ path: String) { self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path }
        func appendingPathComponent(_ c: String) -> Folder { Folder(path + "/" + c) }
    }

    /// Whether `path` (symbolic links followed) is a regular file: a session's captures are read
    /// twice (to infer the configuration, then to replay), which a pipe or a device cannot be.
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func isCapture(_ name: String) -> Bool {
        name.hasSuffix(".pcap") || name.hasSuffix(".pcapng") || name.hasSuffix(".cap")
    }

    /// `dp-s1-eth3.pcap` → 3: Mininet names switch interfaces `sN-ethP`, P being the OpenFlow port.
    /// The name must end `-eth`, ASCII digits, `.pcap` or `.pcapng`. Parsed by hand: a regular
    /// expression here was ICU's first use in the process, ten million instructions per run.
    static func portFromName(_ path: String) -> UInt16? {
        let name = path.utf8.split(separator: UInt8(ascii: "/")).last ?? path.utf8[...]
        let stem: Substring.UTF8View
        if name.suffix(5).elementsEqual(".pcap".utf8) {
            stem = name.dropLast(5)
        } else if name.suffix(7).elementsEqual(".pcapng".utf8) {
            stem = name.dropLast(7)
        } else {
            return nil
        }
        let digits = stem.reversed().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, stem.dropLast(digits.count).suffix(4).elementsEqual("-eth".utf8) else { return nil }
        var port: UInt32 = 0
        for d in digits.reversed() {
            port = port * 10 + UInt32(d - UInt8(ascii: "0"))
            if port > UInt32(UInt16.max) { return nil }
        }
        return UInt16(port)
    }

    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: .numeric) == .orderedAscending
    }
}

public enum SessionSourceError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case emptyFolder(String)
    case notAFile(String)

    public var description: String {
        switch self {
        case .missing(let p): "\(p): no such file or folder"
        case .emptyFolder(let p): "\(p): a folder with no capture files (.pcap, .pcapng)"
        case .notAFile(let p):
            "\(p): standard input, a pipe or a device, not a file: a session's captures are read twice (to infer the configuration, then to replay it); save the capture to a file first (`lbtrace decode` reads pipes)"
        }
    }
}
