import CPrefetch

/// A key of at most two machine words: what `ProbingMap` hashes.
public protocol ProbingMapKey: Equatable {
    /// The key's bits, all of them: equal keys give equal words, and unequal keys should give
    /// unequal words (equality decides, but words that collide whatever the seed would let a
    /// crafted capture pile keys into one probe chain). A one-word key leaves the second 0.
    var hashWords: (UInt64, UInt64) { get }
}

/// A hash map from small keys to values, with open addressing and linear probing.
///
/// Why not `Dictionary`: the replay looks connections and flows up several times per packet, and
/// `Dictionary` runs SipHash (seed, combine, finalise) for every lookup: 6% of `check`. Here a
/// lookup is two multiplies of the key's words with a per-process random seed mixed in first (so
/// that a capture cannot be crafted to make keys collide), then a short probe.
///
/// Invariants: `slots.count` is a power of two (or 0) and more than a third of the slots are
/// empty (`count < 5/8 of capacity` after any insert), so every probe ends at an empty slot; every
/// key sits at its home slot or after it with no empty slot between (linear probing).
/// The table doubles when live keys would fill 5/8 of it: a table kept at most half full probed
/// less but cost a third more of `check`'s memory (its tables hold a window of connections, and a
/// window near half a power of two doubled them on a fluctuation).
/// Removal shifts the keys after the removed one back (Knuth's algorithm R) instead of leaving a
/// tombstone: keys that come and go, as connections do, filled the table with tombstones up to
/// three quarters, and a lookup of an absent key walked eight slots on average (a tenth of
/// `check`'s time went on these tables). There is no iteration: order would depend on the seed,
/// and nothing the report shows may depend on it.
public struct ProbingMap<Key: ProbingMapKey, Value> {
    /// The value comes first: a `FlowKey` (12 bytes) then an `Int` made a 24-byte payload whose tag
    /// byte rounded the slot up to 32; the other way round the tag fits in the key's tail padding
    /// and a slot is 24 bytes (`ProbingMapTests` holds it).
    @usableFromInline enum Slot {
        case empty
        case full(Value, Key)
    }

    @usableFromInline var slots: [Slot] = []
    @usableFromInline var live = 0

    /// The keys stored.
    public var count: Int { live }

    /// One seed per process, random: the table's layout is not predictable from the input. Copied
    /// into each table: read through the global, every hash called its lazy initialiser's check.
    @usableFromInline let seed: UInt64

    public init() { seed = probingMapSeed }

    public var isEmpty: Bool { live == 0 }

    /// Slots allocated (a power of two, or 0).
    public var capacity: Int { slots.count }

    /// Bytes a slot takes in the table.
    public static var slotStride: Int { MemoryLayout<Slot>.stride }

    @inlinable @inline(__always)
    func home(of key: Key, mask: Int) -> Int {
        let words = key.hashWords
        let first = (words.0 ^ seed).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        let second = (first.high ^ first.low ^ words.1).multipliedFullWidth(by: 0xFF51_AFD7_ED55_8CCD)
        return Int(truncatingIfNeeded: second.high ^ second.low) & mask
    }

    /// Starts fetching the cache line where a lookup of `key` begins, without waiting for it: for
    /// keys known ahead of their lookups (runs of expiries and retirements, a new connection's keys),
    /// so that a lookup does not stall on a table far larger than the cache. A hint only.
    @inlinable
    public func prefetch(_ key: Key) {
        guard !slots.isEmpty else { return }
        slots.prefetch(elementAt: home(of: key, mask: slots.count - 1))
    }

    /// The slot holding `key`, if any.
    @inlinable
    func find(_ key: Key) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = home(of: key, mask: mask)
        while case .full(_, let k) = slots[i] {
            if k == key { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    public subscript(key: Key) -> Value? {
        @inlinable get {
            guard let i = find(key), case .full(let v, _) = slots[i] else { return nil }
            return v
        }
        @inlinable set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// Stores `value` under `key`; returns the value it replaced, if any.
    @inlinable @discardableResult
    public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        if (live + 1) * 8 > slots.count * 5 { rehash() }
        let mask = slots.count - 1
        var i = home(of: key, mask: mask)
        while case .full(let old, let k) = slots[i] {
            if k == key {
                slots[i] = .full(value, key)
                return old
            }
            i = (i + 1) & mask
        }
        slots[i] = .full(value, key)
        live += 1
        return nil
    }

    /// Runs `body` on the value stored under `key`, storing `makeDefault()` first when there is none;
    /// returns whether the key was added. The value is taken out of its slot for the call, so that a
    /// copy-on-write value it holds is not shared while `body` changes it; `body` must not touch
    /// the map.
    @inlinable @discardableResult
    public mutating func modifyValue(forKey key: Key, default makeDefault: () -> Value, _ body: (inout Value) -> Void) -> Bool {
        if let i = find(key), case .full(var value, _) = slots[i] {
            slots[i] = .empty
            body(&value)
            slots[i] = .full(value, key)
            return false
        }
        var value = makeDefault()
        body(&value)
        updateValue(value, forKey: key)
        return true
    }

    /// Removes `key`; returns its value, if it was there.
    @inlinable @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? {
        guard let found = find(key), case .full(let old, _) = slots[found] else { return nil }
        remove(at: found)
        return old
    }

    /// Removes `key` only while it maps to `value`; whether it did. One probe, where asking for the
    /// value and then removing the key walked the same run twice.
    @inlinable @discardableResult
    public mutating func removeValue(forKey key: Key, ifEqualTo value: Value) -> Bool where Value: Equatable {
        guard let found = find(key), case .full(let old, _) = slots[found], old == value else { return false }
        remove(at: found)
        return true
    }

    /// Empties slot `found` (which holds a key) and closes the gap behind it.
    @inlinable mutating func remove(at found: Int) {
        // Close the gap: a key further along the run moves back into the hole unless its home lies
        // cyclically in (hole, its slot] — then moving it would put it before its home.
        let mask = slots.count - 1
        var hole = found
        var j = found
        while true {
            j = (j + 1) & mask
            guard case .full(_, let k) = slots[j] else { break }
            let h = home(of: k, mask: mask)
            let staysPut = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if staysPut { continue }
            slots[hole] = slots[j]
            hole = j
        }
        slots[hole] = .empty
        live -= 1
    }

    public mutating func removeAll() {
        slots = []
        live = 0
    }

    /// Rebuilds the table twice as large (16 slots to start).
    @inlinable mutating func rehash() {
        let capacity = slots.isEmpty ? 16 : slots.count * 2
        let old = slots
        slots = Array(repeating: .empty, count: capacity)
        live = 0
        let mask = capacity - 1
        for case .full(let v, let k) in old {
            var i = home(of: k, mask: mask)
            while case .full = slots[i] { i = (i + 1) & mask }
            slots[i] = .full(v, k)
            live += 1
        }
    }
}

extension ProbingMap: Sendable where Key: Sendable, Value: Sendable {}
extension ProbingMap.Slot: Sendable where Key: Sendable, Value: Sendable {}

/// Drawn once, when first used.
@usableFromInline let probingMapSeed = UInt64.random(in: .min ... .max)

extension Array {
    /// A hint that element `i` will be read soon: its cache line is fetched without waiting.
    /// Any `i` in `indices`; the array is not changed.
    @inlinable
    func prefetch(elementAt i: Int) {
        withUnsafeBufferPointer { lbtrace_prefetch($0.baseAddress.unsafelyUnwrapped + i) }
    }
}
