import Capture
import Model
import OpenFlow
import Replay
import Wire

/// The lab's checks: each turns a `SessionAnalysis` into a verdict with findings that cite frames.
///
/// Ids are stable (tools and rubrics refer to them). A check that the capture cannot decide says
/// `not_assessed` and why; it never passes for lack of evidence.
public enum LabChecks {
    public static let ids = ["control-channel", "liveness", "forward-rewrite", "round-robin", "first-packet",
                             "flow-memory", "reverse-rewrite", "dead-server", "end-to-end"]

    /// Judges a whole analysis (every connection kept in it).
    public static func evaluate(_ a: SessionAnalysis, limits: ReportLimits = ReportLimits()) -> CheckReport {
        var acc = Accumulator(files: a.files, config: a.config, limits: limits)
        for c in a.connections { acc.add(c) }
        return acc.finish(a)
    }

    /// Replays a session and judges each connection as the replay finishes it, keeping none of them
    /// nor their FLOW_MODs (what `check` and `grade` do): memory follows the live connections, not the
    /// length of the capture. `config` is the one the replay runs with (`SessionReplay.resolveConfig`).
    public static func replayAndJudge(_ sources: SessionSources, options: ReplayOptions, config: ResolvedConfig,
                                      limits: ReportLimits = ReportLimits()) throws(ReplayError) -> (SessionAnalysis, CheckReport) {
        let sink = AccumulatorSink(Accumulator(files: sources.files.map(\.path), config: config, limits: limits))
        let analysis = try SessionReplay.run(sources, options: options, resolved: config, keepFlowMods: false) { sink.add($0) }
        return (analysis, sink.accumulator.finish(analysis))
    }

    /// The accumulator the replay's `retire` closure adds to. A class, not a captured `var`: every
    /// access to a captured variable was checked for exclusivity at run time (a begin and an end
    /// access per connection, half a percent of `check`); only `add`, on the replay's thread, touches it.
    private final class AccumulatorSink {
        @exclusivity(unchecked) var accumulator: Accumulator
        init(_ accumulator: Accumulator) { self.accumulator = accumulator }
        func add(_ c: ConnectionTrace) { accumulator.add(c) }
    }

    /// The checks as a fold over connections, so that a replay can hand each connection over once
    /// it is finished (`SessionReplay.run(_:options:resolved:keepFlowMods:retire:)`) and keep nothing of it but counts,
    /// the findings (up to `ReportLimits.findingsPerCheck` per check) and its row (up to
    /// `ReportLimits.connectionRows`). `evaluate` is this fold over a kept analysis: both give the same report.
    public struct Accumulator {
        let ev: EvidenceNamer
        let limits: ReportLimits
        var forward: ForwardRewriteFold
        var reverse: ReverseRewriteFold
        var firstPacket: FirstPacketFold
        var roundRobin: RoundRobinFold
        var flowMemory: FlowMemoryFold
        var deadServer: DeadServerFold
        var endToEnd: EndToEndFold
        var rows: [CheckReport.ConnectionRow] = []
        var connections = 0

        public init(files: [String], config: ResolvedConfig, limits: ReportLimits = ReportLimits()) {
            ev = EvidenceNamer(files: files)
            self.limits = limits
            let list = FindingList(limit: limits.findingsPerCheck)
            forward = ForwardRewriteFold(findings: list)
            reverse = ReverseRewriteFold(findings: list)
            firstPacket = FirstPacketFold(findings: list)
            roundRobin = RoundRobinFold(findings: list)
            flowMemory = FlowMemoryFold(findings: list)
            deadServer = DeadServerFold(findings: list)
            endToEnd = EndToEndFold(serviceIP: config.serviceIP.value, findings: list)
        }

        /// Judges one connection; call in the order clients first reached the controller.
        public mutating func add(_ c: ConnectionTrace) {
            connections += 1
            forward.add(c, ev)
            reverse.add(c, ev)
            firstPacket.add(c, ev)
            roundRobin.add(c, ev)
            flowMemory.add(c, ev)
            deadServer.add(c, ev)
            endToEnd.add(c, ev)
            // The first rows, then only the ones with something wrong, each up to the limit. A row
            // is built only when kept: most connections of a long capture are only counted.
            if rows.count < limits.connectionRows
                || (rows.count < 2 * limits.connectionRows && anyColumnFails(c, serviceIP: endToEnd.serviceIP)) {
                rows.append(row(c, rowStatus(c, serviceIP: endToEnd.serviceIP), ev, index: connections - 1))
            }
        }

        /// The report, once every connection was added; `a` gives what is not per connection
        /// (control channel, liveness, stray installs, diagnostics, whether a data plane was seen).
        public func finish(_ a: SessionAnalysis) -> CheckReport {
            let checks = [
                controlChannel(a, ev), liveness(a, ev), forward.result(ev), roundRobin.result(policy: a.config.policy, evidence: ev),
                firstPacket.result(), flowMemory.result(), reverse.result(strayInstalls: a.strayInstalls, channel: a.controlChannel, ev),
                deadServer.result(), endToEnd.result(hasDataPlane: a.hasDataPlane),
            ]
            var rows = rows
            if !a.hasDataPlane { for i in rows.indices { rows[i].endToEnd = .notAssessed } }
            var report = CheckReport(files: a.files, config: configRows(a, ev), connections: rows, checks: checks,
                                     diagnostics: a.diagnostics.map {
                                         CheckReport.Diagnostic(severity: $0.severity == .error ? .error : .warning, message: $0.description)
                                     })
            report.connectionCount = connections
            return report
        }
    }

    // MARK: - Configuration and rows

    static func configRows(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> [CheckReport.ConfigValue] {
        let c = a.config
        return [
            .init(name: "service_ip", value: c.serviceIP.value.description, source: c.serviceIP.source, evidence: c.serviceIP.frames.map(ev.name)),
            .init(name: "servers", value: c.servers.value.map(\.description).joined(separator: ","), source: c.servers.source, evidence: c.servers.frames.map(ev.name)),
            .init(name: "lb_mac", value: c.lbMAC.value?.description ?? "", source: c.lbMAC.source, evidence: c.lbMAC.frames.map(ev.name)),
            .init(name: "policy", value: c.policy == .roundRobin ? "round-robin" : "random", source: "flag or default"),
        ]
    }

    /// A connection's verdict per column of the connection table.
    struct RowStatus {
        var forward, firstPacket, reverse, endToEnd: CheckStatus
        /// The server differs from the one the model expected (round robin, a dead server): the
        /// row's `server` and `expected` columns disagree.
        var wrongServer = false
        var anyFails: Bool { wrongServer || [forward, firstPacket, reverse, endToEnd].contains(.fail) }
    }

    /// The connection went to another server than the model expected (nil expected: not judged).
    static func wentToWrongServer(_ c: ConnectionTrace) -> Bool {
        guard let expected = c.expectedServer else { return false }
        return c.server != expected
    }

    static func rowStatus(_ c: ConnectionTrace, serviceIP: IPv4Address) -> RowStatus {
        let fwd: CheckStatus = c.forward.allSatisfy(\.expectedDrop) ? .notAssessed
            : c.forward.contains { $0.isWrong || $0.unexpectedInstall } ? .fail : .pass
        let first: CheckStatus = c.forward.isEmpty && c.reverse.isEmpty ? .notAssessed
            : c.forward.contains { $0.releaseProblem != nil } || c.reverse.contains { $0.releaseProblem != nil } ? .fail : .pass
        let rev: CheckStatus = c.reverse.isEmpty ? .notAssessed
            : c.reverse.contains { $0.flowMod == nil || !$0.discrepancies.isEmpty } ? .fail : .pass
        return RowStatus(forward: fwd, firstPacket: first, reverse: rev,
                         endToEnd: endToEndStatus(c, hasDataPlane: true, serviceIP: serviceIP).status,
                         wrongServer: wentToWrongServer(c))
    }

    /// `rowStatus(c, serviceIP:).anyFails`, asked of every connection once the first rows are kept:
    /// one pass over each install list and no status built (the statuses cost a tenth of judging a
    /// connection). `LabChecksRowTests` holds the two to each other.
    static func anyColumnFails(_ c: ConnectionTrace, serviceIP: IPv4Address) -> Bool {
        if wentToWrongServer(c) { return true }
        for i in c.forward.indices {
            if c.forward[i].isWrong || c.forward[i].unexpectedInstall
                || c.forward[i].releaseProblem != nil { return true }
        }
        for i in c.reverse.indices {
            if c.reverse[i].flowMod == nil || !c.reverse[i].discrepancies.isEmpty || c.reverse[i].releaseProblem != nil { return true }
        }
        // End to end fails when the data plane shows the connection's SYN and no SYN-ACK from the service IP.
        return c.dataPlane.synAckFromService.isEmpty && c.dataPlane.packets > 0 && !c.dataPlane.clientSYN.isEmpty
    }

    static func row(_ c: ConnectionTrace, _ s: RowStatus, _ ev: EvidenceNamer, index: Int) -> CheckReport.ConnectionRow {
        CheckReport.ConnectionRow(
            client: c.label, time: c.firstTime.secondsSinceEpoch, server: c.server?.description,
            expectedServer: c.expectedServer?.description, forwardRewrite: s.forward, firstPacket: s.firstPacket,
            reverseRewrite: s.reverse, endToEnd: s.endToEnd, firstPacketIn: ev.name(c.firstPacketIn),
            forwardFlowMod: c.forward.first { $0.flowMod != nil }?.flowMod.map(ev.name),
            reverseFlowMod: c.reverse.first { $0.flowMod != nil }?.flowMod.map(ev.name),
            memoryHits: c.forward.filter { $0.decisionKind == .flowMemoryHit }.map { ev.name($0.packetIn) }, index: index)
    }
}

/// Bounds on what a report keeps of a long capture. Far above any lab session (rr-many: 20
/// connections), so that only synthesised or pathological captures meet them.
public struct ReportLimits: Sendable {
    /// Findings listed per check; the rest are counted (`CheckResult.omittedFindings`).
    public var findingsPerCheck = 1000
    /// Connection rows listed: the first ones, then up to as many more with a failing column;
    /// the rest are counted (`CheckReport.connectionCount` is the total).
    public var connectionRows = 1000

    public init() {}
}

/// Names frames for findings: the file as the user gave it, and the frame number.
struct EvidenceNamer {
    var files: [String]
    func name(_ r: FrameRef) -> Evidence { Evidence(file: r.file < files.count ? files[r.file] : "?", frame: r.frame) }
    func names(_ rs: [FrameRef?]) -> [Evidence] { rs.compactMap { $0.map(name) } }
}
