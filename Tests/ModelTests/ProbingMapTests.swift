import Model
import Testing

/// `ProbingMap` must answer as `Dictionary` does under any mix of inserts, replacements and
/// removals (plain, and only while the key holds a given value): through growth, removals that
/// shift a run of keys back, and keys that share a hash word.
struct ProbingMapTests {
    /// A key whose hash words keep only a few bits, so that many keys collide and probes run long.
    struct CrowdedKey: ProbingMapKey, Hashable {
        var value: UInt32
        var hashWords: (UInt64, UInt64) { (UInt64(value & 0x7), 0) }
    }

    /// A plain one-word key.
    struct Number: ProbingMapKey, ExpressibleByIntegerLiteral {
        var value: Int
        init(integerLiteral value: Int) { self.value = value }
        init(_ value: Int) { self.value = value }
        var hashWords: (UInt64, UInt64) { (UInt64(bitPattern: Int64(value)), 0) }
    }

    /// A small deterministic generator (xorshift), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: UInt32) -> UInt32 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt32(truncatingIfNeeded: state % UInt64(bound))
        }
    }

    /// The flow memory's table holds a window of connections, twice over: a slot of a key of 12
    /// bytes and an id must stay at 24 bytes (value first, so the tag byte fits in the padding).
    @Test func flowKeySlotsAreTwentyFourBytes() {
        #expect(ProbingMap<FlowKey, Int>.slotStride == 24)
    }

    @Test(arguments: [(UInt64(1), UInt32(50)), (UInt64(7), UInt32(5_000)), (UInt64(99), UInt32(200))])
    func agreesWithDictionary(seed: UInt64, keySpace: UInt32) {
        var rng = Generator(state: seed)
        var map = ProbingMap<CrowdedKey, Int>()
        var reference: [CrowdedKey: Int] = [:]
        for step in 0..<40_000 {
            let key = CrowdedKey(value: rng.next(keySpace))
            switch rng.next(5) {
            case 0, 1:
                #expect(map.updateValue(step, forKey: key) == reference.updateValue(step, forKey: key))
            case 4:
                // Changed in place: added with the default when absent, else the stored value changed.
                let wasThere = reference[key] != nil
                reference[key, default: -step] += 3
                #expect(map.modifyValue(forKey: key, default: { -step }) { $0 += 3 } == !wasThere)
            case 2:
                #expect(map.removeValue(forKey: key) == reference.removeValue(forKey: key))
            default:
                // Asked with the value stored half the time, and with another value the other half.
                let stored = reference[key]
                let asked = rng.next(2) == 0 ? (stored ?? -1) : step
                let removes = stored == asked
                if removes { reference[key] = nil }
                #expect(map.removeValue(forKey: key, ifEqualTo: asked) == removes)
            }
            #expect(map.count == reference.count)
        }
        for v in 0..<keySpace {
            let key = CrowdedKey(value: v)
            #expect(map[key] == reference[key], "key \(v)")
        }
    }

    /// Removal keeps every key findable in long runs of keys sharing eight homes (runs that, with
    /// the seed, may wrap around the table's end).
    @Test func removalAcrossTheWrap() {
        var map = ProbingMap<CrowdedKey, Int>()
        for v in UInt32(0)..<9 { map[CrowdedKey(value: v)] = Int(v) }   // grows to 16 slots
        for v in UInt32(0)..<9 where v % 2 == 0 { map[CrowdedKey(value: v)] = nil }
        for v in UInt32(0)..<9 { #expect(map[CrowdedKey(value: v)] == (v % 2 == 0 ? nil : Int(v)), "key \(v)") }
        for v in UInt32(100)..<108 { map[CrowdedKey(value: v)] = Int(v) }
        for v in UInt32(0)..<9 where v % 2 == 1 { map[CrowdedKey(value: v)] = nil }
        for v in UInt32(100)..<108 { #expect(map[CrowdedKey(value: v)] == Int(v)) }
        #expect(map.count == 8)
    }

    /// `modifyValue` hands the body the map's only copy of the value: a copy-on-write box in it is
    /// changed in place, not copied (the replay keeps each data-plane trace's lists this way).
    @Test func modifyValueChangesTheStoredValueInPlace() {
        final class Box { var items: [Int] = [] }
        var map = ProbingMap<Number, Box>()
        let box = Box()
        map[1] = box
        #expect(!map.modifyValue(forKey: 1, default: { Box() }) { $0.items.append(7) })
        #expect(box.items == [7] && map[1] === box)
        // Held by the map alone, the value is unique in the body: its slot let go of it for the call.
        map[2] = Box()
        var unique = false
        map.modifyValue(forKey: 2, default: { Box() }) { unique = isKnownUniquelyReferenced(&$0) }
        #expect(unique)
        #expect(map.modifyValue(forKey: 3, default: { Box() }) { $0.items = [3] })
        #expect(map[3]?.items == [3] && map.count == 3)
    }

    @Test func subscriptSetsAndRemoves() {
        var map = ProbingMap<Number, String>()
        #expect(map.isEmpty)
        map[5] = "five"
        map[-3] = "minus three"
        #expect(map[5] == "five" && map[-3] == "minus three" && map[4] == nil)
        map[5] = "FIVE"
        #expect(map[5] == "FIVE" && map.count == 2)
        map[5] = nil
        #expect(map[5] == nil && map.count == 1)
        map.removeAll()
        #expect(map.isEmpty && map[-3] == nil)
    }

    /// A prefetch is a hint: on an empty table (no storage yet) and for keys present or absent it
    /// neither traps nor changes what the table holds.
    @Test func prefetchChangesNothing() {
        var map = ProbingMap<Number, Int>()
        map.prefetch(7)
        #expect(map.isEmpty && map.capacity == 0)
        for k in 0..<100 { map[Number(k)] = k }
        for k in -50..<150 { map.prefetch(Number(k)) }
        #expect(map.count == 100)
        for k in -50..<150 { #expect(map[Number(k)] == (0..<100 ~= k ? k : nil)) }
    }

    /// Keys inserted and removed forever (connections coming and going) keep the table small:
    /// removals leave no tombstones to accumulate.
    @Test func churnDoesNotGrowWithoutBound() {
        var map = ProbingMap<Number, Int>()
        for i in 0..<100_000 {
            map[Number(i)] = i
            if i >= 100 { map[Number(i - 100)] = nil }
        }
        #expect(map.count == 100)
        #expect(map[99_950] == 99_950 && map[99_899] == nil)
        #expect(map.capacity <= 1024)
    }
}
