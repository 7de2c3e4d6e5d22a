import Capture
import Model
import Wire

/// A checked scenario with the lab's facts filled in: host hN is 10.0.0.N with MAC
/// 00:00:00:00:00:0N on switch port N (`--mac`); the service IP is answered with the
/// datapath MAC 00:00:00:00:00:01, which is also the balancer's MAC in probes and reverse rewrites.
struct LabSetup {
    var hosts: Int
    var serviceIP: IPv4Address
    var servers: [IPv4Address]
    var policy: Scenario.Policy
    /// Session start, microseconds since the epoch.
    var start: Int64
    var minimumEnd: Int64
    var dataPlane: Bool
    var clients: [Scenario.Client]
    var generator: Scenario.Generator?
    var downIntervals: [IPv4Address: [(from: Int64, to: Int64)]]
    var faults: [Scenario.Fault]

    static let balancerMAC = MACAddress(rawValue: 1)
    static let datapathID: UInt64 = 1
    static let controllerPort: UInt16 = 6633
    static let switchTCPPort: UInt16 = 33448
    static let loopback = IPv4Address(127, 0, 0, 1)

    static func hostIP(_ n: Int) -> IPv4Address { IPv4Address(10, 0, 0, UInt8(n)) }
    static func hostMAC(_ n: Int) -> MACAddress { MACAddress(rawValue: UInt64(n)) }

    /// The host number of a 10.0.0.N address, nil for another address.
    static func host(of ip: IPv4Address) -> Int? {
        ip.rawValue & 0xffff_ff00 == 0x0a00_0000 ? Int(ip.rawValue & 0xff) : nil
    }

    init(_ s: Scenario) throws(ScenarioError) {
        hosts = s.hosts ?? 6
        guard (2...250).contains(hosts) else { throw .invalid("hosts must be 2...250, not \(hosts)") }
        guard let svc = IPv4Address(s.serviceIp ?? "10.0.1.1") else { throw .invalid("service_ip \(s.serviceIp ?? "")") }
        serviceIP = svc
        servers = []
        for text in s.servers ?? ["10.0.0.1", "10.0.0.2"] {
            guard let ip = IPv4Address(text), let h = Self.host(of: ip), (1...hosts).contains(h) else {
                throw .invalid("server \(text) is not a host 10.0.0.N with N in 1...\(hosts)")
            }
            guard !servers.contains(ip) else { throw .invalid("server \(text) listed twice") }
            servers.append(ip)
        }
        guard !servers.isEmpty else { throw .invalid("servers is empty") }
        guard Self.host(of: svc) == nil || !(1...hosts).contains(Self.host(of: svc)!) else {
            throw .invalid("service_ip \(svc) is a host's address")
        }
        policy = s.policy ?? .roundRobin
        start = Int64(((s.startTime ?? 1_700_000_000) * 1e6).rounded())
        dataPlane = s.dataPlane ?? true
        clients = (s.clients ?? []).enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        for c in clients {
            guard (1...hosts).contains(c.host) else { throw .invalid("client host \(c.host) is not in 1...\(hosts)") }
            guard !servers.contains(Self.hostIP(c.host)) else { throw .invalid("client host \(c.host) is a server") }
            guard c.start >= 0.1 else { throw .invalid("client start \(c.start) s: the control channel needs the first 0.1 s") }
        }
        generator = s.generator
        if let g = generator {
            guard g.connections >= 0 else { throw .invalid("generator.connections < 0") }
            guard (g.rate ?? 1) > 0 else { throw .invalid("generator.rate must be > 0") }
            let (hostCount, serverList) = (hosts, servers)
            for h in g.hosts ?? [] where !(1...hostCount).contains(h) || serverList.contains(Self.hostIP(h)) {
                throw .invalid("generator host \(h) is not a client host")
            }
            if (g.hosts ?? []).isEmpty && !(1...hostCount).contains(where: { !serverList.contains(Self.hostIP($0)) }) {
                throw .invalid("no client host left for the generator")
            }
        }
        var down: [IPv4Address: [(Int64, Int64)]] = [:]
        var lastEvent = 0.0
        for e in s.serverEvents ?? [] {
            guard let ip = IPv4Address(e.server), servers.contains(ip) else { throw .invalid("server_events: \(e.server) is not a server") }
            guard e.down != nil || e.up != nil else { throw .invalid("server_events: \(e.server) has neither down nor up") }
            lastEvent = max(lastEvent, e.down ?? 0, e.up ?? 0)
            if let d = e.down {
                down[ip, default: []].append((Int64(d * 1e6), e.up.map { Int64($0 * 1e6) } ?? .max))
            } else if let u = e.up {
                // An "up" alone closes the latest open "down" of that server.
                guard let i = down[ip]?.lastIndex(where: { $0.1 == .max }) else {
                    throw .invalid("server_events: \(e.server) comes up at \(u) s without having gone down")
                }
                down[ip]![i].1 = Int64(u * 1e6)
            }
        }
        downIntervals = down.mapValues { $0.map { (from: $0.0, to: $0.1) } }
        minimumEnd = Int64(max(s.duration ?? 0, lastEvent > 0 ? lastEvent + 8 : 0, 1) * 1e6)
        faults = s.faults ?? []
        for f in faults {
            if f.kind == .missingRewriteAction && f.action == nil { throw .invalid("missing_rewrite_action needs \"action\"") }
            if let c = f.connection, c < 0 { throw .invalid("fault connection index \(c) < 0") }
        }
    }

    /// Whether `server` answers (ARP and TCP) at `t` microseconds after the start.
    func isUp(_ server: IPv4Address, at t: Int64) -> Bool {
        !(downIntervals[server] ?? []).contains { t >= $0.from && t < $0.to }
    }

    func faults(for connection: Int) -> FaultSet {
        var set = FaultSet()
        for f in faults where f.connection == nil || f.connection == connection {
            switch f.kind {
            case .missingRewriteAction: if let a = f.action { set.missingActions.insert(a) }
            case .wrongOutputPort: set.wrongOutputPort = true
            case .skipRoundRobinStep: set.skipRoundRobinStep = true
            case .lostFirstPacket: set.lostFirstPacket = true
            case .tooBroadMatch: set.broadFields = f.fields ?? [.nwSrc, .tpSrc]
            case .missingReverseFlow: set.missingReverseFlow = true
            case .deadServer: set.deadServer = true
            case .labIndexError: set.labIndexError = true
            }
        }
        return set
    }

    /// The model configuration the replay will infer for this session.
    var modelConfig: BalancerConfig {
        BalancerConfig(serviceIP: serviceIP, servers: servers, lbMAC: Self.balancerMAC,
                       policy: policy == .roundRobin ? .roundRobin : .random)
    }
}

/// The faults aimed at one connection.
struct FaultSet: Equatable {
    var missingActions: Set<Scenario.RewriteAction> = []
    var wrongOutputPort = false
    var skipRoundRobinStep = false
    var lostFirstPacket = false
    var broadFields: [Scenario.MatchFieldName] = []
    var missingReverseFlow = false
    var deadServer = false
    /// The lab's `_pick_server`: a pick with the round-robin index past the live list raises and
    /// the connection gets no answer (see `ServerPolicy.roundRobin`).
    var labIndexError = false

    var isEmpty: Bool { self == FaultSet() }

    var names: [String] {
        var n: [String] = missingActions.map { "missing_rewrite_action:\($0.rawValue)" }.sorted()
        if wrongOutputPort { n.append("wrong_output_port") }
        if skipRoundRobinStep { n.append("skip_round_robin_step") }
        if lostFirstPacket { n.append("lost_first_packet") }
        if !broadFields.isEmpty { n.append("too_broad_match") }
        if missingReverseFlow { n.append("missing_reverse_flow") }
        if deadServer { n.append("dead_server") }
        if labIndexError { n.append("lab_index_error") }
        return n
    }
}

/// SplitMix64: a small, seedable, platform-independent generator, so a seed gives the same session everywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
