import Foundation
import Replay
import Report
import Testing
import Wire
@testable import Scenario

/// A generated session: deterministic for its seed, streamed, and clean under every check.
/// `LBTRACE_SYNTH_SCALE=100000` runs it at the brief's scale (minutes in a debug build).
@Suite struct ScaleTests {
    static let count = ProcessInfo.processInfo.environment["LBTRACE_SYNTH_SCALE"].flatMap(Int.init) ?? 2000

    @Test func generatedSessionPassesEveryCheck() throws {
        let scenario = Scenario(generator: Scenario.Generator(connections: Self.count, rate: 200, seed: 7))
        let dir = temporaryFolder("scale")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var completed = 0, maxIndex = -1
        let started = Date()
        let summary = try ScenarioSynthesizer.write(scenario, to: dir) { r in
            if r.completed { completed += 1 }
            maxIndex = max(maxIndex, r.index)
        }
        let synthSeconds = Date().timeIntervalSince(started)
        #expect(summary.connections == Self.count && completed == Self.count && maxIndex == Self.count - 1)
        // Per connection: 20 data-plane frames for the 10 segments (each seen twice), in of.pcap
        // 6 (PACKET_IN, FLOW_MOD bundle, BARRIER_REPLY, both ways).
        #expect(summary.dataFrames >= 20 * Self.count && summary.controlFrames >= 6 * Self.count)
        let analysis = try SessionReplay.run(SessionSources.expand([dir]))
        let report = LabChecks.evaluate(analysis)
        for c in report.checks { #expect(c.status == .pass, "\(c.id): \(c.reason)") }
        #expect(report.connectionCount == Self.count)
        #expect(report.connections.count == min(Self.count, ReportLimits().connectionRows))
        print("synthesised \(Self.count) connections, \(summary.controlFrames + summary.dataFrames) frames in \(String(format: "%.1f", synthSeconds)) s")
    }

    @Test func sameSeedSameBytes() throws {
        let scenario = Scenario(generator: Scenario.Generator(connections: 50, rate: 20, seed: 3),
                                faults: [Scenario.Fault(kind: .missingRewriteAction, connection: 7, action: .setDlSrc)])
        let a = temporaryFolder("seed-a"), b = temporaryFolder("seed-b")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        try ScenarioSynthesizer.write(scenario, to: a)
        try ScenarioSynthesizer.write(scenario, to: b)
        for f in ["of.pcap", "dp.pcap"] {
            #expect(FileManager.default.contents(atPath: a + "/" + f) == FileManager.default.contents(atPath: b + "/" + f))
        }
        var other = scenario
        other.generator?.seed = 4
        let c = temporaryFolder("seed-c")
        defer { try? FileManager.default.removeItem(atPath: c) }
        try ScenarioSynthesizer.write(other, to: c)
        #expect(FileManager.default.contents(atPath: a + "/dp.pcap") != FileManager.default.contents(atPath: c + "/dp.pcap"))
    }
}

/// The peak resident set size of this process (VmHWM), in kB; nil off Linux.
func peakResidentKB() -> Int? {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
}

/// 10^5 connections, past 10^6 frames, with memory flat: only live connections are kept.
/// Opt-in (`LBTRACE_SYNTH_BIG=1`): about two minutes in a debug build.
@Test(.enabled(if: ProcessInfo.processInfo.environment["LBTRACE_SYNTH_BIG"] != nil, "set LBTRACE_SYNTH_BIG=1"))
func synthesisStreamsAtScale() throws {
    let dir = temporaryFolder("big")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let before = peakResidentKB() ?? 0
    let started = Date()
    let summary = try ScenarioSynthesizer.write(Scenario(generator: Scenario.Generator(connections: 100_000, rate: 500, seed: 11)), to: dir)
    let seconds = Date().timeIntervalSince(started)
    let grown = (peakResidentKB() ?? 0) - before
    print("100000 connections: \(summary.controlFrames) + \(summary.dataFrames) frames in \(String(format: "%.1f", seconds)) s, peak RSS grew \(grown) kB")
    #expect(summary.connections == 100_000)
    #expect(summary.dataFrames > 1_000_000)
    #expect(grown < 64 * 1024)
}
