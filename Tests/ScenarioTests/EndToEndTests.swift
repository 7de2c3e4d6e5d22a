import Foundation
import Replay
import Report
import Wire
import Testing
@testable import Scenario

@Suite struct FaultFreeTests {
    @Test func basicSessionPassesEveryCheck() throws {
        let r = try synthesiseAndCheck(Scenario(clients: basicClients), name: "basic")
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        print(r.report.dump)
        for c in r.report.checks {
            #expect(c.status == .pass, "\(c.id): \(c.status) \(c.reason)\n\(r.report.dump)")
        }
        #expect(r.records.map(\.server) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.2"].map { IPv4Address($0) })
        #expect(r.records.allSatisfy { $0.completed })
    }

    /// A random controller: any live server is valid, so round robin is not judged; the rest pass.
    @Test func randomPolicySession() throws {
        let s = Scenario(policy: .random, generator: Scenario.Generator(connections: 30, rate: 5, seed: 2))
        // The grader says the policy (it cannot be inferred); under round robin these choices would fail.
        let r = try synthesiseAndCheck(s, name: "random", options: ReplayOptions(policy: .random))
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        let servers = Set(r.records.compactMap(\.server))
        #expect(servers == [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)])
        for c in r.report.checks {
            #expect(c.status == (c.id == "round-robin" ? .notAssessed : .pass), "\(c.id): \(c.reason)")
        }
    }
}
