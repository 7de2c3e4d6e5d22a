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
    // The settings below are set before the first event and read on every one: their exclusivity,
    // like that of the state further down, is checked at compile time only.
    /// How long after a PACKET_IN its FLOW_MOD and release may still arrive.
    @exclusivity(unchecked) public var responseWindow: Double = 2.0 {
        didSet { retireBound = .min; sweepBound = .min }  // the bounds were reckoned with the old window
    }
    /// What is kept of lists that would otherwise grow with packets.
    @exclusivity(unchecked) public var limits = ReplayLimits()
    // Exclusivity of these properties is checked at compile time only (`@exclusivity(unchecked)`):
    // the run-time check cost a sixth of `check`. They are touched by this class's own methods on one
    // thread, and no callback the class calls (the channel's, the `retire` sink) can reach them.
    /// What the limits counted but did not keep.
    @exclusivity(unchecked) public internal(set) var omitted = OmittedCounts()

    @exclusivity(unchecked) var model: BalancerModel
    /// In time order (appended as events come).
    @exclusivity(unchecked) var pending: [PendingPacketIn] = []
    /// Set when a PACKET_OUT or FLOW_MOD may have answered a pending PACKET_IN since the last settle pass.
    @exclusivity(unchecked) var pendingMayBeAnswered = false
    /// Absolute connection number (first seen = 0) of each live connection; see `liveConnections`.
    @exclusivity(unchecked) var connectionIndex = ProbingMap<ConnectionKey, Int>()
    /// The live connections, oldest first: `liveConnections[i]` is connection number `liveBase + i`.
    /// The first `retiredFront` of them have been retired and are hollow, waiting to be compacted away.
    @exclusivity(unchecked) var liveConnections: [ConnectionTrace] = []
    /// The capture time of each live connection's latest PACKET_IN or data-plane packet.
    @exclusivity(unchecked) var lastSeen: [Timestamp] = []
    /// The time of each live connection's latest PACKET_IN answered by a FLOW_MOD, beside `lastSeen`.
    /// An array by connection number, not a table by key: only live connections have one, and the
    /// hash table it was took a cache miss or two per settled PACKET_IN.
    @exclusivity(unchecked) var lastInstall: [Timestamp?] = []
    @exclusivity(unchecked) var liveBase = 0
    @exclusivity(unchecked) var retiredFront = 0
    /// Capture time (nanoseconds since the epoch) up to which no live connection can be quiet
    /// enough to finish (see `retireQuiet`): the events before it skip the call.
    @exclusivity(unchecked) var retireBound = Int64.min
    /// `model.memoryKeysForgotten` when `retireQuiet` last looked; with `blockedFront`, the number
    /// of the oldest connection if the flow memory still held it then (quiet, but not yet finished).
    @exclusivity(unchecked) var retireForgottenSeen: UInt64 = 0
    @exclusivity(unchecked) var blockedFront = -1
    /// Retired connections, kept when no `retire` sink was given.
    @exclusivity(unchecked) var retired: [ConnectionTrace] = []
    /// Where finished connections go. Nil: they are kept and returned in `SessionAnalysis.connections`.
    /// Set: each is handed over once it is finished (see `retireQuiet`) and not kept, so the engine's
    /// memory follows the live connections, not the length of the capture. It must not call back into the engine.
    @exclusivity(unchecked) public var retire: ((ConnectionTrace) -> Void)?
    /// Whether install traces keep the FLOW_MOD expected and the one installed (`InstallTrace.expected`,
    /// `.installed`), which timelines, diffs and `replay` show. The checks need only the discrepancies
    /// between them, so a replay that only checks drops them: they are most of a connection's memory.
    @exclusivity(unchecked) public var keepsFlowMods = true
    /// Data-plane traces in the order they were queued (when started, and again each time a sweep
    /// found them still active), for sweeping those no connection claims.
    @exclusivity(unchecked) var dataOrder: [(key: ConnectionKey, queued: Timestamp)] = []
    @exclusivity(unchecked) var dataOrderHead = 0
    /// Capture time (nanoseconds) up to which the oldest queued data-plane trace cannot be due for a
    /// sweep (its time queued plus the quiet period): the events before it skip `retireQuiet` for
    /// the sweep's sake. Set by each sweep; `Int64.min` (always look) when not exact.
    @exclusivity(unchecked) var sweepBound = Int64.min
    @exclusivity(unchecked) var dataTraces = ProbingMap<ConnectionKey, DataPlaneTrace>()
    @exclusivity(unchecked) var strayInstalls: [InstallTrace] = []
    @exclusivity(unchecked) var controlChannel = ControlChannelTrace()
    /// The connection and version of the previous control message (see `control`).
    @exclusivity(unchecked) var lastConnection = -1
    @exclusivity(unchecked) var lastVersion: UInt8 = 0
    @exclusivity(unchecked) var liveness = LivenessTrace()
    @exclusivity(unchecked) var hasDataPlane = false
    @exclusivity(unchecked) var dataPackets = 0
    @exclusivity(unchecked) var firstTime: Timestamp?
    @exclusivity(unchecked) var lastTime: Timestamp?

    /// The model's flow-memory timeout in seconds.
    let flowMemorySeconds: Double

    public init(config: ResolvedConfig, modelConfig: BalancerConfig) {
        self.config = config
        model = BalancerModel(config: modelConfig)
        let d = modelConfig.flowMemoryTimeout.components
        flowMemorySeconds = Double(d.seconds) + Double(d.attoseconds) / 1e18
    }

    /// Feeds the next event of the timeline.
    public func consume(_ event: SessionEvent) {
        switch event {
        case .control(let c): consume(c)
        case .data(let d): consume(d)
        }
    }

    /// Feeds the next event of the timeline, a control message (what `consume(.control(c))` does,
    /// without the event's box: the single-file path hands messages over this way).
    public func consume(_ c: ControlMessage) {
        advance(to: c.time)
        control(c)
    }

    /// Feeds the next event of the timeline, a data-plane packet.
    public func consume(_ d: DataPacket) {
        advance(to: d.time)
        data(d)
    }

    /// Capture time has reached `t`: what waited long enough is settled or retired first.
    func advance(to t: Timestamp) {
        if firstTime == nil { firstTime = t }
        lastTime = t
        if !pending.isEmpty && Self.mayRipen(pending[0].time, at: t) { settle(before: t) }
        // Most events come long before the oldest connection can be quiet: asked with one integer
        // comparison, without the call (and its interval in floating point), a sixtieth of `check`.
        if t.totalNanoseconds > retireBound || model.memoryKeysForgotten != retireForgottenSeen || !t.isNanosecondExact
            || (dataOrderHead < dataOrder.count && t.totalNanoseconds > sweepBound) {
            retireQuiet(before: t)
        }
    }

    /// Settles everything still pending and returns the analysis.
    public func finish(files: [String], diagnostics: [InputDiagnostic], framesRead: Int, bytesRead: Int) -> SessionAnalysis {
        settle(before: nil)
        if let t = lastTime { recordLiveness(model.advance(to: t)) }
        while retiredFront < liveConnections.count { retireFront() }
        let connections = retired
        retired = []
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
struct ConnectionKey: Hashable, ProbingMapKey {
    var client: IPv4Address
    var clientPort: UInt16
    var servicePort: UInt16

    /// One word into the hasher, not three fields (the engine looks a key up several times per packet).
    func hash(into hasher: inout Hasher) {
        hasher.combine(hashWords.0)
    }

    /// All of the key, packed into one word.
    var hashWords: (UInt64, UInt64) { (UInt64(client.rawValue) << 32 | UInt64(clientPort) << 16 | UInt64(servicePort), 0) }
}

/// A PACKET_IN waiting for its answer.
///
/// A class: the engine updates it in place as its FLOW_MOD and release arrive, and `settle` moves
/// the waiting ones around; as a struct of this size every move was a copy (a fifth of `check`).
final class PendingPacketIn {
    let ref: FrameRef
    let time: Timestamp
    let key: OFMatch
    let bufferId: UInt32
    let expectation: Expectation
    let connection: ConnectionKey?
    /// `connection`'s number (`connectionIndex`) when the PACKET_IN came; still its number at
    /// settling only while that connection is live (see `ReplayEngine.liveNumber`).
    let connectionNumber: Int?
    // Only the engine's methods touch these, never across a callback: exclusivity checked at compile time only.
    /// The FLOW_MOD matched to this PACKET_IN: its frame (nil until one comes), time and message.
    /// Three fields rather than one optional tuple: reading a field of the tuple copied all of it,
    /// the message's action list included.
    @exclusivity(unchecked) var flowModRef: FrameRef?
    @exclusivity(unchecked) var flowModTime = Timestamp(seconds: 0, nanoseconds: 0)
    /// Set only when the engine keeps FLOW_MODs (`ReplayEngine.keepsFlowMods`).
    @exclusivity(unchecked) var flowModMessage: OFFlowMod?
    /// How the matched FLOW_MOD differs from the one expected (see `compare(with:)`); empty until
    /// one is matched, and when no install was expected.
    @exclusivity(unchecked) var flowModDiscrepancies: [FlowModDiscrepancy] = []
    /// The FLOW_MOD expected once the controller's valid choice was adopted (see `expectedFlowMod`);
    /// nil while `expectation.flowMod` stands. Kept apart so that the usual PACKET_IN holds one
    /// expected FLOW_MOD, in the `let` it is read from in place (copying one took 200 instructions,
    /// three times per PACKET_IN).
    @exclusivity(unchecked) var adoptedFlowMod: ExpectedFlowMod?
    @exclusivity(unchecked) var actualServer: IPv4Address?
    @exclusivity(unchecked) var deadServer = false
    @exclusivity(unchecked) var memoryBroken = false
    @exclusivity(unchecked) var release: FrameRef?
    @exclusivity(unchecked) var releaseProblem: String?
    let liveServers: [IPv4Address]

    init(ref: FrameRef, time: Timestamp, key: OFMatch, bufferId: UInt32, expectation: Expectation,
         connection: ConnectionKey?, connectionNumber: Int?, liveServers: [IPv4Address]) {
        self.ref = ref; self.time = time; self.key = key; self.bufferId = bufferId; self.expectation = expectation
        self.connection = connection; self.connectionNumber = connectionNumber; self.liveServers = liveServers
    }

    var isAnswered: Bool { flowModRef != nil && release != nil }

    /// The FLOW_MOD the model expects for this PACKET_IN now: the adopted one, else the expectation's.
    var expectedFlowMod: ExpectedFlowMod? { hasAdopted ? adoptedFlowMod : expectation.flowMod }

    /// Whether `adoptedFlowMod` is set. Asked through a field of no references: `!= nil` on the
    /// optional itself copied it.
    private var hasAdopted: Bool { adoptedFlowMod?.priority != nil }

    /// Whether the model expected an install when the PACKET_IN came (`expectation.flowMod != nil`,
    /// asked without copying the FLOW_MOD, as `hasAdopted`).
    var expectsInstall: Bool { expectation.flowMod?.priority != nil }

    /// Whether the FLOW_MOD expected now leaves SET_DL_DST and OUTPUT unjudged (`ExpectedFlowMod.anyLocation`).
    var expectsAnyLocation: Bool { hasAdopted ? adoptedFlowMod?.anyLocation == true : expectation.flowMod?.anyLocation == true }

    /// Compares the FLOW_MOD matched to this PACKET_IN, `actual`, with the one expected now, into
    /// `flowModDiscrepancies`; nothing when no install was expected.
    func compare(with actual: OFFlowMod) {
        if hasAdopted { flowModDiscrepancies = Self.compare(adoptedFlowMod, actual) }
        else { flowModDiscrepancies = Self.compare(expectation.flowMod, actual) }
    }

    /// The expected FLOW_MOD passed as stored, borrowed: bound to a local, or unwrapped field by
    /// field, it was copied.
    private static func compare(_ expected: ExpectedFlowMod?, _ a: OFFlowMod) -> [FlowModDiscrepancy] {
        guard let e = expected else { return [] }
        return Model.compare(expected: e, actualMatch: a.match, actualActions: a.actions,
                             idleTimeout: a.idleTimeout, hardTimeout: a.hardTimeout, priority: a.priority)
    }
}
