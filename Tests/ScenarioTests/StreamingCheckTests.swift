import Foundation
import Model
import Replay
import Report
import Testing
@testable import Scenario

/// `lbtrace check` judges each connection as the replay finishes it (quiet for the flow-memory
/// timeout and forgotten by the controller) and keeps nothing of it but counts, findings and a
/// bounded number of rows: the report must be the one a replay keeping everything gives.
struct StreamingCheckTests {
    /// 400 connections, one a second: the capture lasts longer than the 300 s flow memory, so the
    /// first connections are finished while the capture is still being read.
    static let scenario = Scenario(
        generator: Scenario.Generator(connections: 400, rate: 1, seed: 5),
        faults: [Scenario.Fault(kind: .skipRoundRobinStep, connection: 3),
                 Scenario.Fault(kind: .missingRewriteAction, connection: 7, action: .setNwSrc),
                 Scenario.Fault(kind: .lostFirstPacket, connection: 350)])

    @Test func streamingReportEqualsKeptReport() throws {
        let dir = temporaryFolder("streaming")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(Self.scenario, to: dir)
        let sources = try SessionSources.expand([dir])

        let kept = LabChecks.evaluate(try SessionReplay.run(sources))
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        var acc = LabChecks.Accumulator(files: sources.files.map(\.path), config: config)
        let streamed = try SessionReplay.run(sources, resolved: config, keepFlowMods: false) { acc.add($0) }
        #expect(streamed.connections.isEmpty)
        let report = acc.finish(streamed)

        #expect(JSONReportRenderer.render(report) == JSONReportRenderer.render(kept))
        #expect(report.connectionCount == 400)
        for id in ["round-robin", "reverse-rewrite", "first-packet", "forward-rewrite"] {
            #expect(report.check(id).status == (id == "forward-rewrite" ? .pass : .fail), "\(id): \(report.check(id).reason)")
        }
    }

    @Test func connectionsAreHandedOverDuringTheCapture() throws {
        let dir = temporaryFolder("retire")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(Self.scenario, to: dir)
        let sources = try SessionSources.expand([dir])
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        let engine = ReplayEngine(config: config, modelConfig: BalancerConfig(
            serviceIP: config.serviceIP.value, servers: config.servers.value, lbMAC: config.lbMAC.value))
        var handed: [String] = []
        engine.retire = { handed.append($0.label) }
        let scanner = SessionScanner(sources: sources)
        var lastTime: Double = 0
        while let e = scanner.next() { engine.consume(e); lastTime = e.time.secondsSinceEpoch }
        // Connections started more than 302 s (memory + response window) before the end, and
        // forgotten at a probe since, are finished before the capture is: about 100 of 400.
        let before = handed.count
        #expect(before > 50 && before < 120, "\(before) finished during the capture")
        let analysis = engine.finish(files: scanner.files, diagnostics: [], framesRead: 0, bytesRead: 0)
        #expect(analysis.connections.isEmpty)
        #expect(handed.count == 400)
        #expect(Set(handed).count == 400)
        _ = lastTime
    }

    /// A synthesised session of `connections` (20 a second, seed 2) with `faults`, replayed whole.
    private func replayed(connections: Int, faults: [Scenario.Fault]) throws -> SessionAnalysis {
        let dir = temporaryFolder("bounded")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(Scenario(generator: Scenario.Generator(connections: connections, rate: 20, seed: 2), faults: faults), to: dir)
        return try SessionReplay.run(SessionSources.expand([dir]))
    }

    @Test func boundedListsStillFailAndCount() throws {
        // Every connection skips a round-robin step: 60 findings, 5 kept.
        let analysis = try replayed(connections: 60, faults: [Scenario.Fault(kind: .skipRoundRobinStep)])
        let full = LabChecks.evaluate(analysis)
        var limits = ReportLimits()
        limits.findingsPerCheck = 5
        limits.connectionRows = 10
        let bounded = LabChecks.evaluate(analysis, limits: limits)
        let rr = bounded.check("round-robin"), fullRR = full.check("round-robin")
        #expect(fullRR.status == .fail && fullRR.findings.count > 5)
        #expect(rr.status == .fail && rr.findings.count == 5)
        #expect(rr.findings.count + rr.omittedFindings == fullRR.findings.count)
        #expect(rr.reason == fullRR.reason)
        #expect(bounded.connectionCount == 60 && bounded.connections.count <= 20 && bounded.omittedConnections == 60 - bounded.connections.count)
        #expect(JSONReportRenderer.render(bounded).contains("\"findings_omitted\":\(rr.omittedFindings)"))
        #expect(TextReportRenderer(colour: false).render(bounded).contains("more not listed"))
    }

    /// The HTML page past the row limit: the count is of all connections, a kept row numbers and
    /// links the connection the diagram draws under that number, and findings left out are counted.
    @Test func htmlPagePastTheLimits() throws {
        let analysis = try replayed(connections: 40, faults: [35, 36, 37].map {
            Scenario.Fault(kind: .missingRewriteAction, connection: $0, action: .setNwSrc)
        })
        var limits = ReportLimits()
        limits.connectionRows = 10
        limits.findingsPerCheck = 2
        let report = LabChecks.evaluate(analysis, limits: limits)
        let page = HTMLReportRenderer(title: "t").render(report, timelines: FlowTimelineBuilder.build(analysis),
                                                          servers: analysis.config.servers.value)
        #expect(page.contains("<p>40 connections, in the order clients reached the controller. The table lists 13: "))
        let client = analysis.connections[35].label
        #expect(report.connections.count == 13 && report.connections[10].client == client)
        #expect(page.contains("<td>36</td><td class=\"mono\"><a href=\"#conn-36\">\(client)</a></td>"))
        let drawn = try #require(page.range(of: "<g id=\"conn-36\""))
        #expect(page[drawn.upperBound...].prefix(400).contains("\(client) → "))
        // Three reverse-rewrite errors, two listed: the third is counted on the page.
        let reverse = try #require(report.checks.first { $0.id == "reverse-rewrite" })
        #expect(reverse.status == .fail && reverse.findings.count == 2 && reverse.omittedFindings == 1)
        #expect(page.contains("… and 1 more not listed (counted in the verdict).</p>"))
        // JUnit's failure text says so too.
        #expect(JUnitRenderer.render(report, suiteName: "s").contains("… and 1 more not listed (counted in the verdict)\n</failure>"))
    }

    /// Past the first rows the table keeps the failing ones, and a connection sent to another server
    /// than round robin's is one, though its columns hold no FAIL (its server and expected differ).
    @Test func boundedTableKeepsWrongServerRows() throws {
        let analysis = try replayed(connections: 30, faults: [Scenario.Fault(kind: .skipRoundRobinStep, connection: 20)])
        var limits = ReportLimits()
        limits.connectionRows = 10
        let full = LabChecks.evaluate(analysis), bounded = LabChecks.evaluate(analysis, limits: limits)
        let wrong = full.connections.filter { $0.expectedServer != nil && $0.server != $0.expectedServer }
        #expect(!wrong.isEmpty && full.connections.prefix(10).allSatisfy { $0.server == $0.expectedServer })
        let kept = Set(bounded.connections.map(\.client))
        for row in wrong { #expect(kept.contains(row.client), "\(row.client) went to \(row.server ?? "-"), expected \(row.expectedServer ?? "-")") }
        #expect(bounded.connections.count == 10 + wrong.count && bounded.omittedConnections == 30 - bounded.connections.count)
    }
}
