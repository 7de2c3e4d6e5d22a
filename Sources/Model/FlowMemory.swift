import Capture
import Wire

/// A TCP connection's direction as the controller keys its memory:
/// (source IP, destination IP, source port, destination port).
public struct FlowKey: Hashable, Sendable, CustomStringConvertible {
    public var srcIP: IPv4Address
    public var dstIP: IPv4Address
    public var srcPort: UInt16
    public var dstPort: UInt16

    public init(srcIP: IPv4Address, dstIP: IPv4Address, srcPort: UInt16, dstPort: UInt16) {
        self.srcIP = srcIP; self.dstIP = dstIP; self.srcPort = srcPort; self.dstPort = dstPort
    }

    public var description: String { "\(srcIP):\(srcPort) > \(dstIP):\(dstPort)" }
}

/// Where the controller directed one connection.
public struct MemoryEntry: Hashable, Sendable {
    public var server: IPv4Address
    /// The switch port the client's first packet came in on: the reverse rewrite's output.
    public var clientPort: UInt16
    /// Client to service: (client, service IP, client port, service port).
    public var forwardKey: FlowKey
    /// Server to client: (server, client, service port, client port).
    public var reverseKey: FlowKey
    /// Forgotten strictly after this.
    public var expiresAt: Timestamp
    /// The decision (index into `decisionLog`) that created it.
    public var decision: Int
}

/// The controller's flow memory: each entry reachable under both its keys,
/// sharing one expiry (refreshing through either key refreshes both, as the
/// controller's two dict slots point at one object).
///
/// Invariant: every id in `byKey` is in `entries`.
struct FlowMemory: Sendable {
    private(set) var entries: [Int: MemoryEntry] = [:]
    private var byKey: [FlowKey: Int] = [:]
    private var nextID = 0

    func id(for key: FlowKey) -> Int? { byKey[key] }
    subscript(id: Int) -> MemoryEntry? { entries[id] }

    /// Stores a new entry under both keys, replacing what they pointed at.
    mutating func insert(_ e: MemoryEntry) {
        let id = nextID
        nextID += 1
        entries[id] = e
        let displaced = [byKey[e.forwardKey], byKey[e.reverseKey]].compactMap { $0 }
        byKey[e.forwardKey] = id
        byKey[e.reverseKey] = id
        // O(1) per insert: only the entries whose keys were just taken can have become unreachable.
        for old in displaced where old != id { dropIfUnreachable(old) }
    }

    /// Moves an entry to another server: its reverse key changes with the server.
    mutating func reassign(_ id: Int, to server: IPv4Address) {
        guard var e = entries[id] else { return }
        if byKey[e.reverseKey] == id { byKey[e.reverseKey] = nil }
        e.server = server
        e.reverseKey.srcIP = server
        entries[id] = e
        let displaced = byKey[e.reverseKey]
        byKey[e.reverseKey] = id
        if let displaced, displaced != id { dropIfUnreachable(displaced) }
    }

    private mutating func dropIfUnreachable(_ id: Int) {
        guard let e = entries[id] else { return }
        if byKey[e.forwardKey] != id && byKey[e.reverseKey] != id { entries[id] = nil }
    }

    mutating func refresh(_ id: Int, until t: Timestamp) { entries[id]?.expiresAt = t }

    /// Forgets entries whose expiry is strictly before `t`; returns how many keys went.
    @discardableResult
    mutating func expire(at t: Timestamp) -> Int {
        let before = byKey.count
        byKey = byKey.filter { entries[$0.value].map { !(t > $0.expiresAt) } ?? false }
        collect()
        return before - byKey.count
    }

    /// Drops entries no key points at any more.
    private mutating func collect() {
        let used = Set(byKey.values)
        if used.count != entries.count { entries = entries.filter { used.contains($0.key) } }
    }

    var keyCount: Int { byKey.count }
}
