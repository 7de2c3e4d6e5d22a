import Capture
import Model
import Replay
import Wire

/// A participant of the lab, one lane of the sequence diagram.
public enum FlowLane: Hashable, Sendable, CustomStringConvertible {
    case client(IPv4Address)
    /// The Open vSwitch datapath.
    case datapath
    case controller
    case server(IPv4Address)

    public var description: String {
        switch self {
        case .client(let ip): "client \(ip)"
        case .datapath: "switch"
        case .controller: "controller"
        case .server(let ip): "server \(ip)"
        }
    }
}

/// One step of a connection's story: a packet or message between two lanes (or the
/// controller's decision, from and to itself), with the frame that shows it.
public struct FlowStep: Sendable {
    public enum Kind: String, Sendable {
        case clientSYN = "client_syn"
        case packetIn = "packet_in"
        case decision
        case flowMod = "flow_mod"
        case packetOut = "packet_out"
        case synToServer = "syn_to_server"
        case serverSynAck = "server_syn_ack"
        case synAckToClient = "syn_ack_to_client"
        case clientRST = "client_rst"
    }

    public var kind: Kind
    /// forward or reverse, for the controller's steps.
    public var direction: InstallTrace.Direction?
    public var from: FlowLane
    public var to: FlowLane
    /// The frame that shows the step (nil for the decision, which no frame carries).
    public var frame: Evidence?
    public var time: Timestamp
    /// One line: what the step is (never contains the frame; renderers add it).
    public var text: String
    /// Why the step is wrong, when it is.
    public var problem: String?
    /// Seconds since the step this one answers (PACKET_IN → FLOW_MOD, client SYN → SYN-ACK).
    public var latency: Double?

    public var isBad: Bool { problem != nil }
}

/// A client connection told in order, from its SYN to the SYN-ACK the client saw.
public struct ConnectionTimeline: Sendable {
    public var connection: String
    public var client: IPv4Address
    public var clientPort: UInt16
    public var server: IPv4Address?
    public var expectedServer: IPv4Address?
    /// In capture-time order (steps at the same instant keep the order they happen in).
    public var steps: [FlowStep]
    /// The first forward PACKET_IN to its FLOW_MOD.
    public var packetInToFlowMod: Double?
    /// The client's SYN to the first SYN-ACK that reached the client (from either address).
    public var synToSynAck: Double?

    public var isBad: Bool { steps.contains { $0.isBad } }
    public var start: Timestamp { steps.first?.time ?? Timestamp(seconds: 0, nanoseconds: 0) }
}

/// Builds a connection's timeline from its replayed trace: the installs the controller made and
/// what the data plane shows.
public enum FlowTimelineBuilder {
    public static func build(_ analysis: SessionAnalysis) -> [ConnectionTimeline] {
        analysis.connections.map { build($0, in: analysis) }
    }

    public static func build(_ c: ConnectionTrace, in a: SessionAnalysis) -> ConnectionTimeline {
        let ev = EvidenceNamer(files: a.files)
        let client = FlowLane.client(c.client)
        let service = a.config.serviceIP.value
        var steps: [FlowStep] = []
        let d = c.dataPlane
        func time(_ r: FrameRef) -> Timestamp? { d.frameInfo[r]?.time }

        // Data plane: the client's SYN, and what the switch made of it.
        var synTime: Timestamp?
        if let r = d.clientSYN.first, let t = time(r) {
            synTime = t
            steps.append(FlowStep(kind: .clientSYN, from: client, to: .datapath, frame: ev.name(r), time: t,
                                  text: "SYN \(c.label) → \(service):\(c.servicePort)"))
        }
        let server = c.server
        if let r = d.synToServer.first, let t = time(r) {
            let lane = server.map(FlowLane.server) ?? .server(service)
            steps.append(FlowStep(kind: .synToServer, from: .datapath, to: lane, frame: ev.name(r), time: t,
                                  text: "SYN \(c.label) → \(server?.description ?? "?"):\(c.servicePort) (rewritten)"))
        }
        let (serverSide, clientSide) = splitServerSynAcks(c, a)
        if let r = serverSide.first, let t = time(r) {
            let lane = server.map(FlowLane.server) ?? .server(service)
            steps.append(FlowStep(kind: .serverSynAck, from: lane, to: .datapath, frame: ev.name(r), time: t,
                                  text: "SYN-ACK \(server?.description ?? "server"):\(c.servicePort) → \(c.label)"))
        }
        var seenByClient: [(FrameRef, Timestamp, Bool)] = []
        if let r = d.synAckFromService.first, let t = time(r) { seenByClient.append((r, t, true)) }
        if let r = clientSide.first, let t = time(r) { seenByClient.append((r, t, false)) }
        if let (r, t, fromService) = seenByClient.min(by: { $0.1 < $1.1 }) {
            steps.append(FlowStep(kind: .synAckToClient, from: .datapath, to: client, frame: ev.name(r), time: t,
                                  text: fromService ? "SYN-ACK \(service):\(c.servicePort) → \(c.label): the client sees the service IP"
                                      : "SYN-ACK \(server?.description ?? "server"):\(c.servicePort) → \(c.label)",
                                  problem: fromService ? nil : "the client sees the server's own address, not the service IP \(service)",
                                  latency: synTime.map { t.interval(since: $0) }))
        }
        if let r = d.clientRST.first, let t = time(r) {
            // A reset after a handshake with the service IP is the client's own business (closing early);
            // without that handshake it is the client refusing a reply from the wrong address.
            let refused = d.synAckFromService.isEmpty
            steps.append(FlowStep(kind: .clientRST, from: client, to: .datapath, frame: ev.name(r), time: t,
                                  text: "RST \(c.label)", problem: refused ? "the client reset the connection" : nil))
        }

        // Control channel: every install, forward and reverse.
        for t in c.forward { steps += installSteps(t, c, a, ev) }
        for t in c.reverse { steps += installSteps(t, c, a, ev) }

        // Stable by time: steps were appended in causal order within each source.
        let ordered = steps.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        let firstForward = c.forward.first { $0.flowMod != nil }
        return ConnectionTimeline(connection: c.label, client: c.client, clientPort: c.clientPort, server: server,
                                  expectedServer: c.expectedServer, steps: ordered,
                                  packetInToFlowMod: firstForward?.flowModLatency,
                                  synToSynAck: ordered.first { $0.kind == .synAckToClient }?.latency)
    }

    /// The PACKET_IN, the controller's decision, the FLOW_MOD and the release of one install.
    static func installSteps(_ t: InstallTrace, _ c: ConnectionTrace, _ a: SessionAnalysis, _ ev: EvidenceNamer) -> [FlowStep] {
        let p = t.packet
        let dir = t.direction
        let what = dir == .forward ? "" : "reverse "
        var steps: [FlowStep] = []
        var inProblem: String?
        if t.flowMod == nil && !t.expectedDrop {
            inProblem = "no FLOW_MOD answered it" + (t.releaseProblem.map { "; \($0)" } ?? "")
        }
        steps.append(FlowStep(kind: .packetIn, direction: dir, from: .datapath, to: .controller, frame: ev.name(t.packetIn),
                              time: t.time, text: "\(what)PACKET_IN \(p.nwSrc):\(p.tpSrc) → \(p.nwDst):\(p.tpDst) (in_port \(p.inPort))",
                              problem: inProblem))
        if t.expectedDrop {
            steps.append(FlowStep(kind: .decision, direction: dir, from: .controller, to: .controller, frame: nil,
                                  time: t.time, text: "no server was up: left without a FLOW_MOD (\"No servers!\"), as it should be", problem: nil))
        }
        if dir == .forward, let kind = t.decisionKind {
            var text: String
            var problem: String?
            let chosen = t.actualServer?.description ?? "no server"
            switch kind {
            case .newDecision:
                text = "new decision: \(chosen)"
                if let e = t.expectedServer {
                    text += " (expected \(e))"
                    if let s = t.actualServer, s != e, a.config.policy == .roundRobin { problem = "round robin expected \(e), the controller chose \(s)" }
                } else if t.actualServer != nil, a.config.policy == .roundRobin {
                    text += " (not judged: the capture had not yet shown every server's state)"
                }
                if t.labCodeWouldFail && t.flowMod == nil { text += "; the lab's _pick_server raises IndexError here (index past the live list)" }
            case .flowMemoryHit:
                text = "from flow memory: \(chosen)"
                if let since = t.sincePreviousInstall { text += PrintfFormat.string(" (%.3f s after the PACKET_IN of its previous install)", since) }
            }
            if t.deadServer { problem = "\(chosen) was not live when chosen" }
            if t.memoryBroken { problem = "the controller's flow memory held another server for this connection" }
            steps.append(FlowStep(kind: .decision, direction: dir, from: .controller, to: .controller, frame: nil,
                                  time: t.time, text: text, problem: problem))
        }
        if let mod = t.flowMod {
            let modTime = t.time.adding(seconds: t.flowModLatency ?? 0)
            var problems = t.discrepancies.map(\.description)
            if t.unexpectedInstall { problems.append("an install for traffic the balancer should have dropped") }
            if let r = t.releaseProblem { problems.append(r) }
            let target: String
            if dir == .forward { target = "→ \(t.actualServer?.description ?? "?")" } else { target = "rewrite back to the service IP" }
            let buffered = t.bufferId != 0xffff_ffff
            // A frame often carries FLOW_MOD, BARRIER_REQUEST and PACKET_OUT together: the release is then
            // the same frame as the FLOW_MOD, and only an unbuffered packet says it was a PACKET_OUT.
            let flowModReleases = buffered && t.release == mod
            steps.append(FlowStep(kind: .flowMod, direction: dir, from: .controller, to: .datapath, frame: ev.name(mod),
                                  time: modTime, text: "\(what)FLOW_MOD \(target)\(flowModReleases ? ", releases buffer \(t.bufferId)" : "")",
                                  problem: problems.isEmpty ? nil : problems.joined(separator: "; "), latency: t.flowModLatency))
            if let r = t.release, !flowModReleases {
                steps.append(FlowStep(kind: .packetOut, direction: dir, from: .controller, to: .datapath, frame: ev.name(r),
                                      time: modTime, text: "\(what)PACKET_OUT releases the first packet\(r == mod ? " (same frame as the FLOW_MOD)" : "")"))
            }
        }
        return steps
    }

    /// The server's SYN-ACKs as the server sent them, and as the switch passed them to the client
    /// unrewritten (the reverse-rewrite bug). By switch port when the file names it. A merged capture
    /// (dp.pcap, dp-any.pcap) holds each forwarded packet twice, as it entered and as it left: a copy
    /// within half a second of a server-side one is its exit towards the client (retransmissions
    /// come a second or more apart). The MAC cannot tell: POX's balancer MAC is h1's.
    static func splitServerSynAcks(_ c: ConnectionTrace, _ a: SessionAnalysis) -> (server: [FrameRef], client: [FrameRef]) {
        let d = c.dataPlane
        var server: [FrameRef] = [], client: [FrameRef] = []
        var lastServerSide: Timestamp?
        for r in d.synAckFromServer {
            let info = d.frameInfo[r]
            let atClient: Bool
            if let port = info?.switchPort {
                atClient = port == c.clientSwitchPort
            } else if let t = info?.time, let last = lastServerSide, t.interval(since: last) < 0.5 {
                atClient = true
            } else {
                atClient = false
            }
            if atClient {
                client.append(r)
                lastServerSide = nil
            } else {
                server.append(r)
                lastServerSide = info?.time
            }
        }
        return (server, client)
    }
}
