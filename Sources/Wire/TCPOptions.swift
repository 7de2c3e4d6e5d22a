/// Up to four SACK blocks (left edge, right edge), held inline.
public struct SACKBlocks: Hashable, Sendable {
    public static let capacity = 4
    @usableFromInline var edges: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    public private(set) var count = 0

    public init() {}

    /// Adds a block; ignored past four (a 40-byte option space cannot hold more).
    public mutating func append(left: UInt32, right: UInt32) {
        let v = UInt64(left) << 32 | UInt64(right)
        switch count {
        case 0: edges.0 = v
        case 1: edges.1 = v
        case 2: edges.2 = v
        case 3: edges.3 = v
        default: return
        }
        count += 1
    }

    public subscript(i: Int) -> (left: UInt32, right: UInt32) {
        precondition(i >= 0 && i < count, "SACK block index out of range")
        let v = switch i { case 0: edges.0; case 1: edges.1; case 2: edges.2; default: edges.3 }
        return (UInt32(v >> 32), UInt32(truncatingIfNeeded: v))
    }

    public static func == (a: SACKBlocks, b: SACKBlocks) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        for i in 0..<count { h.combine(self[i].left); h.combine(self[i].right) }
    }
}

/// One TCP option (RFC 9293, 7323, 2018).
public enum TCPOption: Hashable, Sendable {
    case endOfList
    case noOperation
    case maximumSegmentSize(UInt16)
    case windowScale(UInt8)
    case sackPermitted
    case sack(SACKBlocks)
    case timestamps(value: UInt32, echoReply: UInt32)
    /// A kind lbtrace does not decode; `length` includes kind and length bytes.
    case unknown(kind: UInt8, length: UInt8)

    /// Bytes this option occupies.
    public var length: Int {
        switch self {
        case .endOfList, .noOperation: 1
        case .maximumSegmentSize: 4
        case .windowScale: 3
        case .sackPermitted: 2
        case .sack(let b): 2 + 8 * b.count
        case .timestamps: 10
        case .unknown(_, let length): max(2, Int(length))
        }
    }

    /// Appends the option; an unknown kind's data is written as zeros.
    public func emit(into out: inout [UInt8]) {
        switch self {
        case .endOfList: out.appendU8(0)
        case .noOperation: out.appendU8(1)
        case .maximumSegmentSize(let v): out.appendU8(2); out.appendU8(4); out.appendU16(v)
        case .windowScale(let v): out.appendU8(3); out.appendU8(3); out.appendU8(v)
        case .sackPermitted: out.appendU8(4); out.appendU8(2)
        case .sack(let blocks):
            out.appendU8(5); out.appendU8(UInt8(2 + 8 * blocks.count))
            for i in 0..<blocks.count { out.appendU32(blocks[i].left); out.appendU32(blocks[i].right) }
        case .timestamps(let v, let e): out.appendU8(8); out.appendU8(10); out.appendU32(v); out.appendU32(e)
        case .unknown(let kind, let length):
            out.appendU8(kind); out.appendU8(UInt8(max(2, Int(length)))); out.appendZeros(max(2, Int(length)) - 2)
        }
    }
}

/// Reads TCP options one at a time from the raw option bytes.
///
/// `next()` returns nil at the end (after an end-of-list option, or when the bytes
/// run out) and throws — once, then returns nil — when an option's length lies:
/// zero or one for a kind that needs a length byte, past the end of the option
/// space, or wrong for a fixed-size kind. It never reads outside `bytes`.
public struct TCPOptionReader {
    public let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var done = false

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public mutating func next() throws(WireError) -> TCPOption? {
        guard !done, offset < bytes.count else { return nil }
        let kind = bytes.u8(offset)
        switch kind {
        case 0:
            done = true
            return .endOfList
        case 1:
            offset += 1
            return .noOperation
        default:
            break
        }
        guard offset + 2 <= bytes.count else { return try fail("option length past the end") }
        let length = Int(bytes.u8(offset + 1))
        guard length >= 2 else { return try fail("option length < 2") }
        guard offset + length <= bytes.count else { return try fail("option length past the end") }
        let at = offset
        offset += length
        switch kind {
        case 2:
            guard length == 4 else { return try fail("MSS option length is not 4") }
            return .maximumSegmentSize(bytes.u16(at + 2))
        case 3:
            guard length == 3 else { return try fail("window scale option length is not 3") }
            return .windowScale(bytes.u8(at + 2))
        case 4:
            guard length == 2 else { return try fail("SACK-permitted option length is not 2") }
            return .sackPermitted
        case 5:
            guard (length - 2) % 8 == 0 else { return try fail("SACK option length is not 2 + 8n") }
            var blocks = SACKBlocks()
            var b = at + 2
            while b + 8 <= at + length {
                blocks.append(left: bytes.u32(b), right: bytes.u32(b + 4))
                b += 8
            }
            return .sack(blocks)
        case 8:
            guard length == 10 else { return try fail("timestamps option length is not 10") }
            return .timestamps(value: bytes.u32(at + 2), echoReply: bytes.u32(at + 6))
        default:
            return .unknown(kind: kind, length: UInt8(length))
        }
    }

    private mutating func fail(_ reason: StaticString) throws(WireError) -> TCPOption? {
        done = true
        throw .malformed(layer: .tcpOption, reason: reason)
    }
}

/// Conveniences over a TCP option space (used by Reprs and summaries).
extension OptionBytes {
    /// The options as a list, stopping silently at a malformed one (allocates; for tests and text).
    public var tcpOptions: [TCPOption] {
        withUnsafeBytes { raw in
            var reader = TCPOptionReader(raw)
            var list: [TCPOption] = []
            while let o = try? reader.next() { list.append(o) }
            return list
        }
    }

    /// Encodes options, padding with end-of-list to a multiple of four; nil when over 40 bytes.
    public init?(tcpOptions: [TCPOption]) {
        var out: [UInt8] = []
        for o in tcpOptions { o.emit(into: &out) }
        while out.count % 4 != 0 { out.append(0) }
        self.init(out)
    }
}
