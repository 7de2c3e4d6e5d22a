import Capture
import OpenFlow
import Wire

/// A packet the switch sent to the controller (PACKET_IN), reduced to what the
/// balancer looks at.
public struct PacketKey: Hashable, Sendable {
    /// The packet's exact OpenFlow 1.0 twelve-tuple (wildcards 0; dl_vlan 0xffff
    /// when untagged), in_port included.
    public var match: OFMatch
    /// The PACKET_IN's buffer_id; `PacketKey.noBuffer` when the switch kept no copy.
    public var bufferId: UInt32

    public static let noBuffer: UInt32 = 0xffff_ffff

    public init(match: OFMatch, bufferId: UInt32 = PacketKey.noBuffer) {
        self.match = match
        self.match.wildcards = 0
        self.bufferId = bufferId
    }

    /// An untagged TCP/IPv4 packet with tos 0.
    public static func tcp(inPort: UInt16, dlSrc: MACAddress, dlDst: MACAddress,
                           nwSrc: IPv4Address, nwDst: IPv4Address, tpSrc: UInt16, tpDst: UInt16,
                           bufferId: UInt32 = PacketKey.noBuffer) -> PacketKey {
        PacketKey(match: OFMatch(wildcards: 0, inPort: inPort, dlSrc: dlSrc, dlDst: dlDst, dlVlan: 0xffff,
                                 dlType: 0x0800, nwProto: 6, nwSrc: nwSrc, nwDst: nwDst, tpSrc: tpSrc, tpDst: tpDst),
                  bufferId: bufferId)
    }
}

/// How the packet that reached the controller is to leave it.
public enum PacketRelease: Hashable, Sendable {
    /// The FLOW_MOD names the PACKET_IN's buffer, so the switch sends the packet through the new entry.
    case viaBuffer(UInt32)
    /// The switch did not buffer: a PACKET_OUT carrying the frame must follow (POX
    /// sends FLOW_MOD, BARRIER_REQUEST, then PACKET_OUT to OFPP_TABLE).
    case viaPacketOut
    /// A drop of a buffered packet: a PACKET_OUT without actions naming the buffer frees it.
    case discardBuffer(UInt32)
    /// A drop of an unbuffered packet: nothing is sent.
    case nothing

    static func forInstall(_ p: PacketKey) -> PacketRelease {
        p.bufferId == PacketKey.noBuffer ? .viaPacketOut : .viaBuffer(p.bufferId)
    }

    static func forDrop(_ p: PacketKey) -> PacketRelease {
        p.bufferId == PacketKey.noBuffer ? .nothing : .discardBuffer(p.bufferId)
    }
}

/// The FLOW_MOD (command ADD) the controller should send.
public struct ExpectedFlowMod: Hashable, Sendable {
    public var match: OFMatch
    public var actions: [OFAction]
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var priority: UInt16
    public var releasesPacket: PacketRelease
    /// The balancer's MAC was not known: a SET_DL_SRC must be there, any value will do.
    public var anyDlSrc: Bool
    /// The server's location had not shown (a capture that began mid-session, before its probe
    /// reply): a SET_DL_DST and an OUTPUT must be there, any value will do.
    public var anyLocation: Bool

    public init(match: OFMatch, actions: [OFAction], idleTimeout: UInt16, hardTimeout: UInt16,
                priority: UInt16 = 0x8000, releasesPacket: PacketRelease, anyDlSrc: Bool = false, anyLocation: Bool = false) {
        self.match = match; self.actions = actions; self.idleTimeout = idleTimeout; self.hardTimeout = hardTimeout
        self.priority = priority; self.releasesPacket = releasesPacket; self.anyDlSrc = anyDlSrc; self.anyLocation = anyLocation
    }
}

/// How a forward packet's server was found.
public struct DecisionInfo: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The policy chose a server: one line "Directing traffic to" in the controller's log.
        case newDecision
        /// The controller remembered the connection and its server is live: no new choice.
        case flowMemoryHit
    }

    public var kind: Kind
    /// The server; nil for a new random decision until `BalancerModel.commitChoice` is called.
    public var server: IPv4Address?
    /// Every server the controller may validly have chosen (one for round robin and memory hits).
    public var validChoices: [IPv4Address]
    /// The live list, in order, when the decision was made.
    public var liveServers: [IPv4Address]
    /// The round-robin index used, after wrapping.
    public var roundRobinIndex: Int?
    /// The round-robin index had run past the live list: the lab's code would have raised here
    /// and sent nothing (see `ServerPolicy.roundRobin`).
    public var labCodeWouldFail: Bool
    /// The decision's index in `BalancerModel.decisionLog` (for a memory hit: the one it reuses).
    public var decisionIndex: Int?
    /// A decision the model follows while a late capture has not shown any live server's state:
    /// the controller may have had none, and dropped the packet ("No servers!").
    public var mayDrop = false
}

/// Why the controller drops a packet.
public enum DropReason: String, Hashable, Sendable {
    /// Server-to-client TCP of a connection the controller does not remember.
    case unknownReverse
    /// A new connection to the service IP while no server is live ("No servers!").
    case noLiveServer
    /// Neither TCP/IPv4 nor ARP.
    case notTCPOrARP
}

/// Why the controller does nothing with a packet.
public enum IgnoreReason: String, Hashable, Sendable {
    /// TCP neither from a server nor to the service IP.
    case notBalanced
    /// ARP: replies go through `arpReply`, requests for the service IP to the ARP responder.
    case arp
    /// Server-to-client TCP of a remembered connection whose server is not live: the lab's
    /// code refreshes the memory, then fails looking the server up and sends nothing.
    case reverseServerNotLive
    /// Server-to-client TCP of a connection the model does not know, within the flow memory's
    /// timeout of the start of a capture that began mid-session: the controller may remember it
    /// from before, and install a reverse flow or drop it; neither can be judged.
    case startedBeforeCapture
}

/// What the controller should do about one PACKET_IN.
public struct Expectation: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case forward
        case reverse
        case drop(DropReason)
        case ignore(IgnoreReason)
    }

    public var kind: Kind
    public var time: Timestamp
    public var evidence: Int
    /// The packet (exact, in_port set).
    public var packet: PacketKey
    /// For forward packets: how the server was found.
    public var decision: DecisionInfo?
    /// The FLOW_MOD to expect; nil for drops and ignores, and for a new random
    /// decision until the choice is known (then see `candidateFlowMods`).
    public var flowMod: ExpectedFlowMod?
    /// For a new random decision: the FLOW_MOD each valid choice implies.
    public var candidateFlowMods: [IPv4Address: ExpectedFlowMod]
    /// How the packet itself is to be released (or discarded).
    public var release: PacketRelease?
    /// For reverse packets: the client's switch port from flow memory.
    public var clientPort: UInt16?

    init(kind: Kind, time: Timestamp, evidence: Int, packet: PacketKey) {
        self.kind = kind; self.time = time; self.evidence = evidence; self.packet = packet
        candidateFlowMods = [:]
    }
}

/// One new decision, in the order the controller made them.
public struct DecisionRecord: Hashable, Sendable, CustomStringConvertible {
    public var client: IPv4Address
    public var clientPort: UInt16
    public var server: IPv4Address
    public var time: Timestamp
    public var evidence: Int
    public var policy: ServerPolicy
    public var liveServers: [IPv4Address]
    public var roundRobinIndex: Int?
    public var labCodeWouldFail: Bool

    public var description: String { "\(client):\(clientPort) -> \(server) at \(time)" }
}
