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

    public static func evaluate(_ a: SessionAnalysis) -> CheckReport {
        let ev = EvidenceNamer(files: a.files)
        let checks = [
            controlChannel(a, ev), liveness(a, ev), forwardRewrite(a, ev), roundRobin(a, ev), firstPacket(a, ev),
            flowMemory(a, ev), reverseRewrite(a, ev), deadServer(a, ev), endToEnd(a, ev),
        ]
        return CheckReport(files: a.files, config: configRows(a, ev), connections: a.connections.map { row($0, a, ev) },
                           checks: checks, diagnostics: a.diagnostics.map {
                               CheckReport.Diagnostic(severity: $0.severity == .error ? .error : .warning, message: $0.description)
                           })
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

    static func row(_ c: ConnectionTrace, _ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckReport.ConnectionRow {
        let fwd: CheckStatus = c.forward.isEmpty ? .notAssessed
            : c.forward.contains { $0.flowMod == nil || !$0.discrepancies.isEmpty || $0.unexpectedInstall } ? .fail : .pass
        let installs = c.forward + c.reverse
        let first: CheckStatus = installs.isEmpty ? .notAssessed : installs.contains { $0.releaseProblem != nil } ? .fail : .pass
        let rev: CheckStatus = c.reverse.isEmpty ? .notAssessed
            : c.reverse.contains { $0.flowMod == nil || !$0.discrepancies.isEmpty } ? .fail : .pass
        return CheckReport.ConnectionRow(
            client: c.label, time: c.firstTime.secondsSinceEpoch, server: c.server?.description,
            expectedServer: c.expectedServer?.description, forwardRewrite: fwd, firstPacket: first, reverseRewrite: rev,
            endToEnd: endToEndStatus(c, a).status, firstPacketIn: ev.name(c.firstPacketIn),
            forwardFlowMod: c.forward.first { $0.flowMod != nil }?.flowMod.map(ev.name),
            reverseFlowMod: c.reverse.first { $0.flowMod != nil }?.flowMod.map(ev.name),
            memoryHits: c.forward.filter { $0.decisionKind == .flowMemoryHit }.map { ev.name($0.packetIn) })
    }
}

/// Names frames for findings: the file as the user gave it, and the frame number.
struct EvidenceNamer {
    var files: [String]
    func name(_ r: FrameRef) -> Evidence { Evidence(file: r.file < files.count ? files[r.file] : "?", frame: r.frame) }
    func names(_ rs: [FrameRef?]) -> [Evidence] { rs.compactMap { $0.map(name) } }
}
