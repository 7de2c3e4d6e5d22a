import Capture
@testable import Model
import Testing
import Wire

/// Flow memory keeps its entries in reused slots: an id that outlived its entry (a superseded
/// deadline, a displaced key) must never reach the entry that took the slot since, and the slots
/// must not outgrow the entries live at once.
struct FlowMemorySlotTests {
    static func entry(client: UInt8, port: UInt16, server: UInt8 = 1, expires: Int64) -> MemoryEntry {
        let c = IPv4Address(10, 0, 0, client), s = IPv4Address(10, 0, 0, server), service = IPv4Address(10, 0, 1, 1)
        return MemoryEntry(server: s, clientPort: UInt16(client),
                           forwardKey: FlowKey(srcIP: c, dstIP: service, srcPort: port, dstPort: 80),
                           reverseKey: FlowKey(srcIP: s, dstIP: c, srcPort: 80, dstPort: port),
                           expiresAt: Timestamp(seconds: expires, nanoseconds: 0), decision: 0)
    }

    @Test func aStaleIdFindsNothingInItsReusedSlot() throws {
        var memory = FlowMemory()
        let a = Self.entry(client: 3, port: 40000, expires: 100)
        memory.insert(a)
        let oldID = try #require(memory.id(for: a.forwardKey))
        memory.refresh(oldID, until: Timestamp(seconds: 50, nanoseconds: 0))   // the 100 s deadline is now stale
        memory.expire(at: Timestamp(seconds: 60, nanoseconds: 0))
        #expect(memory[oldID] == nil && memory.count == 0)
        // The next entry takes the freed slot, under a new generation.
        let b = Self.entry(client: 4, port: 40001, expires: 200)
        memory.insert(b)
        let newID = try #require(memory.id(for: b.forwardKey))
        #expect(newID != oldID && newID & 0xffff_ffff == oldID & 0xffff_ffff)
        #expect(memory[oldID] == nil && memory[newID]?.forwardKey == b.forwardKey)
        // The stale 100 s deadline comes due: it must pass over the slot's new entry.
        memory.refresh(oldID, until: Timestamp(seconds: 500, nanoseconds: 0))   // ignored: not a live id
        memory.expire(at: Timestamp(seconds: 150, nanoseconds: 0))
        #expect(memory[newID] != nil && memory.id(for: b.reverseKey) == newID)
        memory.expire(at: Timestamp(seconds: 201, nanoseconds: 0))
        #expect(memory[newID] == nil && memory.keyCount == 0 && memory.count == 0)
    }

    /// An entry whose two keys were both taken by newer entries is dropped, and its slot reused.
    @Test func displacedEntriesFreeTheirSlots() throws {
        var memory = FlowMemory()
        for round in 0..<50 {
            // The same connection decided again and again: each insert displaces the last.
            memory.insert(Self.entry(client: 3, port: 40000, server: UInt8(1 + round % 2), expires: 1000))
        }
        // The last two stay: each still holds its own reverse key (one per server); the 48
        // before them lost both keys and were dropped.
        #expect(memory.count == 2 && memory.keyCount == 3 && memory.slotCount <= 3)
        let id = try #require(memory.id(for: Self.entry(client: 3, port: 40000, expires: 0).forwardKey))
        #expect(memory[id]?.server == IPv4Address(10, 0, 0, 2))
        // Reassigned to the other server: the reverse key follows it, and the entry that held
        // that key, reachable by nothing now, goes.
        memory.reassign(id, to: IPv4Address(10, 0, 0, 1))
        #expect(memory.count == 1 && memory.keyCount == 2)
        #expect(memory.id(for: FlowKey(srcIP: IPv4Address(10, 0, 0, 1), dstIP: IPv4Address(10, 0, 0, 3), srcPort: 80, dstPort: 40000)) == id)
        #expect(memory.id(for: FlowKey(srcIP: IPv4Address(10, 0, 0, 2), dstIP: IPv4Address(10, 0, 0, 3), srcPort: 80, dstPort: 40000)) == nil)
    }

    /// A window of connections that keeps moving: the slots stay at the most live at once.
    @Test func slotsFollowTheLiveEntries() {
        var memory = FlowMemory()
        for i in 0..<10_000 {
            let t = Int64(i)
            memory.insert(Self.entry(client: UInt8(3 + i % 4), port: UInt16(10_000 + i % 50_000), expires: t + 100))
            memory.expire(at: Timestamp(seconds: t, nanoseconds: 0))
        }
        #expect(memory.count <= 101)
        #expect(memory.slotCount <= 102)
    }
}
