import Capture
import Testing
@testable import Replay

/// `DataPlaneTrace` keeps its lists in a box shared on copy: it must still behave as a value.
struct DataPlaneTraceTests {
    @Test func anEmptyTraceReadsEmpty() {
        let t = DataPlaneTrace()
        #expect(t.clientSYN.isEmpty && t.synAckFromService.isEmpty && t.synAckFromServer.isEmpty)
        #expect(t.synAckFromServerDelivered.isEmpty && t.synToServer.isEmpty && t.clientRST.isEmpty)
        #expect(t.packets == 0 && t.frameInfo.isEmpty && t.lastSeen == nil)
    }

    /// `DataFrameInfoList` is a map by frame: random sets, replacements and removals leave it
    /// holding what a `Dictionary` given the same operations holds.
    @Test func frameInfoListIsAMapByFrame() {
        var list = DataFrameInfoList()
        var reference: [FrameRef: DataFrameInfo] = [:]
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next(_ n: UInt64) -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state % n }
        for step in 0..<5_000 {
            let ref = FrameRef(file: Int(next(2)), frame: Int(next(40)))
            let info: DataFrameInfo? = next(4) == 0 ? nil
                : DataFrameInfo(time: Timestamp(seconds: Int64(step), nanoseconds: 0), switchPort: UInt16(next(7)),
                                outgoing: next(2) == 0, sequence: UInt32(step))
            list[ref] = info
            reference[ref] = info
            #expect(list.count == reference.count)
        }
        for file in 0..<2 {
            for frame in 0..<40 {
                let ref = FrameRef(file: file, frame: frame)
                #expect(list[ref] == reference[ref], "\(ref)")
            }
        }
        #expect(!list.isEmpty)
    }

    @Test func aCopyIsNotChangedByTheOriginal() {
        var a = DataPlaneTrace()
        a.clientSYN.append(FrameRef(file: 0, frame: 3))
        a.packets = 1
        let b = a
        a.clientSYN.append(FrameRef(file: 0, frame: 9))
        a.packets += 1
        a.synToServer = [FrameRef(file: 1, frame: 4)]
        #expect(b.clientSYN == [FrameRef(file: 0, frame: 3)] && b.packets == 1 && b.synToServer.isEmpty)
        #expect(a.clientSYN == [FrameRef(file: 0, frame: 3), FrameRef(file: 0, frame: 9)] && a.packets == 2)
    }

    @Test func theEnginesBulkWriteIsNotSeenByACopy() {
        var a = DataPlaneTrace()
        a.unique().clientRST.append(FrameRef(file: 0, frame: 1))
        let b = a
        let lists = a.unique()   // shared with `b`: copied first
        lists.clientRST.append(FrameRef(file: 0, frame: 2))
        lists.packets = 5
        #expect(b.clientRST == [FrameRef(file: 0, frame: 1)] && b.packets == 0)
        #expect(a.clientRST.count == 2 && a.packets == 5)
    }
}
