import Capture
import Testing
@testable import Replay

/// `ReplayEngine.mayRipen` lets the engine skip `settle` on an event; it must never say no when
/// `settle`'s own test (the interval in floating point, above 50 ms) would say yes.
struct RipenessTests {
    @Test func neverNoWhereSettleWouldLook() {
        let base = Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)
        // Around the 50 ms edge, nanosecond by nanosecond, and far from it on both sides.
        var deltas: [Int64] = Array(49_998_000...50_001_000)
        deltas += [-5_000_000_000, -1, 0, 1, 10_000_000, 49_000_000, 51_000_000, 2_000_000_000, 86_400_000_000_000]
        for d in deltas {
            let t = Timestamp(totalNanoseconds: base.totalNanoseconds + d)
            let settleLooks = t.interval(since: base) > 0.05
            if settleLooks { #expect(ReplayEngine.mayRipen(base, at: t), "delta \(d) ns") }
        }
        // It says no well before the edge: the point of asking.
        #expect(!ReplayEngine.mayRipen(base, at: Timestamp(totalNanoseconds: base.totalNanoseconds + 49_000_000)))
        #expect(!ReplayEngine.mayRipen(base, at: base))
        #expect(ReplayEngine.mayRipen(base, at: Timestamp(totalNanoseconds: base.totalNanoseconds + 50_000_001)))
    }

    @Test func timesNotExactInNanosecondsAlwaysLook() {
        // A damaged capture's date past 2262: its nanoseconds wrap, so the engine asks `settle` itself.
        let far = Timestamp(seconds: 9_500_000_000, nanoseconds: 0)
        let near = Timestamp(seconds: 1_700_000_000, nanoseconds: 0)
        #expect(ReplayEngine.mayRipen(near, at: far))
        #expect(ReplayEngine.mayRipen(far, at: near))
        #expect(ReplayEngine.mayRipen(far, at: far))
    }
}
