import Capture
import Replay
import Wire

extension LabChecks {
    /// A connection's end-to-end verdict from the data plane: the client's handshake must complete
    /// with the service IP as its peer (a SYN-ACK from the service IP reached it).
    static func endToEndStatus(_ c: ConnectionTrace, hasDataPlane: Bool, serviceIP: IPv4Address) -> (status: CheckStatus, problem: String?) {
        guard hasDataPlane else { return (.notAssessed, nil) }
        // Fields read in place: binding `c.dataPlane` copied it (a dozen lists retained) per connection.
        if !c.dataPlane.synAckFromService.isEmpty { return (.pass, nil) }
        if c.dataPlane.packets == 0 { return (.notAssessed, "no data-plane packet of this connection was captured") }
        // Its handshake is not in the capture (it began before, or the client's port was not captured).
        if c.dataPlane.clientSYN.isEmpty { return (.notAssessed, "the client's SYN was not captured, so neither was its handshake") }
        if !c.dataPlane.synAckFromServerDelivered.isEmpty {
            let rst = c.dataPlane.clientRST.isEmpty ? "" : ", and the client reset the connection"
            return (.fail, "the client received the SYN-ACK from the server's own address, not from the service IP \(serviceIP)\(rst)")
        }
        return (.fail, "no SYN-ACK from the service IP reached the client")
    }

    /// end-to-end: each client's handshake completes with the service IP as its peer. Connections
    /// are judged as if a data plane was captured; `result` discards it all when none was.
    struct EndToEndFold {
        static let id = "end-to-end", title = "each client's handshake completes with the service IP as its peer"
        let serviceIP: IPv4Address
        var findings: FindingList
        var ok = 0, judged = 0, connections = 0

        mutating func add(_ c: ConnectionTrace, _ ev: EvidenceNamer) {
            connections += 1
            let (status, problem) = endToEndStatus(c, hasDataPlane: true, serviceIP: serviceIP)
            switch status {
            case .pass: ok += 1; judged += 1
            case .fail:
                judged += 1
                let d = c.dataPlane
                findings.append(.error, Finding(severity: .error, message: "\(c.label): \(problem ?? "handshake failed")",
                                        evidence: ev.names(Array(d.clientSYN.prefix(1)) + Array(d.synAckFromServerDelivered.prefix(2)) + Array(d.clientRST.prefix(2))),
                                        connection: c.label))
            case .notAssessed:
                // Every connection of a capture without a data plane comes here. The finding is
                // built only while the list has room, but the closure building it captured the
                // whole trace, copied per connection: capture the two fields the label needs.
                let (client, port) = (c.client, c.clientPort)
                findings.append(.warning, Finding(severity: .warning, message: "\(client):\(port): \(problem ?? "not assessed")",
                                                  connection: "\(client):\(port)"))
            }
        }

        func result(hasDataPlane: Bool) -> CheckResult {
            guard hasDataPlane else {
                return .notAssessed(id: Self.id, title: Self.title, because: "no data-plane capture was given (add dp.pcap, ports/*.pcap or dp-any.pcap)")
            }
            guard connections > 0 else {
                return .notAssessed(id: Self.id, title: Self.title, because: "no client connection to the service reached the controller")
            }
            guard judged > 0 else {
                return findings.notAssessed(id: Self.id, title: Self.title, because: "the data-plane capture holds no packet of the connections the controller saw")
            }
            return findings.result(id: Self.id, title: Self.title, summary: "\(ok) of \(judged) handshakes completed with \(serviceIP)")
        }
    }
}
