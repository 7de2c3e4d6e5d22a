// Text output without Strings: the buffer behind `lbtrace decode`'s text and JSON output.
//
// `[UInt8].append` checks uniqueness and capacity on every call and copies through a generic
// path; with a hundred small pieces per JSON line that was most of `decode --json`'s time.
// ByteSink reserves once per piece and then stores through a raw pointer. Numbers and addresses
// are formatted in place. Nothing here allocates once the buffer has grown.

/// A growable byte buffer written through a raw pointer.
///
/// Noncopyable, so that it owns its bytes outright: as a copy-on-write value, every reservation
/// asked the runtime whether the storage was shared (a call per number or literal written, 5% of
/// `decode`'s text output). Pass it `inout`; read it with `withUnsafeBytes`, `bytes` or `string`.
/// Invariant: `count <= capacity`, and the first `count` bytes at `base` are initialised.
public struct ByteSink: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// Bytes written (stored under another name so that inlinable writers may set it).
    @usableFromInline var written = 0

    public var count: Int { written }

    public init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    public var isEmpty: Bool { written == 0 }

    /// Empties the buffer, keeping its storage.
    @inlinable public mutating func removeAll() { written = 0 }

    /// Drops the last `n` bytes written.
    public mutating func removeLast(_ n: Int = 1) {
        precondition(n >= 0 && n <= written, "removeLast beyond the bytes written")
        written -= n
    }

    /// Room for `n` more bytes.
    @inlinable @inline(__always)
    mutating func reserve(_ n: Int) {
        if _slowPath(written + n > capacity) { grow(n) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ n: Int) {
        let newCapacity = Swift.max(capacity * 2, written + n)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.initialize(from: base, count: written)
        base.deallocate()
        base = new
        capacity = newCapacity
    }

    /// Where the next byte goes; valid after `reserve` until the next write.
    @inlinable @inline(__always) var end: UnsafeMutablePointer<UInt8> { base + written }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        end.initialize(to: byte)
        written += 1
    }

    /// Always inlined: with a literal's length known at the call site, the copy folds to a
    /// couple of moves, and the call itself cost as much as the copy.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        Self.copy(source, to: UnsafeMutableRawPointer(end), count: bytes.count)
        written += bytes.count
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(bytes)) }

    public mutating func append(_ other: borrowing ByteSink) { other.withUnsafeBytes { append($0) } }

    public mutating func append(contentsOf bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    /// `n` copies of `byte`.
    public mutating func append(repeating byte: UInt8, count n: Int) {
        guard n > 0 else { return }
        reserve(n)
        end.initialize(repeating: byte, count: n)
        written += n
    }

    /// Copies `n` bytes from `source` to `target` (not overlapping). Short copies, which are
    /// nearly all of them here (keys, separators, literals), are done with two loads and two
    /// stores instead of a call to memmove.
    @inlinable @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 && n <= 16 {
            target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (target + n - 8).storeBytes(of: (source + n - 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
        } else if n >= 4 && n < 8 {
            target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
            (target + n - 4).storeBytes(of: (source + n - 4).loadUnaligned(as: UInt32.self), as: UInt32.self)
        } else if n < 4 {
            var i = 0
            while i < n { (target + i).storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), as: UInt8.self); i += 1 }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
    }

    /// The bytes written, borrowed for the call.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: written))
    }

    /// A copy of the bytes written.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The bytes written, decoded as UTF-8.
    public var string: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    // MARK: - Text

    /// A literal's bytes (ASCII or UTF-8), copied as they are.
    @inlinable @inline(__always)
    public mutating func appendText(_ s: StaticString) {
        if s.hasPointerRepresentation {
            append(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            s.withUTF8Buffer { append($0) }
        }
    }

    /// A String's UTF-8 bytes: one copy for a native string. Disfavoured so that a literal
    /// takes the StaticString overload (a literal defaults to String, and this path is slower).
    @inlinable @_disfavoredOverload
    public mutating func appendText(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Decimal digits of `v` (with `-` when negative), as `String(v)` writes them, formatted in place.
    @inlinable
    public mutating func appendDecimal<T: BinaryInteger>(_ v: T) {
        guard v.magnitude.bitWidth <= 64 || v.magnitude <= UInt64.max else { appendText(String(v)); return }
        let m = UInt64(truncatingIfNeeded: v.magnitude)
        if v < 0 {
            let n = Self.decimalDigitCount(m) + 1
            reserve(n)
            end.initialize(to: UInt8(ascii: "-"))
            Self.writeDecimal(m, digits: n - 1, at: end + 1)
            written += n
        } else {
            let n = Self.decimalDigitCount(m)
            reserve(n)
            Self.writeDecimal(m, digits: n, at: end)
            written += n
        }
    }

    /// How many decimal digits `v` has (1 for 0). Compares, smallest first: most numbers in a
    /// summary (ports, lengths, frame numbers) are short.
    @inlinable @inline(__always)
    static func decimalDigitCount(_ v: UInt64) -> Int {
        if v < 10 { return 1 }
        if v < 100 { return 2 }
        if v < 1000 { return 3 }
        if v < 10000 { return 4 }
        var n = 5
        var bound: UInt64 = 100_000   // 10^n
        while n < 20 && v >= bound {
            n += 1
            bound &*= 10   // wraps only after n reaches 20, where the loop stops
        }
        return n
    }

    /// Writes the `digits` decimal digits of `v` at `p` (`digits` from `decimalDigitCount(v)`, or
    /// more for zero padding).
    @inlinable @inline(__always)
    static func writeDecimal(_ v: UInt64, digits: Int, at p: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        var m = v
        var i = digits
        while i >= 2 {
            let q = m / 100
            let r = Int(truncatingIfNeeded: m &- q &* 100) &* 2
            i -= 2
            p[i] = pairs[r]
            p[i + 1] = pairs[r + 1]
            m = q
        }
        if i == 1 { p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10) }
    }

    /// Decimal digits of `v` (with `-` when negative) right-aligned in a field of `width` bytes:
    /// spaces before, none when the number is wider. The length is known before anything is
    /// written, so the padding goes first and nothing is moved.
    @inlinable @inline(__always)
    public mutating func appendDecimal(_ v: Int64, rightAlignedIn width: Int) {
        appendScaled(v, fractionDigits: 0, rightAlignedIn: width)
    }

    /// `v / 10^fractionDigits` in decimal, then (when `fractionDigits > 0`) a point and the
    /// remainder's `fractionDigits` digits, zero-padded — fixed-point text, `-` when negative —
    /// right-aligned in a field of `width` bytes. `fractionDigits` is at most 18.
    /// Always inlined: callers pass `fractionDigits` as a constant (0 for a right-aligned number, 6
    /// for the time column), and with it known the scale's loop and division fold away.
    @inlinable @inline(__always)
    public mutating func appendScaled(_ v: Int64, fractionDigits: Int, rightAlignedIn width: Int) {
        precondition(fractionDigits >= 0 && fractionDigits <= 18, "fractionDigits beyond 18")
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits { scale &*= 10 }
        let m = v.magnitude
        let whole = m / scale
        let sign = v < 0 ? 1 : 0
        let wholeDigits = Self.decimalDigitCount(whole)
        let length = sign &+ wholeDigits &+ (fractionDigits > 0 ? fractionDigits &+ 1 : 0)
        let pad = Swift.max(0, width &- length)
        reserve(pad &+ length)
        var p = end
        if pad > 0 { p.initialize(repeating: UInt8(ascii: " "), count: pad); p += pad }
        if sign == 1 { p.initialize(to: UInt8(ascii: "-")); p += 1 }
        Self.writeDecimal(whole, digits: wholeDigits, at: p)
        if fractionDigits > 0 {
            p[wholeDigits] = UInt8(ascii: ".")
            Self.writeDecimal(m &- whole &* scale, digits: fractionDigits, at: p + wholeDigits + 1)
        }
        written &+= pad &+ length
    }

    /// Exactly `width` decimal digits of `v` (0 ≤ v < 10^width), zero-padded on the left.
    @inlinable
    public mutating func appendZeroPadded(_ v: UInt64, width: Int) {
        guard width > 0 else { return }
        reserve(width)
        Self.writeDecimal(v, digits: width, at: end)
        written += width
    }

    /// `v` in lower-case hex, zero-padded to at least `minDigits` digits (no prefix), as
    /// `String(v, radix: 16)` padded on the left. `v` must not be negative.
    @inlinable
    public mutating func appendHex<T: FixedWidthInteger>(_ v: T, minDigits: Int) {
        let value = UInt64(truncatingIfNeeded: v)
        var digits = 1
        while digits < 16 && value >> UInt64(4 * digits) != 0 { digits += 1 }
        let n = Swift.max(digits, Swift.min(minDigits, 32))
        reserve(n)
        let p = end
        var m = value
        var i = n
        while i > 0 {
            i -= 1
            (p + i).initialize(to: hexDigitByte(UInt8(truncatingIfNeeded: m & 0xf)))
            m >>= 4
        }
        written += n
    }

    /// Dotted-quad text, as `IPv4Address.description`. Always inlined: a summary line writes up to
    /// six addresses, and the call cost a fifth of each.
    @inlinable @inline(__always)
    public mutating func appendIPv4(_ ip: IPv4Address) {
        reserve(16)
        written += Self.writeIPv4(ip, at: end)
    }

    /// Writes `ip` as dotted-quad text at `p`; returns the bytes written (7 to 15). Needs room
    /// for 16: each octet is one four-byte store from `octetDots` (digits and a dot), the last one
    /// spilling up to one byte past the text.
    @inlinable @inline(__always)
    static func writeIPv4(_ ip: IPv4Address, at p: UnsafeMutablePointer<UInt8>) -> Int {
        let v = ip.rawValue
        let target = UnsafeMutableRawPointer(p)
        var n = putOctetDot(v &>> 24, target)
        n &+= putOctetDot((v &>> 16) & 0xff, target + n)
        n &+= putOctetDot((v &>> 8) & 0xff, target + n)
        return n &+ putOctetDot(v & 0xff, target + n) &- 1   // no dot after the last octet
    }

    /// Stores the four bytes of `octetDots` for `v` (0...255) at `p`; returns its digit count
    /// plus one (the dot). Branch-free: addresses mix one-, two- and three-digit octets.
    @inlinable @inline(__always)
    static func putOctetDot(_ v: UInt32, _ p: UnsafeMutableRawPointer) -> Int {
        let table = UnsafeRawPointer(octetDots.utf8Start)
        p.storeBytes(of: table.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: v) &* 4, as: UInt32.self),
                     as: UInt32.self)
        return 2 &+ (v >= 10 ? 1 : 0) &+ (v >= 100 ? 1 : 0)
    }

    /// `aa:bb:cc:dd:ee:ff`, as `MACAddress.description`.
    @inlinable
    public mutating func appendMAC(_ mac: MACAddress) {
        reserve(17)
        Self.writeMAC(mac, at: end)
        written += 17
    }

    /// Writes `mac` as `aa:bb:cc:dd:ee:ff` (17 bytes, no more) at `p`: a two-byte store from
    /// `hexPairs` per byte.
    @inlinable @inline(__always)
    static func writeMAC(_ mac: MACAddress, at p: UnsafeMutablePointer<UInt8>) {
        let table = UnsafeRawPointer(hexPairs.utf8Start)
        let target = UnsafeMutableRawPointer(p)
        let v = mac.rawValue
        for i in 0..<6 {
            let b = Int(truncatingIfNeeded: (v &>> UInt64(40 &- 8 &* i)) & 0xff)
            target.storeBytes(of: table.loadUnaligned(fromByteOffset: b &* 2, as: UInt16.self),
                              toByteOffset: 3 &* i, as: UInt16.self)
            if i < 5 { p[3 &* i &+ 2] = UInt8(ascii: ":") }
        }
    }

    /// RFC 5952 text, as `IPv6Address.description`.
    public mutating func appendIPv6(_ ip: IPv6Address) {
        func group(_ i: Int) -> UInt16 {
            let half = i < 4 ? ip.high : ip.low
            return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (i % 4)))
        }
        // The longest run (of two or more) of zero groups, first one on a tie.
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            guard group(i) == 0 else { i += 1; continue }
            var j = i
            while j < 8 && group(j) == 0 { j += 1 }
            if j - i > bestLength && j - i >= 2 { bestStart = i; bestLength = j - i }
            i = j
        }
        var k = 0
        var wroteGroup = false
        while k < 8 {
            if k == bestStart {
                appendText("::")
                k += bestLength
                wroteGroup = false
                continue
            }
            if wroteGroup { append(UInt8(ascii: ":")) }
            appendHex(group(k), minDigits: 1)
            wroteGroup = true
            k += 1
        }
    }

    /// TCP flags as tshark's summary shows them, `[SYN, ACK]`, `[<None>]` when none is set.
    public mutating func appendTCPFlags(_ flags: TCPFlags) {
        // A handshake's and a stream's usual sets as whole literals: the loop over the bits, a
        // closure call per flag set, was a hundred instructions a segment.
        switch flags.rawValue {
        case 0x02: appendText("[SYN]"); return
        case 0x12: appendText("[SYN, ACK]"); return
        case 0x10: appendText("[ACK]"); return
        case 0x18: appendText("[PSH, ACK]"); return
        case 0x11: appendText("[FIN, ACK]"); return
        default: break
        }
        append(UInt8(ascii: "["))
        var first = true
        flags.forEachName { name in
            if !first { appendText(", ") }
            appendText(name)
            first = false
        }
        if first { appendText("<None>") }
        append(UInt8(ascii: "]"))
    }

}

/// The lower-case hex digit of a nibble.
@inlinable @inline(__always)
public func hexDigitByte(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ (v &- 10) }
