/// Owned action lists shared between messages that carry the same bytes.
///
/// A controller sends the same few action lists over and over (the lab's balancer: one per server
/// forward, one per client port back, `OUTPUT TABLE` on every PACKET_OUT). Building each as a new
/// `[OFAction]` was an allocation, a fill and a destroy per FLOW_MOD and PACKET_OUT, a twentieth of
/// `lbtrace check`; a list met again is now a reference count. Arrays are values, so sharing their
/// storage is invisible to whoever holds one.
///
/// Bounds: `capacity` lists of at most `maxBytes` bytes each are remembered (longer lists are built
/// every time), so a lookup compares at most `capacity × maxBytes` bytes, whatever the input; a
/// list not found replaces the slots in turn.
public struct OFActionListInterner {
    public static let capacity = 16
    public static let maxBytes = 64

    private var keys: [[UInt8]] = []
    private var lists: [[OFAction]] = []
    private var nextVictim = 0

    public init() {}

    /// The owned actions of `list`: a remembered array with the same bytes, or a new one.
    public mutating func actions(_ list: OFActionList) -> [OFAction] {
        let bytes = list.bytes
        guard bytes.count <= Self.maxBytes else { return list.actions }
        for i in keys.indices where keys[i].count == bytes.count {
            if keys[i].withUnsafeBytes({ Self.same($0, bytes) }) { return lists[i] }
        }
        let made = list.actions
        if keys.count < Self.capacity {
            keys.append(Array(bytes))
            lists.append(made)
        } else {
            keys[nextVictim] = Array(bytes)
            lists[nextVictim] = made
            nextVictim = (nextVictim + 1) % Self.capacity
        }
        return made
    }

    /// Whether two buffers of equal length hold the same bytes; eight at a time (actions are
    /// multiples of eight bytes long).
    private static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 8 <= a.count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
