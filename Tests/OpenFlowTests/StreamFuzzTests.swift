import Testing
import Wire
@testable import OpenFlow

/// The rr-basic stream mangled at random (seeded, so a failure can be replayed): pieces split,
/// dropped, duplicated, swapped, bytes corrupted. Whatever happens, nothing traps or hangs, every
/// message is exactly as long as its header says, and each direction's byte stream is accounted
/// for exactly once: messages, skipped bytes, gaps, bytes discarded with a gap and an incomplete
/// tail tile it from offset 0 without overlap.
@Suite struct StreamFuzzTests {
    /// SplitMix64: small, seedable, good enough to pick mutations.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    static func mangle(_ segments: [StreamTestSegment], seed: UInt64) -> [StreamTestSegment] {
        var rng = SplitMix64(state: seed)
        var out: [StreamTestSegment] = []
        for s in segments {
            guard !s.payload.isEmpty else { out.append(s); continue }
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<60:
                out.append(s)
            case 60..<72 where s.payload.count > 1:
                let k = Int.random(in: 1..<s.payload.count, using: &rng)
                out.append(s.piece(0..<k))
                out.append(s.piece(k..<s.payload.count))
            case 72..<76:
                break // lost
            case 76..<82:
                out.append(s)
                out.append(s)
            case 82..<88 where !out.isEmpty:
                let last = out.removeLast() // swap with the segment before
                out.append(s)
                out.append(last)
            default:
                var c = s
                let i = Int.random(in: 0..<c.payload.count, using: &rng)
                c.payload[i] = UInt8.random(in: 0...255, using: &rng)
                out.append(c)
            }
        }
        return out
    }

    /// Checks that the reports of one direction tile its stream.
    static func expectTiling(_ run: StreamRun, _ direction: OFStreamDirection, seed: UInt64) {
        var pieces: [(start: UInt64, count: UInt64, what: String)] = []
        for m in run.messages(direction) { pieces.append((m.offset, UInt64(m.length), "message")) }
        for g in run.gaps where g.context.direction == direction {
            pieces.append((g.streamOffset, g.missingBytes, "gap"))
            if g.discardedBytes > 0 {
                pieces.append((g.streamOffset - UInt64(g.discardedBytes), UInt64(g.discardedBytes), "discarded"))
            }
        }
        for g in run.garbage where g.context.direction == direction {
            switch g.reason {
            case .lengthBelowHeader: continue // its 8 bytes are inside the following skip report
            case .skippedToResync, .incompleteAtEnd: pieces.append((g.streamOffset, UInt64(g.byteCount), "\(g.reason)"))
            }
        }
        pieces.sort { ($0.start, $0.count) < ($1.start, $1.count) }
        var next: UInt64 = 0
        for p in pieces {
            if p.start != next {
                Issue.record("seed \(seed) \(direction): \(p.what) at \(p.start), expected \(next)")
                return
            }
            next = p.start + p.count
        }
    }

    @Test(arguments: 0..<60 as Range<UInt64>)
    func mangledStreamsAreAccountedFor(seed: UInt64) throws {
        let original = StreamRecutTests.original
        let run = StreamTestSupport.run(Self.mangle(original, seed: seed))
        #expect(run.messages.allSatisfy { $0.length >= 8 && $0.length == $0.declaredLength })
        Self.expectTiling(run, .toController, seed: seed)
        Self.expectTiling(run, .toSwitch, seed: seed)
        #expect(run.opened.count == 1)
        #expect(run.closed.count == 1)
    }

    /// Pure noise on the controller port, in random-sized segments: no trap, no hang, accounted for.
    @Test(arguments: 100..<110 as Range<UInt64>)
    func noise(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        var script = StreamScript()
        script.handshake()
        for _ in 0..<200 {
            let n = Int.random(in: 1...700, using: &rng)
            script.send((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        let run = StreamTestSupport.run(script.segments)
        #expect(run.messages.allSatisfy { $0.length >= 8 && $0.length == $0.declaredLength })
        Self.expectTiling(run, .toController, seed: seed)
    }
}
