/// A 48-bit Ethernet address, held in the low 48 bits of `rawValue`.
public struct MACAddress: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    @inlinable public init(rawValue: UInt64) { self.rawValue = rawValue & 0xffff_ffff_ffff }

    public static let broadcast = MACAddress(rawValue: 0xffff_ffff_ffff)
    public static let zero = MACAddress(rawValue: 0)

    /// Parses `aa:bb:cc:dd:ee:ff` (also `-` separated).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var value: UInt64 = 0
        for p in parts {
            guard p.count <= 2, let b = UInt8(p, radix: 16) else { return nil }
            value = value << 8 | UInt64(b)
        }
        self.init(rawValue: value)
    }

    public var isBroadcast: Bool { rawValue == 0xffff_ffff_ffff }
    public var isMulticast: Bool { (rawValue >> 40) & 1 == 1 }

    public var description: String {
        var s = ""
        s.reserveCapacity(17)
        for i in stride(from: 40, through: 0, by: -8) {
            let b = UInt8((rawValue >> UInt64(i)) & 0xff)
            s += hexByte(b)
            if i > 0 { s += ":" }
        }
        return s
    }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.rawValue < b.rawValue }

    /// Appends the six bytes, most significant first.
    public func emit(into out: inout [UInt8]) {
        for i in stride(from: 40, through: 0, by: -8) { out.append(UInt8((rawValue >> UInt64(i)) & 0xff)) }
    }
}

/// An IPv4 address in host order in `rawValue` (10.0.0.1 is 0x0a000001).
public struct IPv4Address: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let b = UInt8(p) else { return nil }
            value = value << 8 | UInt32(b)
        }
        rawValue = value
    }

    public static let any = IPv4Address(rawValue: 0)

    public var description: String {
        "\(rawValue >> 24).\((rawValue >> 16) & 0xff).\((rawValue >> 8) & 0xff).\(rawValue & 0xff)"
    }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.rawValue < b.rawValue }

    public func emit(into out: inout [UInt8]) { out.appendU32(rawValue) }
}

/// An IPv6 address as two 64-bit halves, most significant first.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// RFC 5952 text: lower-case hex, the longest run of zero groups folded to `::`.
    public var description: String {
        var groups = [UInt16](repeating: 0, count: 8)
        for i in 0..<4 {
            groups[i] = UInt16((high >> UInt64(48 - 16 * i)) & 0xffff)
            groups[i + 4] = UInt16((low >> UInt64(48 - 16 * i)) & 0xffff)
        }
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen && j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        var s = ""
        var k = 0
        while k < 8 {
            if k == bestStart {
                s += "::"
                k += bestLen
                continue
            }
            if !s.isEmpty && !s.hasSuffix(":") { s += ":" }
            s += String(groups[k], radix: 16)
            k += 1
        }
        return s
    }
}

@usableFromInline let hexDigits: [Character] = Array("0123456789abcdef")

@inlinable func hexByte(_ b: UInt8) -> String {
    String([hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xf)]])
}
