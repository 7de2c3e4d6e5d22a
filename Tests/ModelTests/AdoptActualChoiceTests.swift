import Capture
import Model
import OpenFlow
import Testing
import Wire

@Suite struct AdoptActualChoiceTests {
    /// A controller that skips a round-robin step: the model expects 10.0.0.2 for the second
    /// client, the controller picks 10.0.0.1. After adopting the actual choice, the rotation
    /// continues after 10.0.0.1 (so 10.0.0.2 is expected next), and the server's reply for that
    /// client is remembered under the server actually chosen.
    @Test func skippedStepIsReportedOnceAndMemoryFollowsTheController() {
        var lab = LabScenario()
        let first = lab.connect(client: 3, port: 40000, at: 3.0)
        #expect(first.decision?.server == ip(1))
        let second = lab.connect(client: 4, port: 40001, at: 5.0)
        #expect(second.decision?.server == ip(2))
        let adopted = lab.model.adoptActualChoice(ip(1), for: second)
        #expect(adopted?.actions == [.setDlDst(mac(1)), .setNwDst(ip(1)), .output(port: 1, maxLen: 0xffff)])
        #expect(lab.model.decisionLog.map(\.server) == [ip(1), ip(1)])
        // 10.0.0.1's reply to client 4 is known (reverse), 10.0.0.2's is not.
        let fromActual = lab.answer(server: 1, client: 4, port: 40001, at: 5.1)
        #expect(fromActual.kind == .reverse)
        #expect(fromActual.clientPort == 4)
        let fromModelPick = lab.answer(server: 2, client: 4, port: 40001, at: 5.2)
        #expect(fromModelPick.kind == .drop(.unknownReverse))
        // The next decision follows the actual last choice.
        let third = lab.connect(client: 5, port: 40002, at: 7.0)
        #expect(third.decision?.server == ip(2))
    }

    @Test func deadServerIsNotAdopted() {
        var lab = LabScenario()
        let x = lab.connect(client: 3, port: 40000, at: 3.0)
        #expect(lab.model.adoptActualChoice(IPv4Address(10, 0, 0, 9), for: x) == nil)
        #expect(lab.model.decisionLog.map(\.server) == [ip(1)])
    }
}
