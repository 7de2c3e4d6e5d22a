/// Writes JSON text into a reusable byte buffer without building intermediate
/// values, so that rendering a packet allocates nothing once the buffer has grown.
///
/// Usage: `w.beginObject(); w.key("frame"); w.number(1); w.endObject()`.
/// Commas are placed automatically. Invariant: `needsComma` is true when the
/// last thing written at the current nesting level was a complete value.
///
/// The text goes into a `ByteSink` (raw-pointer writes): appending to a `[UInt8]` piece by piece
/// was most of `decode --json`'s time. `bytes` gives a copy, for callers that render once.
public struct JSONWriter: ~Copyable {
    /// The text written so far.
    public var sink: ByteSink
    @usableFromInline var needsComma = false

    public init(capacity: Int = 4096) { sink = ByteSink(capacity: capacity) }

    /// A copy of the text written so far (setting it replaces the text).
    public var bytes: [UInt8] {
        get { sink.bytes }
        set { sink.removeAll(); sink.append(contentsOf: newValue) }
    }

    /// The text written so far, borrowed for the call.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try sink.withUnsafeBytes(body)
    }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() { sink.removeAll(); needsComma = false }

    /// Drops what was written from byte `start` on, where a line (a JSON Lines record) began.
    public mutating func removeLine(from start: Int) { sink.removeLast(sink.count - start); needsComma = false }

    @inlinable @inline(__always) mutating func separator() { if needsComma { sink.append(UInt8(ascii: ",")) } }

    @inlinable public mutating func beginObject() { separator(); sink.append(UInt8(ascii: "{")); needsComma = false }
    @inlinable public mutating func endObject() { sink.append(UInt8(ascii: "}")); needsComma = true }
    @inlinable public mutating func beginArray() { separator(); sink.append(UInt8(ascii: "[")); needsComma = false }
    @inlinable public mutating func endArray() { sink.append(UInt8(ascii: "]")); needsComma = true }

    /// An object key; the value written next belongs to it. Comma, quotes and colon are
    /// written with the key in one reservation.
    @inlinable @inline(__always)
    public mutating func key(_ k: StaticString) {
        guard k.hasPointerRepresentation else {
            separator()
            sink.append(UInt8(ascii: "\""))
            sink.appendText(k)
            sink.appendText("\":")
            needsComma = false
            return
        }
        let n = k.utf8CodeUnitCount
        sink.reserve(n + 4)
        var p = sink.end
        if needsComma { p.initialize(to: UInt8(ascii: ",")); p += 1 }
        p.initialize(to: UInt8(ascii: "\""))
        ByteSink.copy(k.utf8Start, to: UnsafeMutableRawPointer(p + 1), count: n)
        (p + 1 + n).initialize(to: UInt8(ascii: "\""))
        (p + 2 + n).initialize(to: UInt8(ascii: ":"))
        sink.written += (needsComma ? 1 : 0) + n + 3
        needsComma = false
    }

    /// `"k":v`, an integer member: the key and the number in one reservation, which is most of
    /// what a member costs (decoded layers and messages are mostly integer members).
    @inlinable
    public mutating func field<T: BinaryInteger>(_ k: StaticString, _ v: T) {
        guard k.hasPointerRepresentation, let m = UInt64(exactly: v.magnitude) else { key(k); number(v); return }
        let n = k.utf8CodeUnitCount
        var digits = 1
        var probe = m
        while probe >= 10 { probe /= 10; digits += 1 }
        let negative = v < 0
        let total = (needsComma ? 1 : 0) + n + 3 + (negative ? 1 : 0) + digits
        sink.reserve(total)
        var p = sink.end
        if needsComma { p.initialize(to: UInt8(ascii: ",")); p += 1 }
        p.initialize(to: UInt8(ascii: "\""))
        ByteSink.copy(k.utf8Start, to: UnsafeMutableRawPointer(p + 1), count: n)
        (p + 1 + n).initialize(to: UInt8(ascii: "\""))
        (p + 2 + n).initialize(to: UInt8(ascii: ":"))
        p += n + 3
        if negative { p.initialize(to: UInt8(ascii: "-")); p += 1 }
        var i = digits
        var x = m
        repeat {
            i -= 1
            (p + i).initialize(to: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: x % 10))
            x /= 10
        } while x != 0
        sink.written += total
        needsComma = true
    }

    /// An object key known only at run time (escaped). Disfavoured so that a literal key
    /// takes the StaticString overload, which copies bytes without escaping them.
    @_disfavoredOverload
    public mutating func key(_ k: String) {
        separator()
        writeEscaped(k)
        sink.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Inlinable so that each integer type gets a specialised copy: the generic one looks
    /// protocol conformances up at run time, per number.
    @inlinable
    public mutating func number<T: BinaryInteger>(_ v: T) {
        separator()
        sink.appendDecimal(v)
        needsComma = true
    }

    /// A floating-point number; non-finite values become null (JSON has no NaN).
    public mutating func number(_ v: Double) {
        guard v.isFinite else { null(); return }
        separator()
        sink.appendText(v.description)
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
        if units < 0 { sink.append(UInt8(ascii: "-")); whole = -whole; frac = -frac }
        sink.appendDecimal(whole)
        sink.append(UInt8(ascii: "."))
        // The fraction's digits, zero-padded: 0 ≤ frac < p = 10^fractionDigits.
        sink.appendZeroPadded(UInt64(frac), width: fractionDigits)
        needsComma = true
    }

    public mutating func bool(_ v: Bool) {
        separator()
        sink.appendText(v ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        separator()
        sink.appendText("null")
        needsComma = true
    }

    @inlinable
    public mutating func string(_ s: StaticString) {
        guard s.hasPointerRepresentation else {
            separator()
            sink.append(UInt8(ascii: "\""))
            sink.appendText(s)
            sink.append(UInt8(ascii: "\""))
            needsComma = true
            return
        }
        // Comma, quotes and text in one reservation.
        let n = s.utf8CodeUnitCount
        let p = openString(room: n + 1)
        ByteSink.copy(s.utf8Start, to: UnsafeMutableRawPointer(p), count: n)
        (p + n).initialize(to: UInt8(ascii: "\""))
        sink.written += n + 1
        needsComma = true
    }

    /// Reserves room for a comma (when due), an opening quote and `room` more bytes; writes the
    /// first two and returns where the rest goes (the caller adds what it writes to the count).
    @inlinable @inline(__always)
    mutating func openString(room: Int) -> UnsafeMutablePointer<UInt8> {
        sink.reserve(room + 2)
        var p = sink.end
        if needsComma { p.initialize(to: UInt8(ascii: ",")); p += 1; sink.written += 1 }
        p.initialize(to: UInt8(ascii: "\""))
        sink.written += 1
        return p + 1
    }

    /// Text known only at run time (escaped). Disfavoured so that literals take the StaticString overload.
    @_disfavoredOverload
    public mutating func string(_ s: String) {
        separator()
        writeEscaped(s)
        needsComma = true
    }

    /// A string value whose text `body` appends straight into the buffer, unescaped: the caller
    /// writes only bytes that need no escaping in JSON.
    public mutating func rawString(_ body: (inout ByteSink) -> Void) {
        separator()
        sink.append(UInt8(ascii: "\""))
        body(&sink)
        sink.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A MAC address as "aa:bb:cc:dd:ee:ff", written without building a String.
    public mutating func string(_ mac: MACAddress) {
        let p = openString(room: 18)
        ByteSink.writeMAC(mac, at: p)
        p[17] = UInt8(ascii: "\"")
        sink.written += 18
        needsComma = true
    }

    /// An IPv4 address as dotted-quad text, written without building a String.
    public mutating func string(_ ip: IPv4Address) {
        let p = openString(room: 16)
        let n = ByteSink.writeIPv4(ip, at: p)
        p[n] = UInt8(ascii: "\"")
        sink.written += n + 1
        needsComma = true
    }

    /// Bytes as a lower-case hex string (for raw bodies).
    public mutating func hexString(_ raw: UnsafeRawBufferPointer) {
        separator()
        sink.append(UInt8(ascii: "\""))
        sink.reserve(2 * raw.count)
        let p = sink.end
        for (i, b) in raw.enumerated() {
            p[2 * i] = hexDigitByte(b >> 4); p[2 * i + 1] = hexDigitByte(b & 0xf)
        }
        sink.written += 2 * raw.count
        sink.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Ends a JSON Lines record.
    public mutating func newline() { sink.append(UInt8(ascii: "\n")); needsComma = false }

    mutating func writeEscaped(_ s: String) {
        sink.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Most text (names, labels) needs no escape: copy it whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x7f || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                sink.append(utf8)
                return
            }
            for c in utf8 {
                switch c {
                case UInt8(ascii: "\""): sink.append(UInt8(ascii: "\\")); sink.append(c)
                case UInt8(ascii: "\\"): sink.append(UInt8(ascii: "\\")); sink.append(c)
                case 0x0a: sink.append(UInt8(ascii: "\\")); sink.append(UInt8(ascii: "n"))
                case 0x0d: sink.append(UInt8(ascii: "\\")); sink.append(UInt8(ascii: "r"))
                case 0x09: sink.append(UInt8(ascii: "\\")); sink.append(UInt8(ascii: "t"))
                case 0..<0x20, 0x7f:
                    sink.appendText("\\u00")
                    sink.append(hexDigitByte(c >> 4)); sink.append(hexDigitByte(c & 0xf))
                default: sink.append(c)
                }
            }
        }
        sink.append(UInt8(ascii: "\""))
    }
}
