import Capture
import Model
import OpenFlow
import Wire

/// Replays a session's timeline through the balancer model and lines up what the controller
/// did with what the model expected.
///
/// Time comes only from the events. A PACKET_IN waits in `pending` until the FLOW_MOD and the
/// packet's release that answer it have been seen, or until `responseWindow` seconds of capture
/// time have passed; then it is settled into its connection's trace. State is per connection and
/// per pending PACKET_IN, never per packet: lists of evidence are bounded by `limits`
/// (see `ReplayLimits`) and what they leave out is counted in `omitted` and reported.
public final class ReplayEngine {
    public let config: ResolvedConfig
    /// How long after a PACKET_IN its FLOW_MOD and release may still arrive.
    public var responseWindow: Double = 2.0
    /// What is kept of lists that would otherwise grow with packets.
    public var limits = ReplayLimits()
    /// What the limits counted but did not keep.
    public internal(set) var omitted = OmittedCounts()

    var model: BalancerModel
    /// In time order (appended as events come).
    var pending: [PendingPacketIn] = []
    /// Set when a PACKET_OUT or FLOW_MOD may have answered a pending PACKET_IN since the last settle pass.
    var pendingMayBeAnswered = false
    var connectionIndex: [ConnectionKey: Int] = [:]
    var connections: [ConnectionTrace] = []
    var lastInstall: [ConnectionKey: Timestamp] = [:]
    var dataTraces: [ConnectionKey: DataPlaneTrace] = [:]
    var strayInstalls: [InstallTrace] = []
    var controlChannel = ControlChannelTrace()
    var liveness = LivenessTrace()
    var hasDataPlane = false
    var dataPackets = 0
    var firstTime: Timestamp?
    var lastTime: Timestamp?

    public init(config: ResolvedConfig, modelConfig: BalancerConfig) {
        self.config = config
        model = BalancerModel(config: modelConfig)
    }

    /// Feeds the next event of the timeline.
    public func consume(_ event: SessionEvent) {
        let t = event.time
        if firstTime == nil { firstTime = t }
        lastTime = t
        settle(before: t)
        switch event {
        case .control(let c): control(c)
        case .data(let d): data(d)
        }
    }

    /// Settles everything still pending and returns the analysis.
    public func finish(files: [String], diagnostics: [InputDiagnostic], framesRead: Int, bytesRead: Int) -> SessionAnalysis {
        settle(before: nil)
        if let t = lastTime { recordLiveness(model.advance(to: t)) }
        for i in connections.indices {
            let c = connections[i]
            if let d = dataTraces[ConnectionKey(client: c.client, clientPort: c.clientPort, servicePort: c.servicePort)] {
                connections[i].dataPlane = d
                connections[i].dataPlane.synAckFromServerDelivered = d.deliveredServerSynAcks(clientPort: c.clientSwitchPort)
            }
        }
        var diagnostics = diagnostics
        if !omitted.isZero { diagnostics.append(InputDiagnostic(severity: .warning, file: files.first ?? "", message: omitted.summary)) }
        return SessionAnalysis(
            files: files, config: config, controlChannel: controlChannel, liveness: liveness, connections: connections,
            strayInstalls: strayInstalls, diagnostics: diagnostics, hasDataPlane: hasDataPlane, dataPackets: dataPackets,
            framesRead: framesRead, bytesRead: bytesRead, firstTime: firstTime, lastTime: lastTime)
    }

    // MARK: - Evidence tokens

    /// The model carries evidence as an Int; a FrameRef packs into one (file in the high bits).
    static func token(_ ref: FrameRef) -> Int { ref.file << 40 | ref.frame }
    static func ref(_ token: Int) -> FrameRef { FrameRef(file: token >> 40, frame: token & ((1 << 40) - 1)) }

    func recordLiveness(_ events: [LivenessEvent]) {
        for e in events {
            // A flapping server changes state at most once per probe: bounded like the probes.
            liveness.transitions.append((e.server, e.transition == .up, e.time, (e.transition == .up ? e.evidence : e.probeEvidence).map(Self.ref)),
                                        boundedBy: limits.probesPerServer, omitted: &omitted.probes)
        }
    }
}

/// A client connection: client address and port, and the service port it asked for.
struct ConnectionKey: Hashable {
    var client: IPv4Address
    var clientPort: UInt16
    var servicePort: UInt16
}

/// A PACKET_IN waiting for its answer.
struct PendingPacketIn {
    var ref: FrameRef
    var time: Timestamp
    var key: OFMatch
    var data: DecodedPacket
    var bufferId: UInt32
    var expectation: Expectation
    var connection: ConnectionKey?
    var flowMod: (ref: FrameRef, time: Timestamp, mod: OFFlowMod)?
    var expectedFlowMod: ExpectedFlowMod?
    var actualServer: IPv4Address?
    var deadServer = false
    var memoryBroken = false
    var release: FrameRef?
    var releaseProblem: String?
    var liveServers: [IPv4Address]

    var isAnswered: Bool { flowMod != nil && release != nil }
}
