import Capture
import Model
import Replay
import Wire

extension LabChecks {
    /// forward-rewrite: every forward install as the model expects (exact match, SET_DL_DST, SET_NW_DST, OUTPUT).
    struct ForwardRewriteFold {
        static let id = "forward-rewrite", title = "new connections rewritten to a server: SET_DL_DST, SET_NW_DST, OUTPUT, exact match"
        var findings: FindingList
        var installs = 0, bad = 0, connections = 0
        /// Installs to a server whose location the capture had not shown (it began mid-session),
        /// and the first one's FLOW_MOD.
        var locationNotJudged = 0
        var firstLocationNotJudged: FrameRef?
        /// New connections rightly dropped while no server was up.
        var drops = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            connections += 1
            let dropped = c.forward.count { $0.expectedDrop }
            drops += dropped
            installs += c.forward.count - dropped
            for i in c.forward.indices where c.forward[i].locationNotJudged {
                locationNotJudged += 1
                if firstLocationNotJudged == nil { firstLocationNotJudged = c.forward[i].flowMod }
            }
            let wrong = c.forward.count { $0.isWrong }
            bad += wrong
            if wrong > 0 {
                findings.append(contentsOf: installFindings(c.forward, connection: c.label, what: "forward", ev))
            }
        }

        func result(_ ev: EvidenceNamer) -> CheckResult {
            var findings = findings
            if locationNotJudged > 0 {
                findings.append(.note, Finding(severity: .note,
                                               message: "\(locationNotJudged) install\(locationNotJudged == 1 ? "" : "s") sent a connection to a server before the capture showed its probe reply (it began after the controller had started): \(locationNotJudged == 1 ? "its" : "their") SET_DL_DST and OUTPUT were not judged, only that they are there",
                                               evidence: ev.names([firstLocationNotJudged])))
            }
            let dropped = drops == 0 ? "" : "; \(drops) PACKET_IN\(drops == 1 ? "" : "s") rightly left without one while no server was up"
            return findings.verdict(id: Self.id, title: Self.title, judged: installs > 0,
                                    elseBecause: drops > 0 ? "every new connection came while no server was up (\(drops) PACKET_INs), so no install was due"
                                        : "no client connection to the service reached the controller",
                                    summary: "\(installs - bad) of \(installs) forward installs as expected over \(connections) connections\(dropped)")
        }
    }

    /// reverse-rewrite: every reverse install as expected, and no install for traffic that should have been dropped.
    struct ReverseRewriteFold {
        static let id = "reverse-rewrite", title = "replies rewritten back: SET_DL_SRC balancer MAC, SET_NW_SRC service IP, OUTPUT client port"
        var findings: FindingList
        var installs = 0, bad = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            installs += c.reverse.count
            bad += c.reverse.count { $0.flowMod == nil || !$0.discrepancies.isEmpty }
            if c.reverse.contains(where: { $0.flowMod == nil || !$0.discrepancies.isEmpty }) {
                findings.append(contentsOf: installFindings(c.reverse, connection: c.label, what: "reverse", ev))
            }
        }

        func result(strayInstalls: [InstallTrace], channel: ControlChannelTrace, _ ev: EvidenceNamer) -> CheckResult {
            var findings = findings
            for s in strayInstalls {
                findings.append(.error, Finding(severity: .error,
                                        message: "a \(s.direction.rawValue) FLOW_MOD for \(s.packet.nwSrc):\(s.packet.tpSrc) → \(s.packet.nwDst):\(s.packet.tpDst), traffic the balancer should have dropped (no connection it balanced)",
                                        evidence: ev.names([s.packetIn, s.flowMod])))
            }
            let before = channel.repliesBeforeCapture
            let beforeText = "\(before) server repl\(before == 1 ? "y" : "ies") of connections that began before the capture (it began after the controller had started, which may remember them) not judged"
            guard installs > 0 || !strayInstalls.isEmpty else {
                return findings.notAssessed(id: Self.id, title: Self.title, because: before > 0
                    ? "no server reply of a connection the capture saw begin reached the controller (\(beforeText))"
                    : "no server reply reached the controller, so no reverse flow was due")
            }
            if before > 0 {
                findings.append(.note, Finding(severity: .note, message: beforeText, evidence: ev.names([channel.firstReplyBeforeCapture])))
            }
            return findings.result(id: Self.id, title: Self.title, summary: "\(installs - bad) of \(installs) reverse installs as expected")
        }
    }

    /// first-packet: the packet that reached the controller was released (buffer or PACKET_OUT).
    struct FirstPacketFold {
        static let id = "first-packet", title = "the packet that reached the controller is sent on, not lost"
        var findings: FindingList
        var installs = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            installs += c.forward.count + c.reverse.count
            add(c.forward, of: c, ev)
            add(c.reverse, of: c, ev)
        }

        private mutating func add(_ installs: [InstallTrace], of c: ConnectionTrace, _ ev: EvidenceNamer) {
            // By index, fields read in place: `for t in installs` copied each install (400 bytes, its lists retained).
            for i in installs.indices {
                guard let problem = installs[i].releaseProblem else { continue }
                let t = installs[i]
                findings.append(.error, Finding(severity: .error, message: "\(c.label): \(t.direction.rawValue) packet: \(problem)",
                                        evidence: ev.names([t.packetIn, t.flowMod, t.release]), connection: c.label))
            }
        }

        func result() -> CheckResult {
            findings.verdict(id: Self.id, title: Self.title, judged: installs > 0,
                             elseBecause: "no PACKET_IN needed an install",
                             summary: "\(installs - findings.total) of \(installs) packets released (buffer or PACKET_OUT)")
        }
    }

    /// One finding per distinct problem of a connection's installs (re-installs repeat the same mistake),
    /// citing the PACKET_IN and FLOW_MOD frames of each occurrence.
    static func installFindings(_ installs: [InstallTrace], connection: String, what: String, _ ev: EvidenceNamer) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: Int] = [:]
        for t in installs where !t.expectedDrop {
            if t.flowMod == nil {
                // Where the lab's round-robin code raises, say so: it is the likely cause, and the fix
                // is one character.
                let cause = t.labCodeWouldFail
                    ? " (a server went down after being picked last, so the round-robin index is past the live list here: the lab's _pick_server wraps only when selected_server == len(live_servers) and raises IndexError on a[selected_server]; wrap on >=)"
                    : ""
                findings.append(Finding(severity: .error, message: "\(connection): no FLOW_MOD answered the \(what) PACKET_IN: the \(what == "forward" ? "client's packets keep going to the controller" : "server's replies never reach the client rewritten")\(cause)",
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
