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

    @inlinable mutating func separator() { if needsComma { bytes.append(UInt8(ascii: ",")) } }

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// An object key; the value written next belongs to it.
    public mutating func key(_ k: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
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
    /// protocol conformances up at run time, per number.
    @inlinable
    public mutating func number<T: BinaryInteger>(_ v: T) {
        separator()
        if v == 0 { bytes.append(UInt8(ascii: "0")); needsComma = true; return }
        var magnitude = v.magnitude
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        // Swap in place: `bytes[start...].reverse()` copies the slice into a new
        // buffer on every call, which broke this writer's no-allocation promise.
        var lo = start, hi = bytes.count - 1
        while lo < hi { let t = bytes[lo]; bytes[lo] = bytes[hi]; bytes[hi] = t; lo += 1; hi -= 1 }
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
        needsComma = false
        number(whole)
        bytes.append(UInt8(ascii: "."))
        var div = p / 10
        while div > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((frac / div) % 10))
            div /= 10
        }
        needsComma = true
    }

    public mutating func bool(_ v: Bool) {
        separator()
        let word: StaticString = v ? "true" : "false"
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    public mutating func null() {
        separator()
        bytes.append(contentsOf: [0x6e, 0x75, 0x6c, 0x6c])
        needsComma = true
    }

    public mutating func string(_ s: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
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
        for i in stride(from: 40, through: 0, by: -8) {
            let b = UInt8((mac.rawValue >> UInt64(i)) & 0xff)
            bytes.append(Self.hex[Int(b >> 4)]); bytes.append(Self.hex[Int(b & 0xf)])
            if i > 0 { bytes.append(UInt8(ascii: ":")) }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// An IPv4 address as dotted-quad text, written without building a String.
    public mutating func string(_ ip: IPv4Address) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        for shift in stride(from: 24, through: 0, by: -8) {
            let octet = (ip.rawValue >> UInt32(shift)) & 0xff
            needsComma = false
            appendDecimal(Int(octet))
            if shift > 0 { bytes.append(UInt8(ascii: ".")) }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Bytes as a lower-case hex string (for raw bodies).
    public mutating func hexString(_ raw: UnsafeRawBufferPointer) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        for b in raw { bytes.append(Self.hex[Int(b >> 4)]); bytes.append(Self.hex[Int(b & 0xf)]) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Ends a JSON Lines record.
    public mutating func newline() { bytes.append(UInt8(ascii: "\n")); needsComma = false }

    @usableFromInline static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func appendDecimal(_ v: Int) {
        if v >= 100 { bytes.append(UInt8(ascii: "0") + UInt8(v / 100)) }
        if v >= 10 { bytes.append(UInt8(ascii: "0") + UInt8((v / 10) % 10)) }
        bytes.append(UInt8(ascii: "0") + UInt8(v % 10))
    }

    mutating func writeEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case 0x0a: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0d: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7f:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hex[Int(c >> 4)]); bytes.append(Self.hex[Int(c & 0xf)])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
