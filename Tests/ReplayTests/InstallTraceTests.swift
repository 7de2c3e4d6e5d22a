import Model
import OpenFlow
@testable import Replay
import Testing
import Wire

/// `InstallTrace` keeps the expected and installed FLOW_MODs in a box of their own: a replay that
/// only checks holds no box, one that keeps FLOW_MODs has both, and a trace still behaves as a value.
struct InstallTraceTests {
    func installs(keepFlowMods: Bool) throws -> [InstallTrace] {
        let analysis = try SessionReplay.run(try SessionSources.expand(["\(fixtures)/rr-many/of.pcap"]), keepFlowMods: keepFlowMods)
        return analysis.connections.flatMap { $0.forward + $0.reverse }
    }

    @Test func keptFlowModsAreTheOnesOfTheCaptureAndDroppedOnesLeaveTheRestAlone() throws {
        let kept = try installs(keepFlowMods: true)
        let dropped = try installs(keepFlowMods: false)
        try #require(kept.count == dropped.count && kept.count >= 20)
        for (k, d) in zip(kept, dropped) {
            #expect(d.expected == nil && d.installed == nil && d.flowMods == nil)
            #expect(k.packetIn == d.packetIn && k.flowMod == d.flowMod && k.release == d.release)
            #expect(k.discrepancies == d.discrepancies && k.actualServer == d.actualServer && k.packet == d.packet)
            // rr-many is a correct session: every install answered. Compared again, the two kept
            // FLOW_MODs give the discrepancies the trace holds (none).
            let installed = try #require(k.installed)
            let expected = try #require(k.expected)
            #expect(k.discrepancies.isEmpty)
            #expect(Model.compare(expected: expected, actualMatch: installed.match, actualActions: installed.actions,
                                  idleTimeout: installed.idleTimeout, hardTimeout: installed.hardTimeout,
                                  priority: installed.priority) == k.discrepancies)
            // The FLOW_MOD kept is the one that sends the connection where the trace says it went.
            if k.direction == .forward {
                #expect(installed.actions.contains(.setNwDst(try #require(k.actualServer))))
                #expect(installed.match.nwSrc == k.packet.nwSrc && installed.match.tpSrc == k.packet.tpSrc)
            } else {
                #expect(installed.match.nwDst == k.packet.nwDst && installed.match.tpDst == k.packet.tpDst)
            }
        }
    }

    @Test func settingOneFlowModKeepsTheOtherAndLeavesCopiesAlone() throws {
        let original = try #require(try installs(keepFlowMods: true).first)
        var changed = original
        var other = try #require(original.installed)
        other.priority &+= 1
        changed.installed = other
        #expect(changed.installed?.priority == other.priority && changed.expected == original.expected)
        #expect(original.installed?.priority != other.priority)
        changed.expected = nil
        #expect(changed.expected == nil && changed.installed == other && original.expected != nil)
    }

    /// The live connections' traces are most of `check`'s peak memory: each byte here is some 120 KB
    /// of it on the 10^6-packet benchmark capture (two traces for each of ~60,000 live connections).
    /// The fields are declared in an order that packs them (see `InstallTrace`).
    @Test func aTraceStaysSmall() {
        #expect(MemoryLayout<InstallTrace>.stride <= 224, "InstallTrace is \(MemoryLayout<InstallTrace>.stride) bytes")
    }
}
