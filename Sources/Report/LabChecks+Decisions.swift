import Capture
import Model
import Replay
import Wire

extension LabChecks {
    /// round-robin: each new decision goes to the live server after the one chosen last.
    struct RoundRobinFold {
        static let id = "round-robin", title = "new connections go to the live servers in turn"
        var findings: FindingList
        var decisions = 0, judged = 0
        var previous: IPv4Address?
        /// The first servers chosen, for the summary line, and how many decisions named one.
        var order: [String] = []
        var ordered = 0
        /// Decisions the model left open (server shown, none expected): under round robin, those made
        /// before a capture that began mid-session had shown every server's state. The first's PACKET_IN.
        var unjudged = 0
        var firstUnjudged: FrameRef?

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            // Fields read in place (`c.forward[i].x`): binding each trace copied it, with every
            // array in it retained, three times per connection across the folds.
            for i in c.forward.indices where c.forward[i].decisionKind == .newDecision {
                decisions += 1
                let actualServer = c.forward[i].actualServer
                defer { if let s = actualServer { previous = s } }
                if let s = actualServer {
                    ordered += 1
                    if order.count < 9 { order.append(s.description) }
                }
                guard let actual = actualServer, let expected = c.forward[i].expectedServer else {
                    if actualServer != nil {
                        unjudged += 1
                        if firstUnjudged == nil { firstUnjudged = c.forward[i].packetIn }
                    }
                    continue
                }
                judged += 1
                if actual != expected && !c.forward[i].deadServer {
                    let t = c.forward[i]
                    let after = previous.map { "the server after \($0), the one chosen last" } ?? "the first live server"
                    findings.append(.error, Finding(severity: .error,
                                            message: "\(c.label) went to \(actual); round robin over the live servers [\(t.liveServers.map(\.description).joined(separator: ", "))] gives \(expected) (\(after))",
                                            evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
                }
            }
        }

        func result(policy: ServerPolicy, evidence ev: EvidenceNamer) -> CheckResult {
            guard policy == .roundRobin else {
                return .notAssessed(id: Self.id, title: Self.title, because: "policy is random: any live server is a valid choice, so order is not checked (dead-server still is)")
            }
            guard decisions > 0 else {
                return .notAssessed(id: Self.id, title: Self.title, because: "no new connection reached the controller")
            }
            let early = "the capture began after the controller had started, so its live servers and rotation were not known"
            guard judged > 0 else {
                return .notAssessed(id: Self.id, title: Self.title, because: unjudged > 0
                    ? "\(early) before every server's state showed, and no decision came after that"
                    : "no new connection was given a server the capture shows")
            }
            let wrong = findings.total  // errors only, so far
            var findings = findings
            if unjudged > 0 {
                findings.append(.note, Finding(severity: .note,
                                               message: "\(unjudged) decision\(unjudged == 1 ? "" : "s") not judged: \(early) until each server had answered a probe or missed one and the controller's choice had shown where the rotation stood; the rotation is followed from the last of them",
                                               evidence: ev.names([firstUnjudged])))
            }
            let shown = order.prefix(8).joined(separator: ", ") + (ordered > 8 ? ", …" : "")
            return findings.result(id: Self.id, title: Self.title,
                                   summary: "\(judged - wrong) of \(judged) decisions in round-robin order: \(shown)")
        }
    }

    /// flow-memory: a connection that comes back keeps its server; replies find their client.
    struct FlowMemoryFold {
        static let id = "flow-memory", title = "a connection seen again keeps its server; replies find their client"
        var findings: FindingList
        var uses = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            for i in c.forward.indices where c.forward[i].decisionKind == .flowMemoryHit {
                uses += 1
                guard c.forward[i].memoryBroken || (c.forward[i].sincePreviousInstall ?? 0) > 10 else { continue }
                let t = c.forward[i]
                if t.memoryBroken {
                    findings.append(.error, Finding(severity: .error,
                                            message: "\(c.label) came back to the controller and was sent to \(t.actualServer?.description ?? "?"), not to \(c.server?.description ?? "?") where it was sent before: the flow memory was not honoured",
                                            evidence: ev.names([c.firstPacketIn, t.packetIn, t.flowMod]), connection: c.label))
                } else if let gap = t.sincePreviousInstall, gap > 10 {
                    findings.append(.note, Finding(severity: .note,
                                            message: "\(c.label) came back after \(PrintfFormat.string("%.1f", gap)) s (its switch entry had idled out) and went to \(t.actualServer?.description ?? "?") again, from flow memory",
                                            evidence: ev.names([c.firstPacketIn, t.packetIn, t.flowMod]), connection: c.label))
                }
            }
            uses += c.reverse.count { $0.flowMod != nil }
        }

        func result() -> CheckResult {
            findings.verdict(id: Self.id, title: Self.title, judged: uses > 0,
                             elseBecause: "no connection came back to the controller and no server reply needed the remembered client",
                             summary: "\(uses) look-ups in flow memory (re-installs, returns after idle: \(findings.count(.note)), reverse installs), \(findings.count(.error)) broken")
        }
    }

    /// dead-server: no new decision goes to a server that is down, nor any install while none is up.
    struct DeadServerFold {
        static let id = "dead-server", title = "no connection sent to a server that is down"
        var findings: FindingList
        var decisions = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            for i in c.forward.indices {
                // Every install judged here counts: a flow-memory answer sent to a dead server too,
                // or the summary could count fewer decisions than findings (and a session of only
                // such installs would read as not assessed).
                if c.forward[i].decisionKind == .newDecision || c.forward[i].unexpectedInstall || c.forward[i].deadServer { decisions += 1 }
                guard c.forward[i].deadServer || c.forward[i].unexpectedInstall else { continue }
                let t = c.forward[i]
                if t.deadServer {
                    findings.append(.error, Finding(severity: .error,
                                            message: "\(c.label) was sent to \(t.actualServer?.description ?? "?"), which was not up (live: [\(t.liveServers.map(\.description).joined(separator: ", "))])",
                                            evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
                } else if t.unexpectedInstall {
                    findings.append(.error, Finding(severity: .error,
                                            message: "\(c.label) was given a FLOW_MOD while no server was up: it should have been dropped",
                                            evidence: ev.names([t.packetIn, t.flowMod]), connection: c.label))
                }
            }
        }

        func result() -> CheckResult {
            findings.verdict(id: Self.id, title: Self.title, judged: decisions > 0,
                             elseBecause: "no new connection reached the controller",
                             summary: "\(decisions - findings.total) of \(decisions) decisions went to a live server")
        }
    }
}
