import Capture
import Wire

/// A TCP connection's direction as the controller keys its memory:
/// (source IP, destination IP, source port, destination port).
public struct FlowKey: Hashable, Sendable, CustomStringConvertible, ProbingMapKey {
    public var srcIP: IPv4Address
    public var dstIP: IPv4Address
    public var srcPort: UInt16
    public var dstPort: UInt16

    public init(srcIP: IPv4Address, dstIP: IPv4Address, srcPort: UInt16, dstPort: UInt16) {
        self.srcIP = srcIP; self.dstIP = dstIP; self.srcPort = srcPort; self.dstPort = dstPort
    }

    public var description: String { "\(srcIP):\(srcPort) > \(dstIP):\(dstPort)" }

    /// Two words into the hasher, not four fields: the memory hashes a key several times per packet.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(srcIP.rawValue) << 32 | UInt64(dstIP.rawValue))
        hasher.combine(UInt32(srcPort) << 16 | UInt32(dstPort))
    }

    /// The addresses in one word, the ports in the other.
    public var hashWords: (UInt64, UInt64) {
        (UInt64(srcIP.rawValue) << 32 | UInt64(dstIP.rawValue), UInt64(srcPort) << 16 | UInt64(dstPort))
    }
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
    /// The decision (index into `decisionLog`) that created it; `beforeCapture` for a connection
    /// the controller remembered from before a capture that began mid-session.
    public var decision: Int

    /// `decision` of an entry no decision in the capture made.
    public static let beforeCapture = Int.max
}

/// The controller's flow memory: each entry reachable under both its keys,
/// sharing one expiry (refreshing through either key refreshes both, as the
/// controller's two dict slots point at one object).
///
/// Invariants: every id in `byKey` names a live entry (its slot holds one, at that
/// generation); `count` is the number of live entries; every entry's current
/// `expiresAt` is in `deadlines` beside its id (older, superseded deadlines may
/// linger there until they come due, and are then passed over). Expiry therefore
/// costs O(log n) per entry that goes, not a scan of the whole memory per run;
/// `deadlines` holds at most one item per insert or refresh within the last
/// timeout, so it is bounded by the connections the window holds.
@usableFromInline
struct FlowMemory: Sendable {
    /// The entries, in slots reused once freed. An entry's id is its slot and the slot's generation
    /// (`generation << 32 | slot`): an id held after its entry went (a superseded deadline, a displaced
    /// key) never finds the entry that took the slot since. Not a dictionary by id: hashing the id
    /// was a twentieth of `check`'s instructions, and the slots hold no more than the most entries
    /// ever live at once (a probing table held each in a slot of a table up to four times that).
    private var slots: [MemoryEntry?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    private var byKey = ProbingMap<FlowKey, Int>()
    private var deadlines = DeadlineQueue()

    func id(for key: FlowKey) -> Int? { byKey[key] }
    /// A hint that `key` will be looked up soon (see `ProbingMap.prefetch`).
    func prefetch(_ key: FlowKey) { byKey.prefetch(key) }
    subscript(id: Int) -> MemoryEntry? { liveSlot(id).flatMap { slots[$0] } }

    /// The slot of `id` while it holds that id's entry: nil once the entry went (the slot's
    /// generation moved on).
    private func liveSlot(_ id: Int) -> Int? {
        let slot = Self.slot(of: id)
        guard slot < slots.count, generations[slot] == UInt32(truncatingIfNeeded: id >> 32), slots[slot] != nil else { return nil }
        return slot
    }

    /// The slot an id names, live or not.
    private static func slot(of id: Int) -> Int { id & 0xffff_ffff }

    /// Entries live now.
    private(set) var count = 0
    /// Keys let go of so far (expired, or moved with a reassigned entry). Only this removes a key
    /// from the memory: one that was held is held still while the count has not moved.
    @usableFromInline private(set) var keysForgotten: UInt64 = 0
    /// Slots made so far: the most entries that were ever live at once.
    var slotCount: Int { slots.count }

    private mutating func remove(_ id: Int) {
        guard let slot = liveSlot(id) else { return }
        slots[slot] = nil
        generations[slot] &+= 1   // wraps after 2^32 reuses of one slot: no id lives that long
        freeSlots.append(slot)
        count -= 1
    }

    /// Stores a new entry under both keys, replacing what they pointed at.
    mutating func insert(_ e: MemoryEntry) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = e
        } else {
            slot = slots.count
            slots.append(e)
            generations.append(0)
        }
        count += 1
        let id = Int(generations[slot]) << 32 | slot
        deadlines.push(e.expiresAt, id)
        let displacedForward = byKey.updateValue(id, forKey: e.forwardKey)
        let displacedReverse = byKey.updateValue(id, forKey: e.reverseKey)
        // O(1) per insert: only the entries whose keys were just taken can have become unreachable.
        if let old = displacedForward, old != id { dropIfUnreachable(old) }
        if let old = displacedReverse, old != id { dropIfUnreachable(old) }
    }

    /// Moves an entry to another server: its reverse key changes with the server.
    mutating func reassign(_ id: Int, to server: IPv4Address) {
        guard let slot = liveSlot(id), var e = slots[slot] else { return }
        if byKey.removeValue(forKey: e.reverseKey, ifEqualTo: id) { keysForgotten &+= 1 }
        e.server = server
        e.reverseKey.srcIP = server
        slots[slot] = e
        let displaced = byKey.updateValue(id, forKey: e.reverseKey)
        if let displaced, displaced != id { dropIfUnreachable(displaced) }
    }

    private mutating func dropIfUnreachable(_ id: Int) {
        guard let e = self[id] else { return }
        if byKey[e.forwardKey] != id && byKey[e.reverseKey] != id { remove(id) }
    }

    mutating func refresh(_ id: Int, until t: Timestamp) {
        guard let slot = liveSlot(id) else { return }
        slots[slot]!.expiresAt = t
        deadlines.push(t, id)
    }

    /// Forgets entries whose expiry is strictly before `t`; returns how many keys went.
    @discardableResult
    mutating func expire(at t: Timestamp) -> Int {
        var removedKeys = 0
        while let (deadline, id) = deadlines.first, t > deadline {
            prefetchAhead()
            deadlines.removeFirst()
            // A superseded deadline (refreshed since) or an entry already dropped: nothing to do.
            guard let e = self[id], e.expiresAt == deadline else { continue }
            remove(id)
            if byKey.removeValue(forKey: e.forwardKey, ifEqualTo: id) { removedKeys += 1 }
            if byKey.removeValue(forKey: e.reverseKey, ifEqualTo: id) { removedKeys += 1 }
        }
        keysForgotten &+= UInt64(removedKeys)
        return removedKeys
    }

    var keyCount: Int { byKey.count }

    /// Expiries come in runs (the lab's controller forgets at each probe: hundreds of entries at
    /// once), each entry and its two keys a cache miss in tables of a window's connections. The
    /// run's later entries are fetched ahead: the entry `entryDistance` deadlines on, and the keys
    /// of the one `keyDistance` on (its entry fetched a few steps before). Hints only: what they
    /// read may be stale (superseded deadlines), and nothing depends on it.
    private static let entryDistance = 8, keyDistance = 4

    private func prefetchAhead() {
        if let (_, id) = deadlines.queued(ahead: Self.entryDistance), Self.slot(of: id) < slots.count {
            slots.prefetch(elementAt: Self.slot(of: id))
        }
        if let (_, id) = deadlines.queued(ahead: Self.keyDistance), let slot = liveSlot(id), let e = slots[slot] {
            byKey.prefetch(e.forwardKey)
            byKey.prefetch(e.reverseKey)
        }
    }
}

/// (deadline, entry id) pairs, earliest first.
///
/// Nearly every deadline arrives in time order (a packet's time plus a constant timeout), so those
/// queue in a plain array and leave from its head in O(1): the heap's O(log n) sift over a window's
/// worth of connections was 4% of `check` on a long capture. A deadline earlier than the last one
/// queued (a capture's timestamps can step back) goes to a heap instead, and `first` is the earlier
/// of the two heads. Among equal deadlines the order may differ from the heap's (by id); expiry
/// treats each entry on its own, so it does not matter.
///
/// Invariant: `inOrder[head...]` is sorted by deadline; `inOrder[..<head]` is spent and is
/// compacted away once it is at least half of the array.
struct DeadlineQueue: Sendable {
    private var inOrder: [(Timestamp, Int)] = []
    private var head = 0
    private var late = DeadlineHeap()

    var count: Int { inOrder.count - head + late.count }

    /// The deadline `n` places after the head of the in-order queue (not counting late ones), if any.
    func queued(ahead n: Int) -> (Timestamp, Int)? {
        head + n < inOrder.count ? inOrder[head + n] : nil
    }

    var first: (Timestamp, Int)? {
        let queued = head < inOrder.count ? inOrder[head] : nil
        guard let heaped = late.first else { return queued }
        guard let queued else { return heaped }
        return DeadlineHeap.less(heaped, queued) ? heaped : queued
    }

    mutating func push(_ deadline: Timestamp, _ id: Int) {
        if head < inOrder.count, deadline < inOrder[inOrder.count - 1].0 {
            late.push(deadline, id)
        } else {
            inOrder.append((deadline, id))
        }
    }

    mutating func removeFirst() {
        let queued = head < inOrder.count ? inOrder[head] : nil
        if let heaped = late.first, queued.map({ DeadlineHeap.less(heaped, $0) }) ?? true {
            late.removeFirst()
            return
        }
        guard queued != nil else { return }
        head += 1
        if head == inOrder.count {
            inOrder.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && 2 * head >= inOrder.count {
            inOrder.removeFirst(head)
            head = 0
        }
    }
}

/// A binary min-heap of (deadline, entry id), earliest first; ties by id so the order is stable.
struct DeadlineHeap: Sendable {
    private var items: [(Timestamp, Int)] = []

    var first: (Timestamp, Int)? { items.first }
    var count: Int { items.count }

    static func less(_ a: (Timestamp, Int), _ b: (Timestamp, Int)) -> Bool {
        a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    mutating func push(_ deadline: Timestamp, _ id: Int) {
        items.append((deadline, id))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func removeFirst() {
        guard !items.isEmpty else { return }
        let last = items.removeLast()
        guard !items.isEmpty else { return }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, Self.less(items[l], items[m]) { m = l }
            if r < items.count, Self.less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
    }
}
