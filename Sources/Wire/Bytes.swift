// Big-endian field access over borrowed bytes.
//
// Invariant: every `unchecked` accessor here trusts its caller to have
// checked the length first (the views call them only after `checkLength`).
// The checked variants return nil instead of trapping.

extension UnsafeRawBufferPointer {
    @inlinable @inline(__always)
    public func u8(_ offset: Int) -> UInt8 {
        self[offset]
    }

    @inlinable @inline(__always)
    public func u16(_ offset: Int) -> UInt16 {
        UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inlinable @inline(__always)
    public func u32(_ offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inlinable @inline(__always)
    public func u64(_ offset: Int) -> UInt64 {
        UInt64(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A 48-bit big-endian value (a MAC address field).
    @inlinable @inline(__always)
    public func u48(_ offset: Int) -> UInt64 {
        (UInt64(u16(offset)) << 32) | UInt64(u32(offset + 2))
    }

    /// The bytes in `range`, or nil when the range does not lie inside the buffer.
    @inlinable
    public func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        return UnsafeRawBufferPointer(rebasing: self[range])
    }

    /// The bytes from `offset` to the end, or nil when `offset` is past the end.
    @inlinable
    public func suffix(from offset: Int) -> UnsafeRawBufferPointer? {
        slice(offset..<count)
    }
}

/// Appending big-endian fields: the emitters' side of `Bytes`.
extension Array where Element == UInt8 {
    @inlinable public mutating func appendU8(_ v: UInt8) { append(v) }
    @inlinable public mutating func appendU16(_ v: UInt16) {
        append(UInt8(v >> 8)); append(UInt8(v & 0xff))
    }
    @inlinable public mutating func appendU32(_ v: UInt32) {
        appendU16(UInt16(v >> 16)); appendU16(UInt16(v & 0xffff))
    }
    @inlinable public mutating func appendU64(_ v: UInt64) {
        appendU32(UInt32(v >> 32)); appendU32(UInt32(v & 0xffff_ffff))
    }
    @inlinable public mutating func appendZeros(_ n: Int) {
        append(contentsOf: repeatElement(0, count: n))
    }
    /// Overwrites a big-endian u16 already appended (lengths and checksums known only at the end).
    @inlinable public mutating func setU16(_ v: UInt16, at offset: Int) {
        self[offset] = UInt8(v >> 8); self[offset + 1] = UInt8(v & 0xff)
    }
}
