import Foundation
import Replay
@testable import Report
import Testing
@testable import Scenario

/// Once the first rows of the connection table are kept, the checks ask of every connection only
/// whether some column fails (`LabChecks.anyColumnFails`), without building its statuses: the
/// answer must be `rowStatus(...).anyFails` for every connection, faulty or not.
struct LabChecksRowTests {
    @Test func anyColumnFailsIsTheStatusesAnyFails() throws {
        let faults: [Scenario.Fault] = [
            Scenario.Fault(kind: .missingRewriteAction, connection: 2, action: .setNwDst),
            Scenario.Fault(kind: .missingRewriteAction, connection: 4, action: .setNwSrc),
            Scenario.Fault(kind: .wrongOutputPort, connection: 6),
            Scenario.Fault(kind: .skipRoundRobinStep, connection: 8),
            Scenario.Fault(kind: .lostFirstPacket, connection: 10),
            Scenario.Fault(kind: .missingReverseFlow, connection: 12),
            Scenario.Fault(kind: .tooBroadMatch, connection: 14),
            Scenario.Fault(kind: .deadServer, connection: 16),
        ]
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures").path
        var sessions = ["rr-basic", "rr-buggy-reverse", "rr-many"].map { "\(fixtures)/\($0)" }
        let dir = temporaryFolder("row-status")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(Scenario(generator: Scenario.Generator(connections: 30, rate: 5, seed: 3), faults: faults), to: dir)
        sessions.append(dir)
        var failing = 0, passing = 0
        for session in sessions {
            let analysis = try SessionReplay.run(SessionSources.expand([session]))
            let serviceIP = analysis.config.serviceIP.value
            for c in analysis.connections {
                // As captured, and with its data plane changed to make end to end fail (seen, no
                // SYN-ACK from the service IP) and then not assessed (not seen).
                var noServiceSynAck = c
                noServiceSynAck.dataPlane.synAckFromService = []
                noServiceSynAck.dataPlane.packets = max(1, c.dataPlane.packets)
                var unseen = noServiceSynAck
                unseen.dataPlane.packets = 0
                for (variant, trace) in [("as captured", c), ("no SYN-ACK from the service", noServiceSynAck), ("unseen", unseen)] {
                    let expected = LabChecks.rowStatus(trace, serviceIP: serviceIP).anyFails
                    #expect(LabChecks.anyColumnFails(trace, serviceIP: serviceIP) == expected, "\(session): \(c.label) \(variant)")
                    if expected { failing += 1 } else { passing += 1 }
                }
            }
        }
        // Both answers were asked for.
        #expect(failing >= 6 && passing >= 20, "\(failing) failing, \(passing) passing")
    }
}
