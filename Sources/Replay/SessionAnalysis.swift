import Capture
import Model
import OpenFlow
import Wire

/// The configuration a replay ran with, and where each value came from.
public struct ResolvedConfig: Sendable {
    public var serviceIP: ConfigInference.Inferred<IPv4Address>
    public var servers: ConfigInference.Inferred<[IPv4Address]>
    public var lbMAC: ConfigInference.Inferred<MACAddress?>
    public var policy: ServerPolicy
}

/// How one PACKET_IN that needed an install was answered.
///
/// Its stored fields are declared in an order that packs them (Swift lays a struct out in
/// declaration order, each field at its alignment): 224 bytes rather than 248 in the order they
/// would be read in. Every live connection holds one or two.
public struct InstallTrace: Sendable {
    public enum Direction: String, Sendable { case forward, reverse }
    public var packetIn: FrameRef
    /// Every server the controller may validly have chosen.
    public var validServers: [IPv4Address]
    /// How the FLOW_MOD differs from the one expected; empty when it does what was expected.
    public var discrepancies: [FlowModDiscrepancy]
    /// Live servers at the time, in the controller's order.
    public var liveServers: [IPv4Address]
    /// `expected` and `installed`, boxed: held inline they were some 150 of a trace's 400 bytes, in
    /// every trace of a replay that only checks and keeps neither (the live connections' traces are
    /// most of `check`'s peak memory). Nil when FLOW_MODs are not kept. Never changed in place: a
    /// setter makes a new box, so traces sharing one stay values.
    var flowMods: FlowMods?
    /// Why the release is wrong or missing, when it is.
    public var releaseProblem: String?
    /// The FLOW_MOD matched to this PACKET_IN, if any.
    public var flowMod: FrameRef?
    public var direction: Direction
    /// New decision, or answered from flow memory.
    public var decisionKind: DecisionInfo.Kind?
    /// The server was not live when chosen (a new decision to a dead server).
    public var deadServer: Bool
    /// The PACKET_IN's buffer id; 0xffffffff when the switch did not buffer the packet (then only a
    /// PACKET_OUT carrying the packet can release it).
    public var bufferId: UInt32
    /// The PACKET_OUT (or buffered FLOW_MOD) that released the packet; nil when none did.
    public var release: FrameRef?
    /// The controller chose a different server than its flow memory held (memory not honoured).
    public var memoryBroken: Bool
    /// True when a FLOW_MOD came for a packet the controller should have dropped.
    public var unexpectedInstall: Bool
    /// The packet that reached the controller (exact twelve-tuple, in_port set).
    public var packet: OFMatch
    public var time: Timestamp
    /// The server the model expected (round robin) — nil for random or reverse traffic.
    public var expectedServer: IPv4Address?
    public var flowModLatency: Double?
    /// Seconds from the PACKET_IN of the connection's previous install to this one's: a memory hit
    /// long after the switch entry idled out is a real test of flow memory; one within
    /// milliseconds is a packet that raced the install.
    public var sincePreviousInstall: Double?
    /// The server the FLOW_MOD sends the connection to (its SET_NW_DST, or the server behind its output port).
    public var actualServer: IPv4Address?
    /// The model's round-robin pick for this new decision wrapped an index that had run past the
    /// live list (a server went down after being picked last): the lab's `_pick_server` wraps only
    /// on `==` and raises IndexError there, before any FLOW_MOD (see `ServerPolicy.roundRobin`).
    public var labCodeWouldFail = false
    /// The server's location had not shown when this was installed (a capture that began
    /// mid-session, before its probe reply): SET_DL_DST and OUTPUT were not judged.
    public var locationNotJudged = false
    /// A new connection's PACKET_IN while no server was live, which the controller rightly left
    /// without a FLOW_MOD ("No servers!"): in the forward list, but not an install that failed.
    public var expectedDrop = false

    /// The install was due and did not come, or came other than expected.
    public var isWrong: Bool { (flowMod == nil && !expectedDrop) || !discrepancies.isEmpty }

    /// The FLOW_MOD the model expected for this PACKET_IN (after adopting the controller's valid
    /// choice); nil when the controller should have installed nothing, and when the replay did not
    /// keep FLOW_MODs (`ReplayEngine.keepsFlowMods`).
    public var expected: ExpectedFlowMod? {
        get { flowMods?.expected }
        set { flowMods = FlowMods(expected: newValue, installed: installed) }
    }
    /// The FLOW_MOD the controller actually sent for it, as decoded (`flowMod` is its frame); nil
    /// as `expected` when FLOW_MODs were not kept.
    public var installed: OFFlowMod? {
        get { flowMods?.installed }
        set { flowMods = FlowMods(expected: expected, installed: newValue) }
    }

    final class FlowMods: Sendable {
        let expected: ExpectedFlowMod?
        let installed: OFFlowMod?
        init(expected: ExpectedFlowMod?, installed: OFFlowMod?) { self.expected = expected; self.installed = installed }
    }
}

/// What the data plane shows of one client connection.
///
/// A value, its lists kept in one box made at the first write: a connection the data plane never
/// showed (every connection of a control-channel-only capture) holds no list, and finishing it
/// releases nothing of this trace (its seven empty lists were a tenth of finishing a connection).
/// Copy on write: a box shared by two traces is copied before either is changed.
public struct DataPlaneTrace: Sendable {
    public var clientSYN: [FrameRef] {
        get { box?.clientSYN ?? [] }
        _modify { yield &unique().clientSYN }
    }
    /// SYN-ACKs to the client that carry the service IP as source: the reverse rewrite worked.
    public var synAckFromService: [FrameRef] {
        get { box?.synAckFromService ?? [] }
        _modify { yield &unique().synAckFromService }
    }
    /// SYN-ACKs to the client that carry a server's address as source, wherever captured (in a
    /// merged or per-port capture this includes the copy entering the switch from the server).
    public var synAckFromServer: [FrameRef] {
        get { box?.synAckFromServer ?? [] }
        _modify { yield &unique().synAckFromServer }
    }
    /// Those of `synAckFromServer` that left the switch towards the client: captured on the client's
    /// port, captured as outgoing (Linux cooked), or — in a merged capture without either — the
    /// later half of each burst of copies of the same segment (`deliveredServerSynAcks`). Filled
    /// when the connection is known (at the end).
    public var synAckFromServerDelivered: [FrameRef] {
        get { box?.synAckFromServerDelivered ?? [] }
        _modify { yield &unique().synAckFromServerDelivered }
    }
    /// The client's SYN as it left towards a server (rewritten).
    public var synToServer: [FrameRef] {
        get { box?.synToServer ?? [] }
        _modify { yield &unique().synToServer }
    }
    /// Resets the client sent.
    public var clientRST: [FrameRef] {
        get { box?.clientRST ?? [] }
        _modify { yield &unique().clientRST }
    }
    public var packets: Int {
        get { box?.packets ?? 0 }
        _modify { yield &unique().packets }
    }
    /// When and where each frame listed above was captured (for timelines and latencies).
    public var frameInfo: DataFrameInfoList {
        get { box?.frameInfo ?? DataFrameInfoList() }
        _modify { yield &unique().frameInfo }
    }
    /// The capture time of the latest packet, for sweeping traces no connection claims.
    var lastSeen: Timestamp? {
        get { box?.lastSeen }
        _modify { yield &unique().lastSeen }
    }

    public init() {}

    private var box: Lists?

    /// The lists, made or copied so that this trace alone holds them: to change several fields
    /// with one check (the engine does, per data-plane packet).
    mutating func unique() -> Lists {
        // Asked before binding the box: a bound copy is a second reference, and nothing would be unique.
        if isKnownUniquelyReferenced(&box) { return box.unsafelyUnwrapped }
        let fresh = box?.copy() ?? Lists()
        box = fresh
        return fresh
    }

    /// Mutated only through `unique()`, by the one trace holding it: shared lists are never changed.
    /// Exclusivity is checked at compile time only (as the engine's state): no access to a field
    /// spans another access to the same lists.
    final class Lists: @unchecked Sendable {
        @exclusivity(unchecked) var clientSYN: [FrameRef] = []
        @exclusivity(unchecked) var synAckFromService: [FrameRef] = []
        @exclusivity(unchecked) var synAckFromServer: [FrameRef] = []
        @exclusivity(unchecked) var synAckFromServerDelivered: [FrameRef] = []
        @exclusivity(unchecked) var synToServer: [FrameRef] = []
        @exclusivity(unchecked) var clientRST: [FrameRef] = []
        @exclusivity(unchecked) var packets = 0
        @exclusivity(unchecked) var frameInfo = DataFrameInfoList()
        @exclusivity(unchecked) var lastSeen: Timestamp?

        init() {}

        func copy() -> Lists {
            let b = Lists()
            b.clientSYN = clientSYN; b.synAckFromService = synAckFromService; b.synAckFromServer = synAckFromServer
            b.synAckFromServerDelivered = synAckFromServerDelivered; b.synToServer = synToServer; b.clientRST = clientRST
            b.packets = packets; b.frameInfo = frameInfo; b.lastSeen = lastSeen
            return b
        }
    }
}

/// Capture facts of one data-plane frame.
public struct DataFrameInfo: Equatable, Sendable {
    public var time: Timestamp
    /// The switch port of the capture file, when its name says (`dp-s1-eth3.pcap`).
    public var switchPort: UInt16?
    /// Linux cooked captures say whether the interface sent the frame (nil: not known).
    public var outgoing: Bool? = nil
    /// The TCP sequence number, to tell two copies of one segment apart from two segments.
    public var sequence: UInt32? = nil
}

/// The `DataFrameInfo` of a connection's listed data-plane frames, by frame: a map kept as a list.
///
/// Why not a `Dictionary`: a connection lists a handful of frames (its SYN and SYN-ACKs at each
/// capture point), and a dictionary for each of a session's connections — its storage allocated,
/// every frame hashed through SipHash — was 4% of `check` on a session with a data plane. The
/// list is bounded by the replay (`ReplayLimits.refsPerDataList` per list, five lists), so a
/// lookup walks at most a few hundred entries, and usually a few.
public struct DataFrameInfoList: Sendable {
    private var entries: [(ref: FrameRef, info: DataFrameInfo)] = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The facts of frame `ref`, if listed; setting replaces them, nil removes them.
    public subscript(ref: FrameRef) -> DataFrameInfo? {
        get { entries.first { $0.ref == ref }?.info }
        set {
            let i = entries.firstIndex { $0.ref == ref }
            switch (i, newValue) {
            case (let i?, let v?): entries[i].info = v
            case (let i?, nil): entries.remove(at: i)
            case (nil, let v?): entries.append((ref, v))
            case (nil, nil): break
            }
        }
    }
}

/// One client connection to the service as the controller saw it.
public struct ConnectionTrace: Sendable {
    public var client: IPv4Address
    public var clientPort: UInt16
    public var servicePort: UInt16
    /// The switch port the client is on.
    public var clientSwitchPort: UInt16
    public var firstPacketIn: FrameRef
    public var firstTime: Timestamp
    public var forward: [InstallTrace] = []
    public var reverse: [InstallTrace] = []
    public var dataPlane = DataPlaneTrace()

    public var label: String { "\(client):\(clientPort)" }

    /// What a retired connection leaves in the engine's slot until the slot is compacted away.
    static var hollow: ConnectionTrace {
        ConnectionTrace(client: IPv4Address(rawValue: 0), clientPort: 0, servicePort: 0, clientSwitchPort: 0,
                        firstPacketIn: FrameRef(file: 0, frame: 0), firstTime: Timestamp(seconds: 0, nanoseconds: 0))
    }
    /// The server of the first forward install that named one: the controller's decision.
    public var server: IPv4Address? { forward.first { $0.actualServer != nil }?.actualServer }
    public var expectedServer: IPv4Address? { forward.first { $0.decisionKind == .newDecision }?.expectedServer }
}

/// A fact about the control channel's handshake and health.
public struct ControlChannelTrace: Sendable {
    public var helloToSwitch: FrameRef?
    public var helloToController: FrameRef?
    public var featuresRequest: FrameRef?
    public var featuresReply: FrameRef?
    public var datapathID: UInt64?
    public var errors: [(frame: FrameRef, type: UInt16, code: UInt16, text: String)] = []
    public var connections: Set<Int> = []
    public var messages = 0
    public var versions: Set<UInt8> = []
    /// Server replies of connections that began before a capture that joined the session late:
    /// the controller may remember them, so what it did about them is not judged. The first's PACKET_IN.
    public var repliesBeforeCapture = 0
    public var firstReplyBeforeCapture: FrameRef?
}

/// Probes and liveness as the capture shows them.
public struct LivenessTrace: Sendable {
    public var probes: [IPv4Address: [FrameRef]] = [:]
    public var probeTimes: [IPv4Address: [Timestamp]] = [:]
    public var replies: [IPv4Address: [FrameRef]] = [:]
    public var transitions: [(server: IPv4Address, up: Bool, time: Timestamp, frame: FrameRef?)] = []
    /// Probe replies answered after the server had already been given up (late) — informational.
    public var unsolicitedReplies: [FrameRef] = []
}

/// Everything a replay found, for the checks to judge.
public struct SessionAnalysis: Sendable {
    public var files: [String]
    public var config: ResolvedConfig
    public var controlChannel: ControlChannelTrace
    public var liveness: LivenessTrace
    /// In the order clients first reached the controller.
    public var connections: [ConnectionTrace]
    /// Installs for traffic the balancer should have dropped (unknown reverse traffic, no live server).
    public var strayInstalls: [InstallTrace]
    public var diagnostics: [InputDiagnostic]
    public var hasDataPlane: Bool
    public var dataPackets: Int
    public var framesRead: Int
    public var bytesRead: Int
    public var firstTime: Timestamp?
    public var lastTime: Timestamp?
}
