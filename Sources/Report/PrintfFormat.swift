#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's `printf` formatting of numbers, for the few places a report pads or rounds them the way
/// `printf` does ("%+9.3f"): `vsnprintf` itself, so the digits are exactly the C library's.
///
/// Why not Foundation's `String(format:)`: it is the only reason the executable would link
/// Foundation (with ICU), whose protocol conformances the Swift runtime scans on every dynamic cast
/// of argument parsing — some 6 M instructions and 1 ms per run of `lbtrace` (see docs/PERFORMANCE.md).
public enum PrintfFormat {
    /// `format` must hold only conversions of the argument types given (`%f` for `Double`,
    /// `%ld` for `Int`): the arguments go through C's `va_list` unchecked.
    public static func string(_ format: String, _ arguments: CVarArg...) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        var needed = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        if needed >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(needed) + 1)
            needed = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        guard needed >= 0 else { return "" }
        return buffer.withUnsafeBufferPointer { p in
            String(decoding: UnsafeRawBufferPointer(start: p.baseAddress, count: Int(needed)), as: UTF8.self)
        }
    }
}
