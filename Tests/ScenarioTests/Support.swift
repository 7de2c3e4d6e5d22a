import Foundation
import Replay
import Report
@testable import Scenario

/// A fresh folder under the system's temporary directory, removed by the caller.
func temporaryFolder(_ name: String) -> String {
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("lbtrace-synth-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Synthesises `scenario`, replays it with our decoders and runs the lab's checks.
func synthesiseAndCheck(_ scenario: Scenario, name: String, options: ReplayOptions = ReplayOptions()) throws -> (report: CheckReport, records: [ConnectionRecord], summary: SynthesisSummary, dir: String) {
    let dir = temporaryFolder(name)
    var records: [ConnectionRecord] = []
    let summary = try ScenarioSynthesizer.write(scenario, to: dir) { records.append($0) }
    records.sort { $0.index < $1.index }
    let report = LabChecks.evaluate(try SessionReplay.run(SessionSources.expand([dir]), options: options))
    return (report, records, summary, dir)
}

extension CheckReport {
    func check(_ id: String) -> CheckResult { checks.first { $0.id == id }! }

    /// Every check's status and its error findings, for a failure message.
    var dump: String {
        checks.map { c in
            "\(c.id): \(c.status.rawValue) — \(c.reason)" + c.findings.filter { $0.severity == .error }.prefix(5)
                .map { "\n    \($0.message) \($0.evidence.map(\.description))" }.joined()
        }.joined(separator: "\n")
    }
}

/// The lab's rr-basic session: h3..h6 curl once each, 2 s apart.
let basicClients = [
    Scenario.Client(host: 3, port: 49514, start: 3.5), Scenario.Client(host: 4, port: 49154, start: 5.5),
    Scenario.Client(host: 5, port: 51000, start: 7.5), Scenario.Client(host: 6, port: 52000, start: 9.5),
]
