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
}
