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
