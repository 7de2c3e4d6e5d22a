import Wire

/// What the balancer was configured with, read off the capture where the user gave no flag.
///
/// Sources, in order of trust:
/// 1. the controller's ARP probes (PACKET_OUT of an ARP request: protosrc = service IP,
///    protodst = a server, hwsrc = the balancer's MAC);
/// 2. the rewrites it installed (forward: match nw_dst = service IP, SET_NW_DST = a server;
///    reverse: SET_NW_SRC = service IP, SET_DL_SRC = the balancer's MAC).
public struct ConfigInference: Sendable {
    public struct Probe: Sendable {
        public var serviceIP: IPv4Address
        public var server: IPv4Address
        public var mac: MACAddress
        public var frame: FrameRef
        public init(serviceIP: IPv4Address, server: IPv4Address, mac: MACAddress, frame: FrameRef) {
            self.serviceIP = serviceIP; self.server = server; self.mac = mac; self.frame = frame
        }
    }

    public struct ForwardRewrite: Sendable {
        public var matchedDestination: IPv4Address?
        public var server: IPv4Address?
        public var frame: FrameRef
        public init(matchedDestination: IPv4Address?, server: IPv4Address?, frame: FrameRef) {
            self.matchedDestination = matchedDestination; self.server = server; self.frame = frame
        }
    }

    public struct ReverseRewrite: Sendable {
        public var source: IPv4Address?
        public var mac: MACAddress?
        public var frame: FrameRef
        public init(source: IPv4Address?, mac: MACAddress?, frame: FrameRef) { self.source = source; self.mac = mac; self.frame = frame }
    }

    public var probes: [Probe] = []
    public var forwards: [ForwardRewrite] = []
    public var reverses: [ReverseRewrite] = []

    public init() {}

    /// A value with where it came from.
    public struct Inferred<T: Sendable>: Sendable {
        public var value: T
        public var source: String
        public var frames: [FrameRef]
    }

    public struct Result: Sendable {
        public var serviceIP: Inferred<IPv4Address>
        public var servers: Inferred<[IPv4Address]>
        public var lbMAC: Inferred<MACAddress?>
    }

    /// Combines the observations with the user's flags. Throws when something cannot be decided,
    /// naming the flag that would decide it.
    public func resolve(serviceIP flagIP: IPv4Address?, servers flagServers: [IPv4Address]?, lbMAC flagMAC: MACAddress?) throws(InferenceError) -> Result {
        // Service IP.
        let serviceIP: Inferred<IPv4Address>
        if let flagIP {
            serviceIP = Inferred(value: flagIP, source: "flag", frames: [])
        } else {
            let fromProbes = Self.tally(probes.map { ($0.serviceIP, $0.frame) })
            let fromRewrites = Self.tally(forwards.compactMap { f in f.matchedDestination.map { ($0, f.frame) } }
                + reverses.compactMap { r in r.source.map { ($0, r.frame) } })
            if fromProbes.count == 1 {
                serviceIP = Inferred(value: fromProbes[0].value, source: "inferred from the ARP probes", frames: fromProbes[0].frames)
            } else if fromProbes.count > 1 {
                throw .ambiguous(what: "service IP", candidates: fromProbes.map { "\($0.value) (\($0.frames.count) probes)" }, flag: "--service-ip")
            } else if fromRewrites.count == 1 {
                serviceIP = Inferred(value: fromRewrites[0].value, source: "inferred from the rewrite flows", frames: fromRewrites[0].frames)
            } else if fromRewrites.count > 1 {
                throw .ambiguous(what: "service IP", candidates: fromRewrites.map { "\($0.value)" }, flag: "--service-ip")
            } else {
                throw .notFound(what: "service IP", flag: "--service-ip", why: "the capture holds no ARP probe from the controller and no rewrite flow")
            }
        }

        // Servers: probe targets in the order first probed, else rewrite targets in order first used.
        let servers: Inferred<[IPv4Address]>
        if let flagServers, !flagServers.isEmpty {
            servers = Inferred(value: flagServers, source: "flag", frames: [])
        } else {
            let probed = Self.tally(probes.filter { $0.serviceIP == serviceIP.value }.map { ($0.server, $0.frame) })
            if !probed.isEmpty {
                servers = Inferred(value: probed.map(\.value), source: "inferred from the ARP probes",
                                   frames: probed.map { $0.frames[0] })
            } else {
                let used = Self.tally(forwards.compactMap { f in f.server.map { ($0, f.frame) } })
                guard !used.isEmpty else {
                    throw .notFound(what: "servers", flag: "--servers", why: "no ARP probe and no forward rewrite names a server")
                }
                servers = Inferred(value: used.map(\.value), source: "inferred from the forward rewrites (no probes seen)",
                                   frames: used.map { $0.frames[0] })
            }
        }

        // The balancer's MAC.
        let lbMAC: Inferred<MACAddress?>
        if let flagMAC {
            lbMAC = Inferred(value: flagMAC, source: "flag", frames: [])
        } else {
            let fromProbes = Self.tally(probes.filter { $0.serviceIP == serviceIP.value }.map { ($0.mac, $0.frame) })
            let fromReverse = Self.tally(reverses.compactMap { r in r.mac.map { ($0, r.frame) } })
            if fromProbes.count == 1 {
                lbMAC = Inferred(value: fromProbes[0].value, source: "inferred from the ARP probes", frames: fromProbes[0].frames)
            } else if fromProbes.count > 1 {
                throw .ambiguous(what: "balancer MAC", candidates: fromProbes.map { "\($0.value)" }, flag: "--lb-mac")
            } else if fromReverse.count == 1 {
                lbMAC = Inferred(value: fromReverse[0].value, source: "inferred from the reverse rewrites", frames: fromReverse[0].frames)
            } else {
                lbMAC = Inferred(value: nil, source: "unknown (no probe or reverse rewrite names it)", frames: [])
            }
        }
        return Result(serviceIP: serviceIP, servers: servers, lbMAC: lbMAC)
    }

    /// Distinct values in order of first appearance, each with the frames it appeared in (at most 8 kept).
    static func tally<T: Hashable>(_ items: [(T, FrameRef)]) -> [(value: T, frames: [FrameRef])] {
        var order: [T] = []
        var frames: [T: [FrameRef]] = [:]
        for (v, f) in items {
            if frames[v] == nil { order.append(v); frames[v] = [] }
            if frames[v]!.count < 8 { frames[v]!.append(f) }
        }
        return order.map { ($0, frames[$0]!) }
    }
}

public enum InferenceError: Error, CustomStringConvertible, Equatable {
    case ambiguous(what: String, candidates: [String], flag: String)
    case notFound(what: String, flag: String, why: String)

    public var description: String {
        switch self {
        case .ambiguous(let what, let candidates, let flag):
            "cannot infer the \(what): the capture names several (\(candidates.joined(separator: ", "))); give \(flag)"
        case .notFound(let what, let flag, let why):
            "cannot infer the \(what): \(why); give \(flag)"
        }
    }
}
