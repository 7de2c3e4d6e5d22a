import Capture
import Replay
import Wire

extension LabChecks {
    /// A connection's end-to-end verdict from the data plane: the client's handshake must complete
    /// with the service IP as its peer (a SYN-ACK from the service IP reached it).
    static func endToEndStatus(_ c: ConnectionTrace, _ a: SessionAnalysis) -> (status: CheckStatus, problem: String?) {
        guard a.hasDataPlane else { return (.notAssessed, nil) }
        let d = c.dataPlane
        if !d.synAckFromService.isEmpty { return (.pass, nil) }
        if d.packets == 0 { return (.notAssessed, "no data-plane packet of this connection was captured") }
        if !d.synAckFromServerDelivered.isEmpty {
            let rst = d.clientRST.isEmpty ? "" : ", and the client reset the connection"
            return (.fail, "the client received the SYN-ACK from the server's own address, not from the service IP \(a.config.serviceIP.value)\(rst)")
        }
        return (.fail, "no SYN-ACK from the service IP reached the client")
    }

    static func endToEnd(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "end-to-end", title = "each client's handshake completes with the service IP as its peer"
        guard a.hasDataPlane else {
            return .notAssessed(id: id, title: title, because: "no data-plane capture was given (add dp.pcap, ports/*.pcap or dp-any.pcap)")
        }
        guard !a.connections.isEmpty else {
            return .notAssessed(id: id, title: title, because: "no client connection to the service reached the controller")
        }
        var findings: [Finding] = []
        var ok = 0, judged = 0
        for c in a.connections {
            let (status, problem) = endToEndStatus(c, a)
            switch status {
            case .pass: ok += 1; judged += 1
            case .fail:
                judged += 1
                let d = c.dataPlane
                findings.append(Finding(severity: .error, message: "\(c.label): \(problem ?? "handshake failed")",
                                        evidence: ev.names(Array(d.clientSYN.prefix(1)) + Array(d.synAckFromServerDelivered.prefix(2)) + Array(d.clientRST.prefix(2))),
                                        connection: c.label))
            case .notAssessed:
                findings.append(Finding(severity: .warning, message: "\(c.label): \(problem ?? "not assessed")", connection: c.label))
            }
        }
        guard judged > 0 else {
            return .notAssessed(id: id, title: title, because: "the data-plane capture holds no packet of the connections the controller saw", findings: findings)
        }
        return CheckResult(id: id, title: title, findings: findings, summary: "\(ok) of \(judged) handshakes completed with \(a.config.serviceIP.value)")
    }
}
