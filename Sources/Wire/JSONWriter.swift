/// Writes JSON text into a reusable byte buffer without building intermediate
/// values, so that rendering a packet allocates nothing once the buffer has grown.
///
/// Usage: `w.beginObject(); w.key("frame"); w.number(1); w.endObject()`.
/// Commas are placed automatically. Invariant: `needsComma` is true when the
/// last thing written at the current nesting level was a complete value.
public struct JSONWriter {
    public var bytes: [UInt8] = []
    @usableFromInline var needsComma = false

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true); needsComma = false }

    @inlinable @inline(__always) mutating func separator() { if needsComma { bytes.append(UInt8(ascii: ",")) } }

    @inlinable public mutating func beginObject() { punctuation(UInt8(ascii: "{")); needsComma = false }
    @inlinable public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    @inlinable public mutating func beginArray() { punctuation(UInt8(ascii: "[")); needsComma = false }
    @inlinable public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// `c`, after a comma when one is due: one append either way.
    @inlinable @inline(__always) mutating func punctuation(_ c: UInt8) {
        if needsComma {
            withUnsafeBytes(of: (UInt8(ascii: ","), c)) { bytes.append(contentsOf: $0) }
        } else {
            bytes.append(c)
        }
    }

    /// An object key; the value written next belongs to it.
    /// Written in one piece (comma, quotes, colon and all) from a stack buffer: appending byte by
    /// byte made keys the single most expensive thing `decode --json` did.
    @inlinable
    public mutating func key(_ k: StaticString) {
        let n = k.utf8CodeUnitCount
        guard k.hasPointerRepresentation, n <= 60 else {
            separator()
            bytes.append(UInt8(ascii: "\""))
            k.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.appendText("\":")
            needsComma = false
            return
        }
        let comma = needsComma
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buf in
            var i = 0
            if comma { buf[0] = UInt8(ascii: ","); i = 1 }
            buf[i] = UInt8(ascii: "\"")
            UnsafeMutableRawPointer(buf.baseAddress! + i + 1).copyMemory(from: k.utf8Start, byteCount: n)
            i += n + 1
            buf[i] = UInt8(ascii: "\""); buf[i + 1] = UInt8(ascii: ":")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<(i + 2)]))
        }
        needsComma = false
    }

    /// An object key known only at run time (escaped). Disfavoured so that a literal key
    /// takes the StaticString overload, which copies bytes without escaping them.
    @_disfavoredOverload
    public mutating func key(_ k: String) {
        separator()
        writeEscaped(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Inlinable so that each integer type gets a specialised copy: the generic one looks
    /// protocol conformances up at run time, per number. The digits (and the comma before them)
    /// are formatted on the stack and appended at once.
    @inlinable
    public mutating func number<T: BinaryInteger>(_ v: T) {
        guard v.bitWidth <= 128 else { separator(); bytes.appendText(String(v)); needsComma = true; return }
        let comma = needsComma
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var i = 48
            var m = v.magnitude
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
                m /= 10
            } while m != 0
            if v < 0 { i -= 1; buf[i] = UInt8(ascii: "-") }
            if comma { i -= 1; buf[i] = UInt8(ascii: ",") }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<48]))
        }
        needsComma = true
    }

    /// A floating-point number; non-finite values become null (JSON has no NaN).
    public mutating func number(_ v: Double) {
        guard v.isFinite else { null(); return }
        separator()
        bytes.append(contentsOf: v.description.utf8)
        needsComma = true
    }

    /// A number with exactly `fractionDigits` decimals from an integer count of 10^-fractionDigits units
    /// (timestamps: seconds.nanoseconds without floating-point rounding).
    public mutating func fixedPoint(_ units: Int64, fractionDigits: Int) {
        separator()
        var p: Int64 = 1
        for _ in 0..<fractionDigits { p *= 10 }
        var whole = units / p
        var frac = units % p
        if units < 0 { bytes.append(UInt8(ascii: "-")); whole = -whole; frac = -frac }
        bytes.appendDecimal(whole)
        bytes.append(UInt8(ascii: "."))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var n = 0
            var div = p / 10
            while div > 0 && n < 20 {
                buf[n] = UInt8(ascii: "0") + UInt8((frac / div) % 10)
                n += 1
                div /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
        }
        needsComma = true
    }

    public mutating func bool(_ v: Bool) {
        separator()
        bytes.appendText(v ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        separator()
        bytes.appendText("null")
        needsComma = true
    }

    @inlinable
    public mutating func string(_ s: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.appendText(s)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Text known only at run time (escaped). Disfavoured so that literals take the StaticString overload.
    @_disfavoredOverload
    public mutating func string(_ s: String) {
        separator()
        writeEscaped(s)
        needsComma = true
    }

    /// A MAC address as "aa:bb:cc:dd:ee:ff", written without building a String.
    public mutating func string(_ mac: MACAddress) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.appendMAC(mac)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// An IPv4 address as dotted-quad text, written without building a String.
    public mutating func string(_ ip: IPv4Address) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.appendIPv4(ip)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Bytes as a lower-case hex string (for raw bodies), converted a stack buffer at a time.
    public mutating func hexString(_ raw: UnsafeRawBufferPointer) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buf in
            var n = 0
            for b in raw {
                buf[n] = hexDigitByte(b >> 4); buf[n + 1] = hexDigitByte(b & 0xf)
                n += 2
                if n == 256 { bytes.append(contentsOf: UnsafeBufferPointer(buf)); n = 0 }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Ends a JSON Lines record.
    public mutating func newline() { bytes.append(UInt8(ascii: "\n")); needsComma = false }

    mutating func writeEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Most text (names, labels) needs no escape: copy it whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x7f || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for c in utf8 {
                switch c {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
                case 0x0a: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case 0x0d: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                case 0..<0x20, 0x7f:
                    bytes.appendText("\\u00")
                    bytes.append(hexDigitByte(c >> 4)); bytes.append(hexDigitByte(c & 0xf))
                default: bytes.append(c)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
