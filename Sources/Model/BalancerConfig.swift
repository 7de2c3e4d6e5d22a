import Capture
import Wire

/// What the balancer was told at start-up and the constants of its behaviour.
///
/// The defaults are the lab's (POX `misc.ip_loadbalancer` with the round-robin
/// change, see DESIGN.md §1); every one can be overridden, for instance when a
/// grader's controller uses other timeouts.
public struct BalancerConfig: Hashable, Sendable {
    /// The address clients connect to (`--ip`), 10.0.1.1 in the lab.
    public var serviceIP: IPv4Address
    /// The balanced servers (`--servers`) in the order given. A TCP packet whose
    /// source is one of these is treated as server-to-client traffic, live or not.
    public var servers: [IPv4Address]
    /// The Ethernet address the controller uses as the balancer's: the source of
    /// its ARP probes and the value of the reverse rewrite's SET_DL_SRC. The lab's
    /// handout hard-codes 00:00:00:11:22:33; POX 0.8 uses the datapath's MAC.
    /// nil = unknown: the model takes the source MAC of the first probe it is
    /// shown, and until then accepts any SET_DL_SRC value (see `ExpectedFlowMod.anyDlSrc`).
    public var lbMAC: MACAddress?
    /// How new connections are spread over the live servers.
    public var policy: ServerPolicy
    /// How long an ARP probe may stay unanswered before its server counts as down (3 s).
    public var probeReplyTimeout: Duration
    /// How long the controller remembers a connection's server after its last use (300 s).
    public var flowMemoryTimeout: Duration
    /// The idle timeout of the rewrite FLOW_MODs, in seconds (10).
    public var flowIdleTimeout: UInt16
    /// The hard timeout of the rewrite FLOW_MODs, in seconds (0 = permanent).
    public var flowHardTimeout: UInt16
    /// The priority of the rewrite FLOW_MODs (POX's default, `OFP_DEFAULT_PRIORITY` 0x8000).
    public var flowPriority: UInt16
    /// The probe cycle (5 s): one probe goes out every `probeCycle / servers.count`
    /// seconds, at most four a second. The model does not schedule probes (it is
    /// shown the ones the controller sent); this is for checks of the cadence.
    public var probeCycle: Duration
    /// When stale probes and stale flow memory are expired; see `ExpiryTiming`.
    public var expiryTiming: ExpiryTiming
    /// How many new decisions `BalancerModel.decisionLog` keeps (the first ones); the rest are only
    /// counted in `decisionCount`. Unlimited by default; a replay of a long capture that does not
    /// read the log sets it to 0 so that the model's memory follows the live connections only.
    public var decisionLogLimit: Int = .max

    public init(serviceIP: IPv4Address = IPv4Address(10, 0, 1, 1),
                servers: [IPv4Address] = [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)],
                lbMAC: MACAddress? = nil,
                policy: ServerPolicy = .roundRobin,
                probeReplyTimeout: Duration = .seconds(3),
                flowMemoryTimeout: Duration = .seconds(300),
                flowIdleTimeout: UInt16 = 10,
                flowHardTimeout: UInt16 = 0,
                flowPriority: UInt16 = 0x8000,
                probeCycle: Duration = .seconds(5),
                expiryTiming: ExpiryTiming = .atProbe) {
        self.serviceIP = serviceIP; self.servers = servers; self.lbMAC = lbMAC; self.policy = policy
        self.probeReplyTimeout = probeReplyTimeout; self.flowMemoryTimeout = flowMemoryTimeout
        self.flowIdleTimeout = flowIdleTimeout; self.flowHardTimeout = flowHardTimeout
        self.flowPriority = flowPriority; self.probeCycle = probeCycle; self.expiryTiming = expiryTiming
    }

    /// The lab's setup: service 10.0.1.1, servers 10.0.0.1 and 10.0.0.2, round robin.
    public static let lab = BalancerConfig()

    /// The time between two probes: `probeCycle / servers.count`, never under 0.25 s.
    public var probeInterval: Duration {
        guard !servers.isEmpty else { return probeCycle }
        return max(.milliseconds(250), probeCycle / servers.count)
    }
}

/// When the controller notices that a probe went unanswered or a remembered
/// flow went stale.
public enum ExpiryTiming: Hashable, Sendable {
    /// As the lab's controller does it: expiry runs only just before each probe
    /// is sent. A server whose probe's deadline has passed goes down at the next
    /// probe (with two servers probed alternately every 2.5 s, 5 s after the
    /// unanswered probe), an ARP reply that arrives after the deadline but before
    /// that probe still counts, and a remembered flow past its 300 s is still
    /// used (and refreshed) until a probe clears it.
    case atProbe
    /// Expiry as soon as a deadline has passed (strictly after it): an idealised
    /// controller with a timer per deadline.
    case atDeadline
}
