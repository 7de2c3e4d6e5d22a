import Replay
import Report
import Testing
import Wire

/// `liveness` on captures shorter than one probe cycle (5 s): a server with no probe in them may
/// not have had its turn yet, so the check cannot pass — nor fail.
@Suite struct LivenessCheckTests {
    private func liveness(_ path: String) throws -> CheckResult {
        let options = ReplayOptions(serviceIP: IPv4Address("10.0.1.1"), servers: ["10.0.0.1", "10.0.0.2"].compactMap(IPv4Address.init),
                                    lbMAC: nil)
        let analysis = try SessionReplay.run(SessionSources.expand([path]), options: options)
        return try #require(LabChecks.evaluate(analysis).checks.first { $0.id == "liveness" })
    }

    /// rr-basic's of.pcap cut to its first 0.95 s (the malformed corpus's zero-length-records
    /// copy): 10.0.0.1 was probed at 0.44 s, 10.0.0.2's turn (2.94 s) had not come.
    @Test func aServerWithoutItsTurnIsNotAssessed() throws {
        let r = try liveness("\(fixtures)/malformed/zero-length-records.pcap")
        #expect(r.status == .notAssessed)
        #expect(r.reason.contains("less than one probe cycle") && r.reason.contains("10.0.0.2 had no probe"), "\(r.reason)")
    }

    /// The whole capture: both servers probed, the check decides.
    @Test func aWholeSessionIsDecided() throws {
        let r = try liveness("\(fixtures)/rr-basic/of.pcap")
        #expect(r.status == .pass)
    }
}
