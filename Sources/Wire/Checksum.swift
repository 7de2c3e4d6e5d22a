/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement
/// sum of 16-bit big-endian words. Sums are kept unfolded in a UInt64 so they can
/// be accumulated over pieces (pseudo-header, header, payload) without overflow.
public enum InternetChecksum {
    /// Adds `bytes` as big-endian 16-bit words to `initial`. An odd final byte is
    /// padded with a zero, so only the last piece of a sum may have an odd length.
    @inlinable
    public static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt64 = 0) -> UInt64 {
        var acc = initial
        var i = 0
        let n = bytes.count
        // Eight bytes at a time as two 32-bit halves: a ones' complement sum may be taken over
        // wider words and folded at the end (RFC 1071 §2), and each half stays below 2^32, so the
        // 64-bit accumulator cannot overflow for any packet.
        while i + 8 <= n {
            let v = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            acc &+= (v >> 32) &+ (v & 0xffff_ffff)
            i += 8
        }
        while i + 1 < n {
            acc &+= UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        if i < n { acc &+= UInt64(bytes[i]) << 8 }
        return acc
    }

    /// Sum over a range of an array (emitters build packets in `[UInt8]`).
    @inlinable
    public static func sum(_ bytes: [UInt8], _ range: Range<Int>, initial: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { sum(UnsafeRawBufferPointer(rebasing: $0[range]), initial: initial) }
    }

    /// Folds the carries back in and complements: the value written into a header.
    @inlinable
    public static func finish(_ sum: UInt64) -> UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xffff) + (s >> 16) }
        return ~UInt16(s)
    }

    /// The IPv4 pseudo-header's contribution (RFC 793 / 768): addresses, protocol, length.
    @inlinable
    public static func pseudoHeader(source: IPv4Address, destination: IPv4Address, protocol proto: UInt8, length: Int) -> UInt64 {
        UInt64(source.rawValue >> 16) + UInt64(source.rawValue & 0xffff)
            + UInt64(destination.rawValue >> 16) + UInt64(destination.rawValue & 0xffff)
            + UInt64(proto) + UInt64(UInt32(truncatingIfNeeded: length) >> 16) + UInt64(length & 0xffff)
    }

    /// The IPv6 pseudo-header's contribution (RFC 8200 §8.1).
    @inlinable
    public static func pseudoHeader(source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, length: Int) -> UInt64 {
        @inline(__always) func words(_ half: UInt64) -> UInt64 {
            (half >> 48) + ((half >> 32) & 0xffff) + ((half >> 16) & 0xffff) + (half & 0xffff)
        }
        let acc = words(source.high) + words(source.low) + words(destination.high) + words(destination.low)
        let len = UInt32(truncatingIfNeeded: length)
        return acc + UInt64(len >> 16) + UInt64(len & 0xffff) + UInt64(nextHeader)
    }
}
