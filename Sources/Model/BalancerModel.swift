import Capture
import OpenFlow
import Wire

/// The load balancer's state as the controller holds it, rebuilt from what the
/// capture shows it sent and received.
///
/// A value type: copy it to ask "what if". Time comes only from the arguments
/// (capture timestamps); nothing reads a clock. Every input carries an opaque
/// `evidence` token (a frame number, say) which is carried into the outputs, so
/// findings can cite the frames that prove them.
///
/// Invariants: `liveServers` holds each address at most once, in the order the
/// servers came up; `now` never goes backwards (an input stamped earlier than
/// one already seen is processed at `now`'s order but keeps its own time in the
/// records).
public struct BalancerModel: Sendable {
    public let config: BalancerConfig
    /// The latest time seen.
    public private(set) var now: Timestamp?
    /// The live servers in the order they came up (a server that went down and
    /// returns goes to the end).
    public private(set) var liveServers: [ServerLocation] = [] {
        didSet {
            liveServerIPs = liveServers.map(\.ip)
            liveServerChoices = liveServers.map { [$0.ip] }
            forwardActions = liveServers.map { [.setDlDst($0.mac), .setNwDst($0.ip), .output(port: $0.port, maxLen: 0xffff)] }
        }
    }
    // Arrays every PACKET_IN would otherwise build afresh (an allocation each), made once per
    // change of the live list and shared: index i belongs to `liveServers[i]`.
    /// `[liveServers[i].ip]`: the valid choices of a decision for that server.
    var liveServerChoices: [[IPv4Address]] = []
    /// The forward rewrite to `liveServers[i]`: SET_DL_DST, SET_NW_DST, OUTPUT to its port.
    var forwardActions: [[OFAction]] = []
    /// The reverse rewrite's actions by client port, for the current `balancerMAC` (a handful of
    /// ports in a lab; not kept beyond 64).
    var reverseActionsByPort: [(port: UInt16, actions: [OFAction])] = []
    /// The addresses of the live servers, in order. Stored, not computed: every PACKET_IN reads
    /// it and the servers rarely change, so readers share one array instead of each making one.
    public private(set) var liveServerIPs: [IPv4Address] = []
    public private(set) var outstandingProbes: [IPv4Address: OutstandingProbe] = [:]
    /// Every liveness change, in order.
    public private(set) var livenessLog: [LivenessEvent] = []
    /// The new decisions, in order (memory hits are not decisions): every one, unless
    /// `config.decisionLogLimit` keeps only the first ones.
    public internal(set) var decisionLog: [DecisionRecord] = []
    /// How many new decisions there were (the index the next one gets).
    public internal(set) var decisionCount = 0
    /// The round-robin index shared by all connections.
    public internal(set) var roundRobinIndex = 0
    /// The balancer's MAC: the configured one, else the source of the first probe seen.
    public private(set) var balancerMAC: MACAddress? {
        didSet { reverseActionsByPort.removeAll() }
    }
    /// Servers whose state the capture has not shown: it began after the controller had started
    /// (`joinedLate(at:)`) and no probe of the server has been answered or gone unanswered since.
    /// One the controller chose meanwhile is live (`learnServer`) but stays here: a probe sent
    /// before the capture may be about to take it down. While any is left the controller's live
    /// list is not known: a new decision is not judged, and the controller's choice is followed
    /// (`commitChoice`). Empty when the capture saw the start.
    public private(set) var unresolvedServers: [IPv4Address] = []
    /// The time of the first control message, when the capture began after the controller had started.
    public private(set) var joinedLateAt: Timestamp?
    /// Joined late, and the rotation's place is not known yet: new decisions are followed, not
    /// judged, until the controller's choice of one is seen (`commitChoice`). With more than two
    /// servers it stays unknown: the order of the controller's live list is not known either.
    public internal(set) var rotationUnknown = false
    /// Joined late with several servers: the order of the controller's live list (the order the
    /// servers came up, before the capture) is not known. With two servers the next pick does not
    /// depend on it, but where the index stands once one goes down does (the lab's code raises
    /// when it is past the list): a server going down makes the rotation unknown again, and leaves
    /// a list whose order is known (the one left first, a returning one after it).
    public private(set) var listOrderUnknown = false
    /// Probes whose source MAC differed from `balancerMAC`: (evidence, MAC used).
    public private(set) var inconsistentProbeMACs: [(evidence: Int, mac: MACAddress)] = []

    @usableFromInline var memory = FlowMemory()
    /// `config.flowMemoryTimeout` in nanoseconds, worked out once: a `Duration`'s components
    /// cost a 128-bit division, and every PACKET_IN of a balanced connection sets a deadline.
    let flowMemoryNanoseconds: Int64

    public init(config: BalancerConfig) {
        self.config = config
        balancerMAC = config.lbMAC
        flowMemoryNanoseconds = config.flowMemoryTimeout.wholeNanoseconds
    }

    /// When a flow remembered (or refreshed) at `t` is forgotten.
    func flowMemoryDeadline(after t: Timestamp) -> Timestamp { t.advanced(byNanoseconds: flowMemoryNanoseconds) }

    public func location(of server: IPv4Address) -> ServerLocation? {
        liveIndex(of: server).map { liveServers[$0] }
    }

    /// Where `server` is in `liveServers`, if it is live.
    func liveIndex(of server: IPv4Address) -> Int? {
        liveServers.firstIndex { $0.ip == server }
    }

    /// The connection the controller remembers under `key`, if any (expired
    /// entries linger until the next expiry run, as in the controller).
    public func remembered(_ key: FlowKey) -> MemoryEntry? {
        memory.id(for: key).flatMap { memory[$0] }
    }

    /// Whether `remembered(key)` is an entry, without copying it out (every key the memory holds
    /// names a live entry: see `FlowMemory`).
    public func remembers(_ key: FlowKey) -> Bool {
        memory.id(for: key) != nil
    }

    /// How many keys the flow memory has let go of so far. A key `remembers` said yes to is still
    /// remembered while this has not moved: a caller waiting for one key to go may watch this
    /// instead of asking again. Inlinable: a field read, where a call copied the whole model.
    @inlinable public var memoryKeysForgotten: UInt64 { memory.keysForgotten }

    /// Moves the clock to `t` and applies the expiries due by then. Under
    /// `ExpiryTiming.atProbe` nothing expires here: the controller expires only
    /// just before each probe (see `probeSent`). Returns the servers that went down.
    @discardableResult
    public mutating func advance(to t: Timestamp, evidence: Int? = nil) -> [LivenessEvent] {
        if let now, t < now { return [] }
        now = t
        guard config.expiryTiming == .atDeadline else { return [] }
        return runExpiry(at: t, evidence: evidence)
    }

    /// The capture began after the controller had started (its first control message is not a
    /// HELLO): which servers are live, and where the rotation stands, are unknown until the
    /// capture shows them (see `unresolvedServers`). Only before anything has happened.
    public mutating func joinedLate(at t: Timestamp) {
        guard joinedLateAt == nil, decisionCount == 0, livenessLog.isEmpty, liveServers.isEmpty else { return }
        joinedLateAt = t
        unresolvedServers = config.servers
        rotationUnknown = true
        listOrderUnknown = config.servers.count >= 2
    }

    /// Joined late: the controller sent a new connection to `server`, whose state the capture has
    /// not shown. The controller picks only live servers, so the model takes it as live (no
    /// liveness event: no probe showed it), at a location not yet known: installs to it are not
    /// judged on where they send the packet until its probe reply shows that (`verified`). It
    /// stays unresolved until a probe's outcome shows. Returns whether it did (false when
    /// `server` is not unresolved, or already live).
    @discardableResult
    public mutating func learnServer(_ server: IPv4Address, at t: Timestamp, evidence: Int) -> Bool {
        guard unresolvedServers.contains(server), liveIndex(of: server) == nil else { return false }
        var location = ServerLocation(ip: server, mac: .zero, port: 0, since: t, evidence: evidence)
        location.verified = false
        liveServers.append(location)
        return true
    }

    /// The controller's expiry run: probes unanswered past their deadline are
    /// dropped and their servers marked down; remembered flows past their time are forgotten.
    mutating func runExpiry(at t: Timestamp, evidence: Int?) -> [LivenessEvent] {
        var events: [LivenessEvent] = []
        // Sorted so that two servers going down at once are reported in a stable order.
        for probe in outstandingProbes.values.sorted(by: { ($0.deadline, $0.server) < ($1.deadline, $1.server) })
        where t > probe.deadline {
            outstandingProbes[probe.server] = nil
            if !unresolvedServers.isEmpty { unresolvedServers.removeAll { $0 == probe.server } }  // down, whatever it was
            if let i = liveServers.firstIndex(where: { $0.ip == probe.server }) {
                liveServers.remove(at: i)
                if listOrderUnknown { (rotationUnknown, listOrderUnknown) = (true, false) }
                let e = LivenessEvent(server: probe.server, transition: .down, time: t, evidence: evidence,
                                      probeEvidence: probe.evidence)
                events.append(e)
            }
        }
        livenessLog += events
        memory.expire(at: t)
        return events
    }

    /// The controller sent an ARP probe for `server` (a PACKET_OUT flooding
    /// "who-has server tell service IP"). Just before sending, the controller
    /// expires stale probes and flows, so this is when servers go down under
    /// `ExpiryTiming.atProbe`. `sourceMAC` is the probe's Ethernet source, the
    /// balancer's MAC. Returns the servers that went down.
    @discardableResult
    public mutating func probeSent(to server: IPv4Address, sourceMAC: MACAddress? = nil,
                                   at t: Timestamp, evidence: Int) -> [LivenessEvent] {
        var events = advance(to: t, evidence: evidence)
        if config.expiryTiming == .atProbe { events += runExpiry(at: t, evidence: evidence) }
        if let sourceMAC {
            if let known = balancerMAC {
                if known != sourceMAC { inconsistentProbeMACs.append((evidence, sourceMAC)) }
            } else {
                balancerMAC = sourceMAC
            }
        }
        outstandingProbes[server] = OutstandingProbe(server: server, sentAt: t,
                                                     deadline: t.advanced(by: config.probeReplyTimeout),
                                                     evidence: evidence)
        return events
    }

    /// An ARP reply reached the controller (PACKET_IN): `ip` is at `mac` behind
    /// switch port `port`. Only a reply to an outstanding probe counts, or, when the capture
    /// joined late, a server's first reply within a probe timeout of the capture's start (its
    /// probe went out before the capture began).
    @discardableResult
    public mutating func arpReply(from ip: IPv4Address, mac: MACAddress, port: UInt16,
                                  at t: Timestamp, evidence: Int) -> ARPReplyOutcome {
        advance(to: t, evidence: evidence)
        if outstandingProbes.removeValue(forKey: ip) == nil {
            guard let start = joinedLateAt, unresolvedServers.contains(ip), t <= start.advanced(by: config.probeReplyTimeout)
            else { return .unsolicited }
        }
        if !unresolvedServers.isEmpty { unresolvedServers.removeAll { $0 == ip } }
        let location = ServerLocation(ip: ip, mac: mac, port: port, since: t, evidence: evidence)
        var event = LivenessEvent(server: ip, transition: .up, time: t, evidence: evidence, mac: mac, port: port)
        if let i = liveServers.firstIndex(where: { $0.ip == ip }) {
            let old = liveServers[i]
            if !old.verified {
                // Live since the controller chose it (`learnServer`); now its location shows. Not a
                // transition: it was live all along.
                liveServers[i] = location
                return .stillUp
            }
            if old.mac == mac && old.port == port { return .stillUp }
            // Updating a live server keeps its place in the list, as a dict update does.
            event.replaced = old
            liveServers[i] = location
        } else {
            liveServers.append(location)
        }
        livenessLog.append(event)
        return .up(event)
    }
}
