import Capture
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or error, written with `write(2)` straight from the caller's bytes: no stdio
/// buffer (what is written is out, in the order written, as `FileHandle` did) and no copy into a
/// `Data` first.
///
/// A failed write to standard output (a full disk, a closed file) ends the process with status 2
/// and the system's reason on standard error — `FileHandle` trapped instead. A closed pipe still
/// ends it by SIGPIPE, as any Unix filter. A failed write to standard error is dropped: there is
/// nowhere left to say so.
enum StandardStream {
    case output
    case error

    private var descriptor: Int32 { self == .output ? 1 : 2 }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        let failure = FileSystem.writeAll(bytes, to: descriptor)
        guard failure != 0, self == .output else { return }
        StandardStream.error.write("lbtrace: cannot write the output: \(String(cString: strerror(failure)))\n")
        exit(2)
    }
}
