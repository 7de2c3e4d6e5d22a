/// Up to 40 bytes of header options (the most IPv4 and TCP can carry) held inline,
/// so a parsed Repr keeps its options exactly — emit reproduces them byte for byte —
/// without allocating an array per packet.
public struct OptionBytes: Hashable, Sendable {
    public static let capacity = 40
    @usableFromInline var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    /// Number of bytes held; always `0...capacity`.
    public private(set) var count: Int = 0

    public init() {}

    /// Copies `raw`; nil when it is longer than `capacity`.
    public init?(_ raw: UnsafeRawBufferPointer) {
        guard raw.count <= Self.capacity else { return nil }
        Swift.withUnsafeMutableBytes(of: &storage) { dst in
            dst.copyMemory(from: raw)
        }
        count = raw.count
    }

    public init?(_ bytes: [UInt8]) {
        guard let v = bytes.withUnsafeBytes({ OptionBytes($0) }) else { return nil }
        self = v
    }

    public var isEmpty: Bool { count == 0 }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage) { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }

    /// The bytes as an array (allocates; for tests and emitters).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    public static func == (a: OptionBytes, b: OptionBytes) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
    }

    public func hash(into h: inout Hasher) {
        withUnsafeBytes { h.combine(bytes: $0) }
    }

    public func emit(into out: inout [UInt8]) {
        withUnsafeBytes { out.append(contentsOf: $0) }
    }
}
