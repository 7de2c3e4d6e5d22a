import Capture
import Wire

/// Where a live server was found: the MAC and switch port of its ARP reply.
public struct ServerLocation: Hashable, Sendable {
    public var ip: IPv4Address
    public var mac: MACAddress
    public var port: UInt16
    /// When it (last) came up, and the evidence of the ARP reply that said so.
    public var since: Timestamp
    public var evidence: Int
    /// False while the location is the one a FLOW_MOD of the controller used, before the capture
    /// showed the server's probe reply (`BalancerModel.learnServer`): installs to it are not
    /// judged on SET_DL_DST and OUTPUT until then.
    public var verified = true

    public init(ip: IPv4Address, mac: MACAddress, port: UInt16, since: Timestamp, evidence: Int) {
        self.ip = ip; self.mac = mac; self.port = port; self.since = since; self.evidence = evidence
    }
}

/// An ARP probe the controller sent and has not yet seen answered.
public struct OutstandingProbe: Hashable, Sendable {
    public var server: IPv4Address
    public var sentAt: Timestamp
    /// `sentAt` + the probe reply timeout; the probe fails strictly after this.
    public var deadline: Timestamp
    public var evidence: Int
}

/// A change of a server's liveness, as the controller sees it.
public struct LivenessEvent: Hashable, Sendable, CustomStringConvertible {
    public enum Transition: String, Hashable, Sendable { case up, down }

    public var server: IPv4Address
    public var transition: Transition
    public var time: Timestamp
    /// The input that caused it: the ARP reply for `up`; for `down` the input at
    /// which the expiry ran (the next probe, under `ExpiryTiming.atProbe`), or
    /// nil when `advance(to:)` was called without evidence.
    public var evidence: Int?
    /// For `down`: the unanswered probe.
    public var probeEvidence: Int?
    /// For `up`: where the server answered from.
    public var mac: MACAddress?
    public var port: UInt16?
    /// For `up` of a server that was already live at another MAC or port: the old
    /// location. It keeps its place in the live list (the controller's dict is
    /// updated in place), unlike a server that was down and returns.
    public var replaced: ServerLocation?

    public var description: String {
        var s = "server \(server) \(transition.rawValue) at \(time)"
        if let mac, let port { s += " (\(mac) port \(port))" }
        if let replaced { s += ", was \(replaced.mac) port \(replaced.port)" }
        return s
    }
}

/// Why an ARP reply changed nothing.
public enum ARPReplyOutcome: Hashable, Sendable {
    /// The server came up (or moved); the event is also in `livenessLog`.
    case up(LivenessEvent)
    /// A probe was outstanding and is cleared; the server was already live there.
    case stillUp
    /// No probe for this address is outstanding: the controller ignores the reply.
    case unsolicited
}
