@_spi(_Unicode) import Swift // String._nfd: the canonical decomposition, for `naturalOrder`
import Capture

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
        for arg in arguments {
            guard arg != "-" else { throw .notAFile(arg) }
            guard let kind = FileSystem.kind(arg) else { throw .missing(arg) }
            if kind != .directory {
                guard kind == .regular else { throw .notAFile(arg) }
                files.append(File(path: arg, switchPort: portFromName(arg)))
                continue
            }
            // Paths are built as text so that reports name files as the user typed them.
            let base = Folder(arg)
            let of = base.appendingPathComponent("of.pcap").path
            if FileSystem.kind(of) != nil {
                files.append(File(path: of, switchPort: nil))
                let portsDir = base.appendingPathComponent("ports")
                let ports = (FileSystem.entries(portsDir.path) ?? []).filter(isCapture).sorted(by: naturalOrder)
                if !ports.isEmpty {
                    for p in ports { files.append(File(path: portsDir.appendingPathComponent(p).path, switchPort: portFromName(p))) }
                } else if FileSystem.kind(base.appendingPathComponent("dp.pcap").path) != nil {
                    files.append(File(path: base.appendingPathComponent("dp.pcap").path, switchPort: nil))
                } else if FileSystem.kind(base.appendingPathComponent("dp-any.pcap").path) != nil {
                    files.append(File(path: base.appendingPathComponent("dp-any.pcap").path, switchPort: nil))
                }
            } else {
                let all = (FileSystem.entries(arg) ?? []).filter(isCapture).sorted(by: naturalOrder)
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

    /// File names in the order people number them, as Foundation's `.numeric` compare orders
    /// them: runs of ASCII digits compare by their value (`s2` before `s10`), everything else by
    /// the scalars of its canonical decomposition (`é` is `e` and an accent, so `élodie` comes
    /// before `sam`); names it holds equal (`s07`, `s7`) by their text, so the order is total.
    public static func naturalOrder(_ a: String, _ b: String) -> Bool {
        var i = a._nfd.makeIterator(), j = b._nfd.makeIterator()
        var x = i.next(), y = j.next()
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0.value >= 48 && $0.value <= 57 } ?? false }
        while let c = x, let d = y {
            if isDigit(c) && isDigit(d) {
                // Both runs, leading zeros dropped; the longer is larger, else the first difference says.
                var r: [UInt32] = [], s: [UInt32] = []
                while isDigit(x) { if !(r.isEmpty && x!.value == 48) { r.append(x!.value) }; x = i.next() }
                while isDigit(y) { if !(s.isEmpty && y!.value == 48) { s.append(y!.value) }; y = j.next() }
                if r.count != s.count { return r.count < s.count }
                if r != s { return r.lexicographicallyPrecedes(s) }
                continue
            }
            if c != d { return c.value < d.value }
            x = i.next(); y = j.next()
        }
        if (x == nil) != (y == nil) { return x == nil }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
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
