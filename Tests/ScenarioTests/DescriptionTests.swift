import Foundation
import Testing
import Wire
@testable import Scenario

/// The JSON description, the command line's fault spelling, and what an invalid scenario says.
@Suite struct DescriptionTests {
    /// "round-robin" (as `check --policy` and the rubric spell it) reads as "round_robin"; a file
    /// that is not a scenario says where and what, not the decoder's internal names.
    @Test func policySpellingsAndReadableErrors() throws {
        #expect(try Scenario.decode(Data(#"{"policy": "round-robin"}"#.utf8)).policy == .roundRobin)
        #expect(try Scenario.decode(Data(#"{"policy": "round_robin"}"#.utf8)).policy == .roundRobin)
        let cases: [(String, String)] = [
            (#"{"policy": "fastest"}"#, #"invalid scenario: policy: "fastest" is not a policy: give "round_robin" or "random""#),
            (#"{"generator": {"connections": "x"}}"#, "invalid scenario: generator.connections should be a number"),
            (#"{"clients": [{"host": 3, "start": 1}]}"#, "invalid scenario: clients[0].port is missing"),
        ]
        for (json, message) in cases {
            #expect(throws: ScenarioError.invalid(String(message.dropFirst("invalid scenario: ".count)))) { try Scenario.decode(Data(json.utf8)) }
        }
    }

    @Test func decodesTheDocumentedFormat() throws {
        let json = """
        {"hosts": 6, "service_ip": "10.0.1.1", "servers": ["10.0.0.1", "10.0.0.2"], "policy": "round_robin",
         "start_time": 1700000000, "duration": 20, "data_plane": false,
         "clients": [{"host": 3, "port": 49514, "start": 3.5}],
         "generator": {"connections": 10, "rate": 5, "hosts": [3, 4], "seed": 9, "start": 4},
         "server_events": [{"server": "10.0.0.2", "down": 10}, {"server": "10.0.0.2", "up": 25}],
         "faults": [{"kind": "missing_rewrite_action", "action": "set_nw_src", "connection": 2},
                    {"kind": "too_broad_match", "fields": ["nw_src", "tp_src"]}]}
        """
        let s = try Scenario.decode(Data(json.utf8))
        #expect(s.serviceIp == "10.0.1.1" && s.dataPlane == false && s.startTime == 1_700_000_000)
        #expect(s.clients == [Scenario.Client(host: 3, port: 49514, start: 3.5)])
        #expect(s.generator == Scenario.Generator(connections: 10, rate: 5, hosts: [3, 4], seed: 9, start: 4))
        #expect(s.serverEvents == [Scenario.ServerEvent(server: "10.0.0.2", down: 10), Scenario.ServerEvent(server: "10.0.0.2", up: 25)])
        #expect(s.faults == [Scenario.Fault(kind: .missingRewriteAction, connection: 2, action: .setNwSrc),
                             Scenario.Fault(kind: .tooBroadMatch, fields: [.nwSrc, .tpSrc])])
        #expect(try Scenario.decode(s.encoded()) == s)
        let setup = try LabSetup(s)
        // An "up" alone closes the open "down": h2 is down from 10 s to 25 s.
        #expect(setup.isUp(IPv4Address(10, 0, 0, 2), at: 9_999_999) && !setup.isUp(IPv4Address(10, 0, 0, 2), at: 10_000_000))
        #expect(setup.isUp(IPv4Address(10, 0, 0, 2), at: 25_000_000))
        #expect(setup.faults(for: 2).names == ["missing_rewrite_action:set_nw_src", "too_broad_match"])
        #expect(setup.faults(for: 3).names == ["too_broad_match"])
    }

    @Test func parsesFaultFlags() throws {
        #expect(try Scenario.Fault(flag: "lost_first_packet@3") == Scenario.Fault(kind: .lostFirstPacket, connection: 3))
        #expect(try Scenario.Fault(flag: "wrong_output_port") == Scenario.Fault(kind: .wrongOutputPort))
        #expect(try Scenario.Fault(flag: "missing_rewrite_action:set_nw_src@0")
                == Scenario.Fault(kind: .missingRewriteAction, connection: 0, action: .setNwSrc))
        #expect(try Scenario.Fault(flag: "too_broad_match:nw_src,tp_dst")
                == Scenario.Fault(kind: .tooBroadMatch, fields: [.nwSrc, .tpDst]))
        for bad in ["no_such_fault", "missing_rewrite_action", "missing_rewrite_action:set_tp_src", "lost_first_packet@x",
                    "dead_server:now", "too_broad_match:vlan"] {
            #expect(throws: ScenarioError.self, "\(bad)") { try Scenario.Fault(flag: bad) }
        }
    }

    @Test func rejectsInconsistentScenarios() {
        let cases: [(Scenario, String)] = [
            (Scenario(servers: ["10.0.0.9"]), "server 10.0.0.9"),
            (Scenario(servers: []), "servers is empty"),
            (Scenario(clients: [Scenario.Client(host: 1, port: 1, start: 3)]), "is a server"),
            (Scenario(clients: [Scenario.Client(host: 3, port: 1, start: 0)]), "first 0.1 s"),
            (Scenario(serverEvents: [Scenario.ServerEvent(server: "10.0.0.2", up: 4)]), "without having gone down"),
            (Scenario(faults: [Scenario.Fault(kind: .missingRewriteAction)]), "needs \"action\""),
        ]
        for (s, text) in cases {
            do {
                _ = try LabSetup(s)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(text), "\(error.description)")
            }
        }
    }

    @Test func writeErrorsNameTheFolder() {
        let blocker = temporaryFolder("blocker") + "/file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        do {
            try ScenarioSynthesizer.write(Scenario(), to: blocker + "/out")
            Issue.record("wrote under a file")
        } catch {
            #expect(error.description.contains(blocker + "/out"))
        }
    }

    /// With data_plane false only of.pcap is written, and the checks say end to end was not assessed.
    @Test func controlChannelOnly() throws {
        var s = Scenario(clients: basicClients)
        s.dataPlane = false
        let r = try synthesiseAndCheck(s, name: "of-only")
        defer { try? FileManager.default.removeItem(atPath: r.dir) }
        #expect(!FileManager.default.fileExists(atPath: r.dir + "/dp.pcap"))
        #expect(r.summary.dataFile == nil && r.summary.dataFrames == 0)
        #expect(r.report.check("end-to-end").status == .notAssessed)
        #expect(r.report.check("reverse-rewrite").status == .pass)
    }
}
