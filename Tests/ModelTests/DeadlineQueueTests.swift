import Capture
@testable import Model
import Testing

/// The deadline queue must always hand out the earliest deadline left, whether deadlines arrive in
/// time order (queued) or step back (heaped), through compactions of its array.
struct DeadlineQueueTests {
    @Test(arguments: [UInt64(3), 11, 2024])
    func alwaysGivesTheEarliestDeadlineLeft(seed: UInt64) {
        var state = seed
        func next(_ bound: Int64) -> Int64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int64(truncatingIfNeeded: state % UInt64(bound))
        }
        var queue = DeadlineQueue()
        var reference: [Timestamp] = []   // the deadlines left, sorted
        var clock: Int64 = 1_000_000
        for id in 0..<30_000 {
            // Mostly forward in time; one in ten steps back up to a second.
            clock += next(10) == 0 ? -next(1_000_000_000) : next(5_000_000)
            let deadline = Timestamp(totalNanoseconds: clock + 300_000_000_000)
            queue.push(deadline, id)
            reference.insert(deadline, at: reference.firstIndex { $0 > deadline } ?? reference.count)
            if next(3) == 0 {  // take out everything due by a time a little behind the clock
                let cutoff = Timestamp(totalNanoseconds: clock + 300_000_000_000 - next(2_000_000_000))
                while let (d, _) = queue.first, cutoff > d {
                    #expect(d == reference.first)
                    reference.removeFirst()
                    queue.removeFirst()
                }
                #expect(queue.count == reference.count)
            }
        }
        while let (d, _) = queue.first {
            #expect(d == reference.first)
            reference.removeFirst()
            queue.removeFirst()
        }
        #expect(reference.isEmpty)
    }
}
