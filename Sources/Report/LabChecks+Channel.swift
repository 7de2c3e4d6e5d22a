import Capture
import Replay
import Wire

extension LabChecks {
    static func controlChannel(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "control-channel", title = "OpenFlow control channel: handshake, no errors from the switch"
        let cc = a.controlChannel
        guard cc.messages > 0 else {
            return .notAssessed(id: id, title: title, because: "the input holds no OpenFlow control channel (give the controller's capture, e.g. of.pcap; if the controller listens on a port other than 6633 or 6653 and the connection's opening HELLO was not captured, name the port with --of-port)")
        }
        var findings: [Finding] = []
        if cc.helloToSwitch == nil || cc.helloToController == nil || cc.featuresReply == nil {
            findings.append(Finding(severity: .warning, message: "the capture does not show the whole handshake (HELLO both ways, FEATURES_REPLY): it probably began after the switch connected"))
        } else {
            findings.append(Finding(severity: .note, message: "handshake: HELLO both ways, FEATURES_REQUEST/REPLY (datapath \(cc.datapathID.map { PrintfFormat.string("%016llx", $0) } ?? "?"))",
                                    evidence: ev.names([cc.helloToSwitch, cc.helloToController, cc.featuresRequest, cc.featuresReply])))
        }
        for e in cc.errors {
            findings.append(Finding(severity: .error, message: "the switch answered with OFPT_ERROR \(e.text): it rejected a message the controller sent", evidence: [ev.name(e.frame)]))
        }
        if cc.versions.count > 1 || cc.versions.contains(where: { $0 != 1 }) {
            findings.append(Finding(severity: .warning, message: "OpenFlow versions seen: \(cc.versions.sorted().map { "0x0\($0)" }.joined(separator: ", ")); the lab speaks 1.0 (0x01)"))
        }
        if cc.connections.count > 1 {
            findings.append(Finding(severity: .warning, message: "\(cc.connections.count) control connections: the switch reconnected, or several switches were connected"))
        }
        for d in a.diagnostics where d.message.contains("control channel") {
            findings.append(Finding(severity: .warning, message: d.description, evidence: d.frame.map { [Evidence(file: d.file, frame: $0)] } ?? []))
        }
        let errs = cc.errors.count
        return CheckResult(id: id, title: title, findings: findings,
                           summary: errs == 0 ? "\(cc.messages) messages, no OFPT_ERROR from the switch" : "\(errs) OFPT_ERROR from the switch")
    }

    static func liveness(_ a: SessionAnalysis, _ ev: EvidenceNamer) -> CheckResult {
        let id = "liveness", title = "every server probed with ARP; up and down as the replies say"
        let l = a.liveness
        let servers = a.config.servers.value
        let span = a.firstTime.flatMap { f in a.lastTime.map { $0.interval(since: f) } } ?? 0
        guard a.controlChannel.messages > 0 else {
            return .notAssessed(id: id, title: title, because: "no control channel in the input: probes travel as PACKET_OUT/PACKET_IN")
        }
        var findings: [Finding] = []
        let probed = servers.filter { !(l.probes[$0] ?? []).isEmpty }
        // Shorter than a probe cycle, a server not probed yet may simply not have had its turn:
        // undecided, so not a pass (nor a fail).
        if span < 5 && probed.count < servers.count {
            let cycle = "the capture spans \(PrintfFormat.string("%.1f", span)) s, less than one probe cycle (5 s)"
            let unprobed = servers.filter { !probed.contains($0) }.map(\.description).joined(separator: ", ")
            return .notAssessed(id: id, title: title,
                                because: probed.isEmpty ? cycle : "\(cycle), and \(unprobed) had no probe in it")
        }
        if probed.isEmpty {
            findings.append(Finding(severity: .error, message: "the controller never probed any server with ARP over \(PrintfFormat.string("%.0f", span)) s: it cannot know which servers are up"))
        }
        for s in servers {
            let probes = l.probes[s] ?? []
            let replies = l.replies[s] ?? []
            if probes.isEmpty && !probed.isEmpty {
                findings.append(Finding(severity: .error, message: "server \(s) was never probed, though others were"))
            } else if !probes.isEmpty {
                findings.append(Finding(severity: .note, message: "server \(s): \(probes.count) probes, \(replies.count) replies",
                                        evidence: ev.names([probes.first, replies.first])))
            }
        }
        for t in l.transitions {
            let when = a.firstTime.map { PrintfFormat.string("%.3f s into the capture", t.time.interval(since: $0)) } ?? "\(t.time)"
            findings.append(Finding(severity: .note, message: "server \(t.server) \(t.up ? "up" : "down (a probe went unanswered)") at \(when)",
                                    evidence: ev.names([t.frame])))
        }
        // Probe cadence: the lab probes one server every probe_cycle / servers seconds.
        let times = l.probeTimes.values.flatMap { $0 }.sorted()
        if times.count >= 3 {
            let gaps = zip(times.dropFirst(), times).map { $0.interval(since: $1) }.sorted()
            let median = gaps[gaps.count / 2]
            let expected = max(0.25, 5.0 / Double(max(1, servers.count)))
            if abs(median - expected) > expected * 0.5 {
                findings.append(Finding(severity: .warning, message: PrintfFormat.string("probes every %.2f s (median), where the lab's controller probes every %.2f s", median, expected)))
            }
        }
        let ups = l.transitions.filter(\.up).count, downs = l.transitions.count - ups
        return CheckResult(id: id, title: title, findings: findings,
                           summary: "\(probed.count) of \(servers.count) servers probed; \(ups) up, \(downs) down transitions")
    }
}
