#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// The few file-system operations the pipeline's edges need (finding a session's files, writing a
/// report folder), on the C library directly: errors carry the system's own words (`strerror`),
/// and the executable does not link Foundation for them (see docs/PERFORMANCE.md, start-up).
public enum FileSystem {
    /// What a path names, symbolic links followed.
    public enum Kind: Equatable, Sendable {
        case directory
        /// A session's captures are read twice (to infer the configuration, then to replay), which
        /// only a regular file can be, not a pipe or a device.
        case regular
        case other
    }

    /// What `path` names; nil when nothing (or nothing reachable) is there.
    public static func kind(_ path: String) -> Kind? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .regular
        default: return .other
        }
    }

    /// A failed operation: the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// `mkdir -p`: creates the folder and any missing parents.
    public static func makeDirectories(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(part) : "/" + part
            if mkdir(prefix, 0o777) == 0 { continue }
            let failure = errno
            if failure == EEXIST, kind(prefix) == .directory { continue }
            throw Failure(path: prefix, reason: failure == EEXIST ? "not a folder" : String(cString: strerror(failure)))
        }
    }

    /// Writes `text` as the whole content of the file at `path` (created or truncated).
    public static func write(_ text: String, to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var bytes = text
        var failure = bytes.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw Failure(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Writes every byte to the descriptor, through short writes and interruptions; 0 when done,
    /// else the `errno` that stopped it.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32 {
        var rest = bytes
        while !rest.isEmpty, let base = rest.baseAddress {
            let n = systemWrite(fd, base, rest.count)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        return 0
    }

    /// The names in a folder (no `.` and `..`), in the order the system lists them; nil when it
    /// cannot be read.
    public static func entries(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
