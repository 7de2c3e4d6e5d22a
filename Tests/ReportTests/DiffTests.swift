import Foundation
import Replay
import Report
import Testing

@Suite struct DiffTests {
    func analysis(_ s: String) throws -> SessionAnalysis { try SessionReplay.run(SessionSources.expand(["\(fixtures)/\(s)"])) }

    /// The buggy controller differs in its reverse flows (no SET_NW_SRC) and the checks that follow
    /// from them, not in its decisions: connections are compared by index, not by client port.
    @Test func buggyReverseDiffersInReverseFlowsOnly() throws {
        let a = try analysis("rr-basic"), b = try analysis("rr-buggy-reverse")
        #expect(a.connections.map(\.clientPort) != b.connections.map(\.clientPort))
        let d = SessionDiff.compare(a, b)
        let diffs = d.differences
        #expect(diffs.filter { $0.name == "reverse actions" }.count == 4)
        #expect(diffs.allSatisfy { ($0.name == "reverse actions") || ($0.group == "checks" && ["reverse-rewrite", "end-to-end"].contains($0.name)) })
        #expect(diffs.count == 6)
        let first = try #require(diffs.first)
        #expect(first.group == "connection 1")
        #expect(first.a == "SET_DL_SRC 00:00:00:00:00:01, SET_NW_SRC 10.0.1.1, OUTPUT 3")
        #expect(first.b == "SET_DL_SRC 00:00:00:00:00:01, OUTPUT 3")
        #expect(d.aspects.filter { $0.name == "server" }.map(\.a) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"])
        #expect(d.aspects.first { $0.name == "forward match" }?.a == "exact twelve-tuple")
        #expect(d.aspects.first { $0.name == "forward timeouts" }?.a == "idle 10 s, hard 0 s, priority 32768")

        let junit = DiffRenderer.junit(d, a: "A", b: "B")
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == d.aspects.count)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == 6)
        #expect(DiffRenderer.text(d, a: "A", b: "B").contains("6 of 30 aspects compared differ"))
    }

    @Test func sessionAgainstItselfHasNoDifference() throws {
        let a = try analysis("rr-basic")
        let d = SessionDiff.compare(a, a)
        #expect(d.differences.isEmpty)
        #expect(d.aspects.count == 1 + 4 * 5 + 9)
    }
}
