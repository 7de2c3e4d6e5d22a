import Foundation
import Model
import Replay
import Report
import Testing
import Wire

/// The checks on the real lab captures, against the controller's own log (pox.log) as ground truth.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// The "Directing traffic to" decisions of a session's pox.log, in order.
func poxDecisions(_ session: String) throws -> [String] {
    let log = try String(contentsOfFile: "\(fixtures)/\(session)/pox.log", encoding: .utf8)
    return log.split(separator: "\n").filter { $0.contains("Directing traffic to") }.map { String($0.split(separator: " ").last!) }
}

/// The ways one session can be given: control channel alone, or with each data-plane source.
enum Variant: String, CaseIterable, CustomTestStringConvertible {
    case controlOnly, withDP, withPorts, withAny, folder
    var testDescription: String { rawValue }

    func files(_ session: String) throws -> [String] {
        let dir = "\(fixtures)/\(session)"
        switch self {
        case .controlOnly: return ["\(dir)/of.pcap"]
        case .withDP: return ["\(dir)/of.pcap", "\(dir)/dp.pcap"]
        case .withAny: return ["\(dir)/of.pcap", "\(dir)/dp-any.pcap"]
        case .withPorts:
            let ports = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/ports").sorted().map { "\(dir)/ports/\($0)" }
            return ["\(dir)/of.pcap"] + ports
        case .folder: return [dir]
        }
    }

    var hasDataPlane: Bool { self != .controlOnly }
}

func check(_ session: String, _ variant: Variant, policy: ServerPolicy = .roundRobin) throws -> CheckReport {
    let sources = try SessionSources.expand(try variant.files(session))
    let analysis = try SessionReplay.run(sources, options: ReplayOptions(policy: policy))
    return LabChecks.evaluate(analysis)
}

func status(_ r: CheckReport, _ id: String) -> CheckStatus? { r.checks.first { $0.id == id }?.status }

@Suite struct LabCaptureCheckTests {
    @Test(arguments: ["rr-basic", "rr-many", "rr-buggy-reverse"], Variant.allCases)
    func infersConfigurationAndMatchesPoxDecisions(session: String, variant: Variant) throws {
        let r = try check(session, variant)
        let config = Dictionary(uniqueKeysWithValues: r.config.map { ($0.name, $0) })
        #expect(config["service_ip"]?.value == "10.0.1.1")
        #expect(config["servers"]?.value == "10.0.0.1,10.0.0.2")
        // POX 0.8 uses the datapath's MAC for probes and the reverse rewrite.
        #expect(config["lb_mac"]?.value == "00:00:00:00:00:01")
        #expect(config["service_ip"]?.source.contains("inferred") == true)
        #expect(!(config["service_ip"]?.evidence.isEmpty ?? true))
        #expect(r.connections.map(\.server) == (try poxDecisions(session)).map(Optional.some))
        #expect(status(r, "end-to-end") == (variant.hasDataPlane ? (session == "rr-buggy-reverse" ? .fail : .pass) : .notAssessed))
    }

    @Test(arguments: ["rr-basic", "rr-many"], Variant.allCases)
    func correctSessionsPassEveryRequiredCheck(session: String, variant: Variant) throws {
        let r = try check(session, variant)
        #expect(r.requiredChecksPass)
        for c in r.checks where !(c.id == "end-to-end" && !variant.hasDataPlane) {
            #expect(c.status == .pass, "\(c.id): \(c.reason) \(c.findings.map(\.message))")
        }
    }

    @Test(arguments: Variant.allCases)
    func buggyReverseFailsReverseRewriteNamingTheMissingAction(variant: Variant) throws {
        let r = try check("rr-buggy-reverse", variant)
        #expect(!r.requiredChecksPass)
        #expect(status(r, "forward-rewrite") == .pass)
        #expect(status(r, "round-robin") == .pass)
        let reverse = try #require(r.checks.first { $0.id == "reverse-rewrite" })
        #expect(reverse.status == .fail)
        let errors = reverse.findings.filter { $0.severity == .error }
        #expect(errors.count == 4) // one per connection, re-installs folded in
        // tcpdump -r of.pcap: the first reverse FLOW_MOD (xid 14) is frame 76, answering the PACKET_IN of frame 74.
        #expect(errors[0].message.contains("no SET_NW_SRC 10.0.1.1"))
        #expect(errors[0].evidence.map(\.frame) == [74, 76])
        #expect(errors[0].evidence.allSatisfy { $0.file.hasSuffix("of.pcap") })
        if variant.hasDataPlane {
            let e2e = try #require(r.checks.first { $0.id == "end-to-end" })
            #expect(e2e.findings.filter { $0.severity == .error }.count == 4)
            #expect(e2e.findings.allSatisfy { $0.message.contains("reset") })
        }
    }

    /// rr-many: 10.0.0.4 reused its port after 14 s; the controller answered from flow memory
    /// (a PACKET_IN and FLOW_MOD, no "Directing traffic" line) — not a new decision.
    @Test func portReusedAfter14sIsFlowMemory() throws {
        let r = try check("rr-many", .controlOnly)
        let memory = try #require(r.checks.first { $0.id == "flow-memory" })
        #expect(memory.status == .pass)
        let returns = memory.findings.filter { $0.message.contains("came back after") }
        #expect(returns.count == 1)
        #expect(returns.first?.connection?.hasPrefix("10.0.0.4:") == true)
        #expect(r.connections.count == 44)
    }

    @Test func randomPolicyLeavesRoundRobinNotAssessed() throws {
        let r = try check("rr-basic", .withDP, policy: .random)
        let rr = try #require(r.checks.first { $0.id == "round-robin" })
        #expect(rr.status == .notAssessed)
        #expect(rr.reason.contains("random"))
        for c in r.checks where c.id != "round-robin" { #expect(c.status == .pass, "\(c.id)") }
        #expect(r.connections.map(\.server) == (try poxDecisions("rr-basic")).map(Optional.some))
    }

    @Test func renderersAgreeWithTheReport() throws {
        let r = try check("rr-buggy-reverse", .withDP)
        let json = try JSONSerialization.jsonObject(with: Data(JSONReportRenderer.render(r).utf8)) as! [String: Any]
        let config = json["config"] as! [String: Any]
        #expect(config["service_ip"] as? String == "10.0.1.1")
        #expect(config["servers"] as? [String] == ["10.0.0.1", "10.0.0.2"])
        let connections = json["connections"] as! [[String: Any]]
        #expect(connections.map { $0["client"] as! String }.allSatisfy { $0.contains(":") })
        let checks = json["checks"] as! [[String: Any]]
        #expect(checks.map { $0["id"] as! String } == LabChecks.ids)
        let junit = JUnitRenderer.render(r, suiteName: "rr-buggy-reverse")
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == LabChecks.ids.count)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == 2)
        let text = TextReportRenderer(colour: false).render(r)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("FAIL reverse-rewrite"))
    }

    /// Each row of the text table ends with the PACKET_IN that opened the connection and, when more
    /// of its packets reached the controller and were answered from flow memory, how many: in
    /// rr-many the ACKs that overtook the forward install (e.g. 10.0.0.6:38242, frames 102 and 103).
    @Test func textRowsCountFlowMemoryHits() throws {
        let r = try check("rr-many", .controlOnly)
        let lines = TextReportRenderer(colour: false).render(r).split(separator: "\n")
        var withHits = 0
        for c in r.connections {
            let row = try #require(lines.first { $0.hasPrefix("  \(c.client) ") }, "\(c.client)")
            #expect(row.contains("of.pcap#\(try #require(c.firstPacketIn).frame)"), "\(row)")
            if c.memoryHits.isEmpty {
                #expect(!row.contains("from flow memory"), "\(row)")
            } else {
                withHits += 1
                #expect(row.hasSuffix("  (+\(c.memoryHits.count) from flow memory)"), "\(row)")
            }
        }
        #expect(withHits > 10)
    }
}
