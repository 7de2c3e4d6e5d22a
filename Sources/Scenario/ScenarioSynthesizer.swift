import Capture
import Model
import OpenFlow
import Wire

/// What the synthesiser did for one client connection, with the frames a check should cite.
/// Frame numbers are 1-based as Wireshark counts them: `forward*`/`reverse*` in of.pcap, `clientSYN` in dp.pcap.
public struct ConnectionRecord: Sendable, Equatable {
    public var index: Int
    public var client: IPv4Address
    public var clientPort: UInt16
    public var start: Timestamp
    /// The faults applied to it, in the scenario's spelling.
    public var faults: [String]
    /// The server the model expected (nil when the connection never reached the controller, or no server was live).
    public var expectedServer: IPv4Address?
    /// The server the synthesised controller sent it to.
    public var server: IPv4Address?
    public var forwardPacketIn: Int?
    /// The segment carrying the forward FLOW_MOD (with its BARRIER_REQUEST and PACKET_OUT).
    public var forwardFlowMod: Int?
    public var reversePacketIn: Int?
    public var reverseFlowMod: Int?
    public var clientSYN: Int?
    /// The client completed its request with the service IP as its peer.
    public var completed: Bool
}

/// What one synthesis wrote.
public struct SynthesisSummary: Sendable {
    public var controlFile: String
    public var dataFile: String?
    public var connections: Int
    public var controlFrames: Int
    public var dataFrames: Int
    /// Decisions the model made, in order (a copy of its decision log's servers; empty above 10 000 to keep memory flat).
    public var decisions: [IPv4Address]
    /// Faults that could not be applied where they were aimed (for instance `dead_server` with every server up).
    public var notes: [String]
}

/// Writes a scenario as the lab's capture files.
public enum ScenarioSynthesizer {
    /// Writes `directory/of.pcap` and, unless the scenario says `data_plane: false`, `directory/dp.pcap`
    /// (the folder is created). `onConnection` is called as each connection finishes, in finishing order.
    @discardableResult
    public static func write(_ scenario: Scenario, to directory: String,
                             onConnection: ((ConnectionRecord) -> Void)? = nil) throws(ScenarioError) -> SynthesisSummary {
        let setup = try LabSetup(scenario)
        do { try FileSystem.makeDirectories(directory) } catch {
            throw .write("\(directory): cannot create the folder: \(error.path == directory ? error.reason : error.description)")
        }
        let base = directory.isEmpty || directory.hasSuffix("/") ? directory : directory + "/"
        let of = base + "of.pcap"
        let dp = setup.dataPlane ? base + "dp.pcap" : nil
        let s = try Synthesizer(setup: setup, controlPath: of, dataPath: dp, onConnection: onConnection)
        try s.run()
        return SynthesisSummary(controlFile: of, dataFile: dp, connections: s.connectionCount,
                                controlFrames: s.cc.framesWritten, dataFrames: s.dp.framesWritten,
                                decisions: s.decisions, notes: s.notes)
    }
}

/// The session's event loop: probes, client arrivals and each live connection's next step, in time order.
/// State is the model, the queue and the live connections; nothing per packet is kept.
final class Synthesizer {
    enum Event {
        case probe
        case probeReply(IPv4Address)
        case arrival
        case step(Int, ConnectionStep)
    }

    let setup: LabSetup
    let cc: ControlChannelWriter
    let dp: DataPlaneWriter
    let onConnection: ((ConnectionRecord) -> Void)?
    var model: BalancerModel
    var queue = EventQueue<Event>()
    var arrivals: ArrivalStream
    var connections: [Int: Connection] = [:]
    var connectionCount = 0
    var probeCount = 0
    var hostsThatResolvedService: Set<Int> = []
    var broadFlows: [BroadFlow] = []
    var rng: SplitMix64
    var decisions: [IPv4Address] = []
    var notes: [String] = []
    var lastTime: Int64 = 0
    /// The HTTP response each server host sends, built once.
    var responses: [Int: [UInt8]] = [:]

    init(setup: LabSetup, controlPath: String, dataPath: String?, onConnection: ((ConnectionRecord) -> Void)?) throws(ScenarioError) {
        self.setup = setup
        self.onConnection = onConnection
        cc = try ControlChannelWriter(path: controlPath)
        dp = try DataPlaneWriter(path: dataPath)
        model = BalancerModel(config: setup.modelConfig)
        arrivals = ArrivalStream(setup)
        rng = SplitMix64(seed: (setup.generator?.seed ?? 1) ^ 0x5eed)
    }

    /// Microseconds since the epoch of `t` microseconds into the session.
    func abs(_ t: Int64) -> Int64 { setup.start + t }
    func ts(_ absolute: Int64) -> Timestamp { timestamp(absolute) }

    func run() throws(ScenarioError) {
        try openChannel()
        queue.push(.probe, at: 26_250)
        if let first = arrivals.next() { pendingArrival = first; queue.push(.arrival, at: first.time) }
        while let (t, e) = queue.pop() {
            lastTime = t
            switch e {
            case .probe: try probe(at: t)
            case .probeReply(let server): try probeReply(server, at: t)
            case .arrival: try arrive(at: t)
            case .step(let id, let step): try advance(id, step, at: t)
            }
        }
        try cc.close(at: abs(lastTime + 500_000))
        try dp.close()
    }

    var pendingArrival: ArrivalStream.Arrival?

    // MARK: - Control channel set-up

    private func openChannel() throws(ScenarioError) {
        let t0 = abs(0)
        try cc.handshake(at: t0)
        try cc.send([OFMessage(xid: cc.xid(), body: .hello)], .toSwitch, at: t0 + 500)
        try cc.send([OFMessage(xid: 1, body: .hello)], .toController, at: t0 + 1500)
        let featuresXid = cc.xid()
        try cc.send([OFMessage(xid: featuresXid, body: .featuresRequest)], .toSwitch, at: t0 + 1700)
        var ports = (1...setup.hosts).map { n in
            OFPhyPort(portNo: UInt16(n), hwAddr: MACAddress(rawValue: 0x4e45_5b93_9200 | UInt64(n)), name: "s1-eth\(n)",
                      curr: 0xc0)
        }
        ports.append(OFPhyPort(portNo: OFPort.local, hwAddr: MACAddress(rawValue: 0x72ed_52ce_374e), name: "s1",
                               config: 1, state: 1, curr: 0xc0))
        let features = OFFeatures(datapathId: LabSetup.datapathID, nBuffers: 0, nTables: 254, capabilities: 0xc7,
                                  actions: 0xfff, ports: ports)
        try cc.send([OFMessage(xid: featuresXid, body: .featuresReply(features))], .toController, at: t0 + 4000)
        try cc.send([OFMessage(xid: cc.xid(), body: .setConfig(OFSwitchConfig(flags: 0, missSendLen: 128)))], .toSwitch, at: t0 + 4700)
        // The ARP responder's entry: every ARP to the controller, below the balancer's 0x8000.
        let arpMatch = OFMatch(wildcards: OFMatch.Wildcards.all & ~OFMatch.Wildcards.dlType, dlType: EtherType.arp)
        let arpFlow = OFFlowMod(match: arpMatch, command: 0, idleTimeout: 0, hardTimeout: 0, priority: 0x7000,
                                actions: [.output(port: OFPort.controller, maxLen: 0xffff)])
        try cc.send([OFMessage(xid: cc.xid(), body: .flowMod(arpFlow))], .toSwitch, at: t0 + 26_000)
    }

    // MARK: - Liveness probes

    /// Whether the session still needs probes: clients to come, connections under way, or the minimum length not reached.
    private func sessionGoesOn(at t: Int64) -> Bool {
        pendingArrival != nil || !connections.isEmpty || t < setup.minimumEnd
    }

    private func probe(at t: Int64) throws(ScenarioError) {
        // The controller's rotation: pop the first server, probe it, append it.
        let server = setup.servers[probeCount % setup.servers.count]
        probeCount += 1
        let request = ARPRepr(operation: ARPRepr.request, senderMAC: LabSetup.balancerMAC, senderIP: setup.serviceIP,
                              targetMAC: .zero, targetIP: server)
        try dp.arp(request, srcMAC: LabSetup.balancerMAC, dstMAC: .broadcast, at: abs(t) + 300, copies: setup.hosts)
        let out = OFPacketOut(bufferId: ofNoBuffer, inPort: OFPort.none, actions: [.output(port: OFPort.flood, maxLen: 0)],
                              data: dp.frame.bytes)
        let sent = try cc.send([OFMessage(xid: cc.xid(), body: .packetOut(out))], .toSwitch, at: abs(t))
        model.probeSent(to: server, sourceMAC: LabSetup.balancerMAC, at: ts(sent.time), evidence: sent.frame)
        if setup.isUp(server, at: t) { queue.push(.probeReply(server), at: t + 900) }
        let interval = Int64(model.config.probeInterval.components.seconds) * 1_000_000
            + model.config.probeInterval.components.attoseconds / 1_000_000_000_000
        if sessionGoesOn(at: t + interval) { queue.push(.probe, at: t + interval) }
    }

    private func probeReply(_ server: IPv4Address, at t: Int64) throws(ScenarioError) {
        let host = LabSetup.host(of: server)!
        let reply = ARPRepr(operation: ARPRepr.reply, senderMAC: LabSetup.hostMAC(host), senderIP: server,
                            targetMAC: LabSetup.balancerMAC, targetIP: setup.serviceIP)
        try dp.arp(reply, srcMAC: LabSetup.hostMAC(host), dstMAC: LabSetup.balancerMAC, at: abs(t))
        let pin = OFPacketIn(bufferId: ofNoBuffer, totalLen: UInt16(dp.frame.bytes.count), inPort: UInt16(host),
                             reason: 1, data: dp.frame.bytes)
        let sent = try cc.send([OFMessage(xid: 0, body: .packetIn(pin))], .toController, at: abs(t) + 400)
        model.arpReply(from: server, mac: LabSetup.hostMAC(host), port: UInt16(host), at: ts(sent.time), evidence: sent.frame)
    }

    // MARK: - Client arrivals

    private func arrive(at t: Int64) throws(ScenarioError) {
        guard let a = pendingArrival else { return }
        pendingArrival = arrivals.next()
        if let next = pendingArrival { queue.push(.arrival, at: max(next.time, t)) }
        let id = connectionCount
        connectionCount += 1
        var c = Connection(index: id, host: a.host, port: a.port, faults: setup.faults(for: id), start: abs(t), setup: setup)
        var synAt = t
        if !hostsThatResolvedService.contains(a.host) {
            // The client first asks who has the service IP; the ARP responder answers with the datapath MAC.
            hostsThatResolvedService.insert(a.host)
            try resolveService(for: a.host, at: t)
            synAt = t + 1500
        }
        c.ipID = UInt16(truncatingIfNeeded: id &* 7919)
        connections[id] = c
        queue.push(.step(id, .clientSYN), at: synAt)
    }

    private func resolveService(for host: Int, at t: Int64) throws(ScenarioError) {
        let request = ARPRepr(operation: ARPRepr.request, senderMAC: LabSetup.hostMAC(host), senderIP: LabSetup.hostIP(host),
                              targetMAC: .zero, targetIP: setup.serviceIP)
        try dp.arp(request, srcMAC: LabSetup.hostMAC(host), dstMAC: .broadcast, at: abs(t))
        let pin = OFPacketIn(bufferId: ofNoBuffer, totalLen: UInt16(dp.frame.bytes.count), inPort: UInt16(host),
                             reason: 1, data: dp.frame.bytes)
        try cc.send([OFMessage(xid: 0, body: .packetIn(pin))], .toController, at: abs(t) + 300)
        let reply = ARPRepr(operation: ARPRepr.reply, senderMAC: LabSetup.balancerMAC, senderIP: setup.serviceIP,
                            targetMAC: LabSetup.hostMAC(host), targetIP: LabSetup.hostIP(host))
        try dp.arp(reply, srcMAC: LabSetup.balancerMAC, dstMAC: LabSetup.hostMAC(host), at: abs(t) + 1300)
        let out = OFPacketOut(bufferId: ofNoBuffer, inPort: OFPort.none, actions: [.output(port: UInt16(host), maxLen: 0)],
                              data: dp.frame.bytes)
        try cc.send([OFMessage(xid: cc.xid(), body: .packetOut(out))], .toSwitch, at: abs(t) + 1000)
    }

    func finish(_ id: Int) {
        guard let c = connections.removeValue(forKey: id) else { return }
        onConnection?(c.record)
    }

    func note(_ s: String) {
        if notes.count < 100 { notes.append(s) }
    }
}
