import Capture
import Model
import Replay
import Wire

extension LabChecks {
    static func roundRobin(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "round-robin", title = "new connections go to the live servers in turn"
        guard a.config.policy == .roundRobin else {
            return .notAssessed(id: id, title: title, because: "policy is random: any live server is a valid choice, so order is not checked (dead-server still is)")
        }
        let decisions = a.connections.flatMap { c in c.forward.filter { $0.decisionKind == .newDecision }.map { (c, $0) } }
        guard !decisions.isEmpty else {
            return .notAssessed(id: id, title: title, because: "no new connection reached the controller")
        }
        var findings: [Finding] = []
        var previous: IPv4Address?
        var judged = 0
        for (c, t) in decisions {
            defer { if let s = t.actualServer { previous = s } }
            guard let actual = t.actualServer, let expected = t.expectedServer else { continue }
            judged += 1
            if actual != expected && !t.deadServer {
                let after = previous.map { "the server after \($0), the one chosen last," } ?? "the first live server"
                findings.append(Finding(severity: .error,
                                        message: "\(c.label) went to \(actual); round robin over the live servers [\(t.liveServers.map(\.description).joined(separator: ", "))] gives \(expected), \(after)",
                                        evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
            }
        }
        guard judged > 0 else {
            return .notAssessed(id: id, title: title, because: "no new connection was given a server the capture shows")
        }
        let order = decisions.compactMap { $0.1.actualServer?.description }
        let shown = order.prefix(8).joined(separator: ", ") + (order.count > 8 ? ", …" : "")
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(judged - findings.count) of \(judged) decisions in round-robin order: \(shown)")
    }

    static func flowMemory(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "flow-memory", title = "a connection seen again keeps its server; replies find their client"
        var findings: [Finding] = []
        var uses = 0
        for c in a.connections {
            for t in c.forward where t.decisionKind == .flowMemoryHit {
                uses += 1
                if t.memoryBroken {
                    findings.append(Finding(severity: .error,
                                            message: "\(c.label) came back to the controller and was sent to \(t.actualServer?.description ?? "?"), not to \(c.server?.description ?? "?") where it was sent before: the flow memory was not honoured",
                                            evidence: ev.names([c.firstPacketIn, t.packetIn, t.flowMod]), connection: c.label))
                } else if let gap = t.sincePreviousInstall, gap > 10 {
                    findings.append(Finding(severity: .note,
                                            message: String(format: "%@ came back after %.1f s (its switch entry had idled out) and went to %@ again, from flow memory", c.label, gap, t.actualServer?.description ?? "?"),
                                            evidence: ev.names([c.firstPacketIn, t.packetIn, t.flowMod]), connection: c.label))
                }
            }
            uses += c.reverse.filter { $0.flowMod != nil }.count
        }
        guard uses > 0 else {
            return .notAssessed(id: id, title: title, because: "no connection came back to the controller and no server reply needed the remembered client")
        }
        let returns = findings.filter { $0.severity == .note }.count
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(uses) look-ups in flow memory (re-installs, returns after idle: \(returns), reverse installs), \(findings.filter { $0.severity == .error }.count) broken")
    }

    static func deadServer(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "dead-server", title = "no connection sent to a server that is down"
        var findings: [Finding] = []
        var decisions = 0
        for c in a.connections {
            for t in c.forward {
                if t.decisionKind == .newDecision || t.unexpectedInstall { decisions += 1 }
                if t.deadServer {
                    findings.append(Finding(severity: .error,
                                            message: "\(c.label) was sent to \(t.actualServer?.description ?? "?"), which was not up (live: [\(t.liveServers.map(\.description).joined(separator: ", "))])",
                                            evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
                } else if t.unexpectedInstall {
                    findings.append(Finding(severity: .error,
                                            message: "\(c.label) was given a FLOW_MOD while no server was up: it should have been dropped",
                                            evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
                }
            }
        }
        guard decisions > 0 else {
            return .notAssessed(id: id, title: title, because: "no new connection reached the controller")
        }
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(decisions - findings.count) of \(decisions) decisions went to a live server")
    }
}
