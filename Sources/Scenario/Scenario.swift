#if canImport(FoundationEssentials)
import FoundationEssentials // JSONDecoder
#else
import Foundation
#endif
import Wire

/// A lab session to synthesise, read from JSON (keys in snake_case). Every field is optional;
/// an empty object `{}` is the lab with no client.
///
/// ```json
/// {
///   "hosts": 6,                               // Mininet hosts h1..hN on switch ports 1..N
///   "service_ip": "10.0.1.1",
///   "servers": ["10.0.0.1", "10.0.0.2"],      // each must be a host 10.0.0.N, N <= hosts
///   "policy": "round_robin",                  // or "random" (seeded)
///   "start_time": 1700000000,                 // epoch seconds of the first frame
///   "duration": 20,                           // seconds at least (probes run until then)
///   "data_plane": true,                       // also write dp.pcap
///   "clients": [{"host": 3, "port": 49514, "start": 3.5}],
///   "generator": {"connections": 1000, "rate": 50, "hosts": [3, 4, 5, 6], "seed": 1, "start": 3},
///   "server_events": [{"server": "10.0.0.2", "down": 10}, {"server": "10.0.0.2", "up": 25}],
///   "faults": [{"kind": "missing_rewrite_action", "action": "set_nw_src", "connection": 2},
///              {"kind": "too_broad_match", "fields": ["nw_src", "tp_src"]}]
/// }
/// ```
///
/// Times are seconds after the session starts (the switch's TCP SYN to the controller).
/// Connections are numbered from 0 in the order they start (explicit clients and generated ones
/// merged by start time). A fault without `connection` hits every connection. Fault kinds:
/// `missing_rewrite_action` (with `action`: set_dl_dst, set_nw_dst — forward — or set_dl_src,
/// set_nw_src — reverse), `wrong_output_port`, `skip_round_robin_step`, `lost_first_packet`,
/// `too_broad_match` (with `fields`, default nw_src and tp_src), `missing_reverse_flow`,
/// `dead_server` (needs a server that the controller holds down at that moment).
public struct Scenario: Codable, Sendable, Equatable {
    public var hosts: Int?
    public var serviceIp: String?
    public var servers: [String]?
    public var policy: Policy?
    public var startTime: Double?
    public var duration: Double?
    public var dataPlane: Bool?
    public var clients: [Client]?
    public var generator: Generator?
    public var serverEvents: [ServerEvent]?
    public var faults: [Fault]?

    public init(hosts: Int? = nil, serviceIp: String? = nil, servers: [String]? = nil, policy: Policy? = nil,
                startTime: Double? = nil, duration: Double? = nil, dataPlane: Bool? = nil, clients: [Client]? = nil,
                generator: Generator? = nil, serverEvents: [ServerEvent]? = nil, faults: [Fault]? = nil) {
        self.hosts = hosts; self.serviceIp = serviceIp; self.servers = servers; self.policy = policy
        self.startTime = startTime; self.duration = duration; self.dataPlane = dataPlane; self.clients = clients
        self.generator = generator; self.serverEvents = serverEvents; self.faults = faults
    }

    public enum Policy: String, Codable, Sendable {
        case roundRobin = "round_robin"
        case random

        /// Reads "round_robin", or "round-robin" as `lbtrace check --policy` and the rubric spell it.
        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            switch text {
            case "round_robin", "round-robin": self = .roundRobin
            case "random": self = .random
            default:
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "\"\(text)\" is not a policy: give \"round_robin\" or \"random\""))
            }
        }
    }

    /// One curl: from host `host` (10.0.0.host), source port `port`, at `start` seconds.
    public struct Client: Codable, Sendable, Equatable {
        public var host: Int
        public var port: UInt16
        public var start: Double
        public init(host: Int, port: UInt16, start: Double) { self.host = host; self.port = port; self.start = start }
    }

    /// `connections` curls arriving at `rate` per second on average (exponential gaps), each from a
    /// host drawn from `hosts`, deterministic for a `seed`; source ports count up per host from 32768.
    public struct Generator: Codable, Sendable, Equatable {
        public var connections: Int
        public var rate: Double?
        public var hosts: [Int]?
        public var seed: UInt64?
        public var start: Double?
        public init(connections: Int, rate: Double? = nil, hosts: [Int]? = nil, seed: UInt64? = nil, start: Double? = nil) {
            self.connections = connections; self.rate = rate; self.hosts = hosts; self.seed = seed; self.start = start
        }
    }

    /// A server stops answering (ARP and TCP) at `down`, answers again from `up`.
    public struct ServerEvent: Codable, Sendable, Equatable {
        public var server: String
        public var down: Double?
        public var up: Double?
        public init(server: String, down: Double? = nil, up: Double? = nil) { self.server = server; self.down = down; self.up = up }
    }

    public struct Fault: Codable, Sendable, Equatable {
        public var kind: FaultKind
        /// The connection's index; nil for all.
        public var connection: Int?
        /// For `missing_rewrite_action`.
        public var action: RewriteAction?
        /// For `too_broad_match`: which match fields are wildcarded.
        public var fields: [MatchFieldName]?
        public init(kind: FaultKind, connection: Int? = nil, action: RewriteAction? = nil, fields: [MatchFieldName]? = nil) {
            self.kind = kind; self.connection = connection; self.action = action; self.fields = fields
        }
    }

    public enum FaultKind: String, Codable, Sendable, CaseIterable {
        case missingRewriteAction = "missing_rewrite_action"
        case wrongOutputPort = "wrong_output_port"
        case skipRoundRobinStep = "skip_round_robin_step"
        case lostFirstPacket = "lost_first_packet"
        case tooBroadMatch = "too_broad_match"
        case missingReverseFlow = "missing_reverse_flow"
        case deadServer = "dead_server"
        case labIndexError = "lab_index_error"
    }

    public enum RewriteAction: String, Codable, Sendable, CaseIterable {
        case setDlDst = "set_dl_dst"
        case setNwDst = "set_nw_dst"
        case setDlSrc = "set_dl_src"
        case setNwSrc = "set_nw_src"
    }

    public enum MatchFieldName: String, Codable, Sendable, CaseIterable {
        case inPort = "in_port", dlSrc = "dl_src", dlDst = "dl_dst", nwSrc = "nw_src", nwDst = "nw_dst"
        case tpSrc = "tp_src", tpDst = "tp_dst"
    }

    /// Reads a scenario from JSON.
    public static func decode(_ data: Data) throws(ScenarioError) -> Scenario {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        do { return try d.decode(Scenario.self, from: data) } catch { throw .invalid(Self.describe(error)) }
    }

    /// A decoding error in a user's words: where in the file, and what was wrong there (the
    /// decoder's own description names its internal types).
    static func describe(_ error: Error) -> String {
        func place(_ path: [CodingKey]) -> String {
            let p = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the file" : String(p.drop { $0 == "." })
        }
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            return "not JSON (\(c.underlyingError.map { "\($0)" } ?? c.debugDescription))"
        case .dataCorrupted(let c): return "\(place(c.codingPath)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(place(c.codingPath + [k])) is missing"
        case .typeMismatch(let t, let c): return "\(place(c.codingPath)) should be \(t == Double.self || t == Int.self || t == UInt16.self ? "a number" : t == String.self ? "a string" : t == Bool.self ? "true or false" : "\(t)")"
        case .valueNotFound(_, let c): return "\(place(c.codingPath)) is null"
        @unknown default: return "\(e)"
        }
    }

    /// The JSON form (snake_case keys, sorted).
    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }
}

/// Why a scenario cannot be synthesised.
public enum ScenarioError: Error, CustomStringConvertible, Equatable {
    /// The description is inconsistent; the message says which field.
    case invalid(String)
    /// A capture file could not be written.
    case write(String)

    public var description: String {
        switch self {
        case .invalid(let m): "invalid scenario: \(m)"
        case .write(let m): m
        }
    }
}
