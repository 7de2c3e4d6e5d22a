import Foundation
import Replay
import Report
import Testing
import Wire

@Suite struct RubricTests {
    @Test func shippedRubricIsTheBuiltInOne() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(fixtures)/rubric-lab.json"))
        #expect(try Rubric(json: data) == Rubric.lab)
        #expect(try Rubric(json: Data(Rubric.lab.jsonText.utf8)) == Rubric.lab)
        #expect(Rubric.lab.checkIDs == LabChecks.ids + [Rubric.configurationCheckID])
    }

    func result(_ id: String, _ status: CheckStatus) -> CheckResult {
        switch status {
        case .pass: CheckResult(id: id, title: id, findings: [], summary: "")
        case .fail: CheckResult(id: id, title: id, findings: [Finding(severity: .error, message: "x")], summary: "")
        case .notAssessed: CheckResult.notAssessed(id: id, title: id, because: "no data plane")
        }
    }

    @Test func scoreIsTheWeightedShareOfPasses() throws {
        let json = """
        {"checks": [{"id": "round-robin", "weight": 3, "required": true}, {"id": "liveness", "weight": 1},
                    {"id": "end-to-end", "weight": 2}]}
        """
        var r = try Rubric(json: Data(json.utf8))
        #expect(r.notAssessed == .exclude && r.policy == .roundRobin && r.expected.isEmpty)
        let checks = [result("round-robin", .pass), result("liveness", .fail), result("end-to-end", .notAssessed),
                      result("flow-memory", .fail)] // not in the rubric: weighs nothing
        // exclude: 3 / (3 + 1)
        #expect(r.score(checks) == 75)
        // half credit: (3 + 0.5·2) / (3 + 1 + 2)
        r.notAssessed = .credit(0.5)
        #expect(abs(r.score(checks) - 400.0 / 6) < 1e-9)
        #expect(r.passes(checks)) // liveness failed but is not required
        #expect(!r.passes([result("round-robin", .fail)]))
        #expect(r.score([]) == 0)
    }

    @Test(arguments: [
        ("[]", "must be a JSON object"),
        ("{\"checks\": []}", "non-empty list"),
        ("{\"checks\": [{\"id\": \"nope\"}]}", "unknown check id"),
        ("{\"checks\": [{\"id\": \"liveness\", \"weight\": -1}]}", "weight"),
        ("{\"not_assessed\": 2, \"checks\": [{\"id\": \"liveness\"}]}", "not_assessed"),
        ("{\"expected\": {\"service_ip\": \"10.0.1\"}, \"checks\": [{\"id\": \"liveness\"}]}", "service_ip"),
        ("{\"policy\": \"fastest\", \"checks\": [{\"id\": \"liveness\"}]}", "policy"),
        // A value of the wrong JSON type is named, not read as something else (true is not 1).
        ("{\"checks\": [{\"id\": \"liveness\", \"weight\": true}]}", "weight must be a number"),
        ("{\"checks\": [{\"id\": \"liveness\", \"weight\": \"2\"}]}", "weight must be a number"),
        ("{\"checks\": [{\"id\": \"liveness\", \"required\": \"yes\"}]}", "required must be true or false"),
        ("{\"checks\": [{\"id\": \"liveness\", \"required\": 1}]}", "required must be true or false"),
        ("{\"not_assessed\": true, \"checks\": [{\"id\": \"liveness\"}]}", "not_assessed"),
        ("{\"expected\": {\"servers\": [\"10.0.0.1\", 2]}, \"checks\": [{\"id\": \"liveness\"}]}", "expected.servers must be a list"),
        ("{\"checks\": [\"liveness\"]}", "every check needs an \"id\""),
        ("{\"checks\": [{\"id\": \"liveness\"}]", "not valid JSON"),
        ("", "not valid JSON"),
        ("\"liveness\"", "must be a JSON object"),
    ])
    func badRubricsSayWhatToFix(json: String, says: String) {
        // The message as the user sees it, for the log when this fails.
        do { _ = try Rubric(json: Data(json.utf8)) } catch { print("\(json) → \(error)") }
        #expect {
            _ = try Rubric(json: Data(json.utf8))
        } throws: { ($0 as? RubricError)?.description.contains(says) == true }
    }

    /// A rubric expecting another service IP gives the configuration check a finding with the probe frames.
    @Test func configurationCheckComparesInferredValues() throws {
        let analysis = try SessionReplay.run(SessionSources.expand(["\(fixtures)/rr-basic/of.pcap"]))
        let good = Rubric.configurationCheck(analysis.config, files: analysis.files, expected: Rubric.lab.expected)
        #expect(good.status == .pass)
        let other = Rubric.ExpectedConfig(serviceIP: IPv4Address(10, 0, 9, 9), servers: [IPv4Address(10, 0, 0, 1)],
                                          lbMAC: MACAddress("00:00:00:11:22:33"))
        let bad = Rubric.configurationCheck(analysis.config, files: analysis.files, expected: other)
        #expect(bad.status == .fail)
        #expect(bad.findings.count == 3)
        #expect(bad.findings[0].message.contains("10.0.1.1") && bad.findings[0].message.contains("10.0.9.9"))
        #expect(!bad.findings[0].evidence.isEmpty)
    }
}
