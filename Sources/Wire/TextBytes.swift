// Appending text to a byte buffer without building Strings: the writers behind `lbtrace decode`'s
// text and JSON output. Each call formats into a small stack buffer and appends it with one
// `append(contentsOf:)`, so a number or an address costs one uniqueness and capacity check and a
// copy, not one per byte (per-byte appends and String interpolation were most of decode's time).
// Nothing here allocates once the array has grown.

extension Array where Element == UInt8 {
    /// A literal's bytes (ASCII or UTF-8), copied as they are.
    @inlinable @inline(__always)
    public mutating func appendText(_ s: StaticString) {
        if s.hasPointerRepresentation {
            append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            s.withUTF8Buffer { append(contentsOf: $0) }
        }
    }

    /// A String's UTF-8 bytes: one copy for a native string.
    @inlinable
    public mutating func appendText(_ s: String) {
        var s = s
        s.withUTF8 { append(contentsOf: $0) }
    }

    /// Decimal digits of `v` (with `-` when negative), as `String(v)` writes them.
    @inlinable
    public mutating func appendDecimal<T: BinaryInteger>(_ v: T) {
        // 40 bytes hold every integer up to 128 bits and its sign.
        guard v.bitWidth <= 128 else { appendText(String(v)); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buf in
            var i = 40
            var m = v.magnitude
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
                m /= 10
            } while m != 0
            if v < 0 { i -= 1; buf[i] = UInt8(ascii: "-") }
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<40]))
        }
    }

    /// `v` in lower-case hex, zero-padded to at least `minDigits` digits (no prefix), as
    /// `String(v, radix: 16)` padded on the left. `v` must not be negative.
    @inlinable
    public mutating func appendHex<T: FixedWidthInteger>(_ v: T, minDigits: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buf in
            var i = 40
            var m = UInt64(truncatingIfNeeded: v)
            var digits = 0
            repeat {
                i -= 1
                buf[i] = hexDigitByte(UInt8(truncatingIfNeeded: m & 0xf))
                m >>= 4
                digits += 1
            } while m != 0 || digits < Swift.min(minDigits, 32)
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<40]))
        }
    }

    /// Dotted-quad text, as `IPv4Address.description`.
    @inlinable
    public mutating func appendIPv4(_ ip: IPv4Address) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buf in
            var n = 0
            for shift in stride(from: 24, through: 0, by: -8) {
                let v = Int((ip.rawValue >> UInt32(shift)) & 0xff)
                if v >= 100 { buf[n] = UInt8(ascii: "0") &+ UInt8(v / 100); n += 1 }
                if v >= 10 { buf[n] = UInt8(ascii: "0") &+ UInt8((v / 10) % 10); n += 1 }
                buf[n] = UInt8(ascii: "0") &+ UInt8(v % 10); n += 1
                if shift > 0 { buf[n] = UInt8(ascii: "."); n += 1 }
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
        }
    }

    /// `aa:bb:cc:dd:ee:ff`, as `MACAddress.description`.
    @inlinable
    public mutating func appendMAC(_ mac: MACAddress) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 17) { buf in
            var n = 0
            for i in stride(from: 40, through: 0, by: -8) {
                let b = UInt8(truncatingIfNeeded: mac.rawValue >> UInt64(i))
                buf[n] = hexDigitByte(b >> 4); buf[n + 1] = hexDigitByte(b & 0xf)
                n += 2
                if i > 0 { buf[n] = UInt8(ascii: ":"); n += 1 }
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
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

    /// `s` right-aligned in a field of `width` bytes (spaces before it), as a padded String
    /// would print for ASCII text. `body` appends the text; it is moved right afterwards.
    @inlinable
    public mutating func appendRightAligned(width: Int, _ body: (inout [UInt8]) -> Void) {
        let start = count
        body(&self)
        let written = count - start
        guard written < width else { return }
        let pad = width - written
        append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad))
        withUnsafeMutableBufferPointer { b in
            // Move the text right by `pad` and fill the front with spaces.
            var j = start + width - 1
            while j >= start + pad { b[j] = b[j - pad]; j -= 1 }
            while j >= start { b[j] = UInt8(ascii: " "); j -= 1 }
        }
    }
}

/// The lower-case hex digit of a nibble.
@inlinable @inline(__always)
public func hexDigitByte(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") &+ v : UInt8(ascii: "a") &+ (v &- 10) }
