import Capture
import Model
import Replay
import Wire

extension LabChecks {
    static func forwardRewrite(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "forward-rewrite", title = "new connections rewritten to a server: SET_DL_DST, SET_NW_DST, OUTPUT, exact match"
        let installs = a.connections.flatMap { c in c.forward.map { (c, $0) } }
        guard !installs.isEmpty else {
            return .notAssessed(id: id, title: title, because: "no client connection to the service reached the controller")
        }
        var findings: [Finding] = []
        for c in a.connections {
            findings += installFindings(c.forward, connection: c.label, what: "forward", ev)
        }
        let bad = installs.filter { $0.1.flowMod == nil || !$0.1.discrepancies.isEmpty }.count
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(installs.count - bad) of \(installs.count) forward installs as expected over \(a.connections.count) connections")
    }

    static func reverseRewrite(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "reverse-rewrite", title = "replies rewritten back: SET_DL_SRC balancer MAC, SET_NW_SRC service IP, OUTPUT client port"
        let installs = a.connections.flatMap(\.reverse)
        var findings: [Finding] = []
        for c in a.connections {
            findings += installFindings(c.reverse, connection: c.label, what: "reverse", ev)
        }
        for s in a.strayInstalls {
            findings.append(Finding(severity: .error,
                                    message: "a \(s.direction.rawValue) FLOW_MOD for \(s.packet.nwSrc):\(s.packet.tpSrc) → \(s.packet.nwDst):\(s.packet.tpDst), traffic the balancer should have dropped (no connection it balanced)",
                                    evidence: ev.names([s.packetIn, s.flowMod])))
        }
        guard !installs.isEmpty || !a.strayInstalls.isEmpty else {
            return .notAssessed(id: id, title: title, because: "no server reply reached the controller, so no reverse flow was due")
        }
        let bad = installs.filter { $0.flowMod == nil || !$0.discrepancies.isEmpty }.count
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(installs.count - bad) of \(installs.count) reverse installs as expected")
    }

    static func firstPacket(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "first-packet", title = "the packet that reached the controller is sent on, not lost"
        let installs = a.connections.flatMap { $0.forward + $0.reverse }
        guard !installs.isEmpty else {
            return .notAssessed(id: id, title: title, because: "no PACKET_IN needed an install")
        }
        var findings: [Finding] = []
        for c in a.connections {
            for t in c.forward + c.reverse {
                guard let problem = t.releaseProblem else { continue }
                findings.append(Finding(severity: .error, message: "\(c.label): \(t.direction.rawValue) packet: \(problem)",
                                        evidence: ev.names([t.packetIn, t.flowMod, t.release]), connection: c.label))
            }
        }
        let lost = findings.count
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(installs.count - lost) of \(installs.count) packets released (buffer or PACKET_OUT)")
    }

    /// One finding per distinct problem of a connection's installs (re-installs repeat the same mistake),
    /// citing the PACKET_IN and FLOW_MOD frames of each occurrence.
    static func installFindings(_ installs: [InstallTrace], connection: String, what: String, _ ev: EvidenceNamer) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for t in installs {
            if t.flowMod == nil {
                findings.append(Finding(severity: .error, message: "\(connection): no FLOW_MOD answered the \(what) PACKET_IN: the \(what == "forward" ? "client's packets keep going to the controller" : "server's replies never reach the client rewritten")",
                                        evidence: ev.names([t.packetIn]), connection: connection))
                continue
            }
            for d in t.discrepancies {
                let message = "\(connection): \(what) FLOW_MOD: \(d.description)\(consequence(d, what: what))"
                if let i = seen[message] {
                    findings[i].evidence += ev.names([t.packetIn, t.flowMod])
                } else {
                    seen[message] = findings.count
                    findings.append(Finding(severity: .error, message: message, evidence: ev.names([t.packetIn, t.flowMod]), connection: connection))
                }
            }
        }
        return findings
    }

    static func consequence(_ d: FlowModDiscrepancy, what: String) -> String {
        switch d {
        case .missingAction(.setNwSrc(let ip)): "; the client sees replies from the server's own address instead of \(ip) and resets the connection"
        case .missingAction(.setNwDst(let ip)): "; packets reach the server still addressed to the service IP, not \(ip)"
        case .missingAction(.setDlDst): "; the server's NIC receives a frame not addressed to its MAC"
        case .missingAction(.setDlSrc): "; replies carry the server's MAC, not the service's"
        case .matchWildcarded, .matchPrefixTooShort: "; the entry also captures other clients' traffic"
        case .wrongOutputPort: what == "forward" ? "; packets leave towards the wrong host" : "; replies go to the wrong client"
        default: ""
        }
    }
}
