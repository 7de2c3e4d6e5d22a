#if canImport(FoundationEssentials)
import FoundationEssentials // JSONDecoder
#else
import Foundation
#endif
import Model
import Wire

/// A rubric file that cannot be used; the message says what to fix.
public struct RubricError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// The rubric's JSON form (documented in README.md and `lbtrace grade --help`):
///
/// ```
/// { "name": "lab",
///   "policy": "round-robin",                       // or "random"
///   "expected": { "service_ip": "10.0.1.1", "servers": ["10.0.0.1", "10.0.0.2"], "lb_mac": null },
///   "not_assessed": "exclude",                     // or a number 0...1: the share of its weight it earns
///   "checks": [ { "id": "control-channel", "weight": 1, "required": true }, ... ] }
/// ```
/// `checks` is a list so its order is the CSV's column order. Every key but `checks` is optional
/// (defaults: round-robin, nothing expected, exclude).
extension Rubric {
    public init(json data: Data) throws(RubricError) {
        let document: JSONValue
        do { document = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw RubricError("the rubric is not valid JSON (\(JSONValue.describe(error)))")
        }
        guard case .object(let o) = document else { throw RubricError("the rubric must be a JSON object") }
        let name = o["name"]?.string ?? "rubric"

        var policy = ServerPolicy.roundRobin
        if let p = o["policy"] {
            switch p.string {
            case "round-robin": policy = .roundRobin
            case "random": policy = .random
            default: throw RubricError("\"policy\" must be \"round-robin\" or \"random\"")
            }
        }

        var expected = ExpectedConfig()
        if let e = o["expected"], e != .null {
            guard case .object(let e) = e else { throw RubricError("\"expected\" must be an object with service_ip, servers, lb_mac") }
            if let s = e["service_ip"], s != .null {
                guard let s = s.string, let ip = IPv4Address(s) else { throw RubricError("expected.service_ip must be an IPv4 address like \"10.0.1.1\"") }
                expected.serviceIP = ip
            }
            if let s = e["servers"], s != .null {
                guard case .array(let list) = s else { throw RubricError("expected.servers must be a list of IPv4 addresses") }
                var ips: [IPv4Address] = []
                for x in list {
                    guard let text = x.string else { throw RubricError("expected.servers must be a list of IPv4 addresses") }
                    guard let ip = IPv4Address(text) else { throw RubricError("expected.servers: \(text) is not an IPv4 address") }
                    ips.append(ip)
                }
                expected.servers = ips
            }
            if let s = e["lb_mac"], s != .null {
                guard let s = s.string, let mac = MACAddress(s) else { throw RubricError("expected.lb_mac must be a MAC address like \"00:00:00:00:00:01\"") }
                expected.lbMAC = mac
            }
        }

        var notAssessed = NotAssessed.exclude
        if let n = o["not_assessed"] {
            if n.string == "exclude" {
                notAssessed = .exclude
            } else if let f = n.number, f >= 0, f <= 1 {
                notAssessed = .credit(f)
            } else {
                throw RubricError("\"not_assessed\" must be \"exclude\" or a number from 0 to 1 (the share of its weight a not_assessed check earns)")
            }
        }

        guard case .array(let list)? = o["checks"], !list.isEmpty else {
            throw RubricError("\"checks\" must be a non-empty list of {\"id\", \"weight\", \"required\"}")
        }
        var checks: [(String, CheckRule)] = []
        for entry in list {
            guard case .object(let c) = entry, let id = c["id"]?.string, !id.isEmpty else { throw RubricError("every check needs an \"id\"") }
            let known = LabChecks.ids + [Rubric.configurationCheckID]
            guard known.contains(id) else {
                throw RubricError("unknown check id \"\(id)\"; the checks are \(known.joined(separator: ", "))")
            }
            guard checks.allSatisfy({ $0.0 != id }) else { throw RubricError("check \"\(id)\" is listed twice") }
            var weight = 1.0
            if let w = c["weight"], w != .null {
                guard let n = w.number, n >= 0, n.isFinite else { throw RubricError("check \"\(id)\": weight must be a number ≥ 0") }
                weight = n
            }
            var required = false
            if let r = c["required"], r != .null {
                guard case .bool(let b) = r else { throw RubricError("check \"\(id)\": required must be true or false") }
                required = b
            }
            checks.append((id, CheckRule(weight: weight, required: required)))
        }
        self.init(name: name, policy: policy, expected: expected, notAssessed: notAssessed, checks: checks)
    }

    /// The rubric as JSON, in the form `init(json:)` reads (keys in a fixed order).
    public var jsonText: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("name"); w.string(name)
        w.key("policy"); w.string(policy == .random ? "random" : "round-robin")
        w.key("expected"); w.beginObject()
        w.key("service_ip"); if let s = expected.serviceIP { w.string(s) } else { w.null() }
        w.key("servers"); if let s = expected.servers { w.beginArray(); for x in s { w.string(x) }; w.endArray() } else { w.null() }
        w.key("lb_mac"); if let m = expected.lbMAC { w.string(m) } else { w.null() }
        w.endObject()
        w.key("not_assessed")
        switch notAssessed {
        case .exclude: w.string("exclude")
        case .credit(let f): w.number(f)
        }
        w.key("checks"); w.beginArray()
        for id in checkIDs {
            guard let r = checks[id] else { continue }
            w.beginObject()
            w.key("id"); w.string(id)
            w.key("weight")
            if r.weight == r.weight.rounded(), abs(r.weight) < 1e15 { w.number(Int64(r.weight)) } else { w.number(r.weight) }
            w.key("required"); w.bool(r.required)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.newline()
        // One check a line, for people reading `lbtrace grade --print-rubric` (ids hold no `},{`).
        return String(decoding: w.bytes, as: UTF8.self).split(separator: "},{\"id\"", omittingEmptySubsequences: false)
            .joined(separator: "},\n  {\"id\"")
    }
}

/// A JSON document as plain values, for a file whose keys are checked one by one with a message
/// for each mistake (the rubric), where a `Decodable` struct could only say which key failed.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var number: Double? { if case .number(let n) = self { n } else { nil } }

    /// What the decoder said was wrong, without its coding path (always empty at the top level).
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError, case .dataCorrupted(let context) = e else { return "\(error)" }
        if let underlying = context.underlyingError { return "\(context.debugDescription) \(underlying)" }
        return context.debugDescription
    }
}
