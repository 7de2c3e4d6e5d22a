import Replay
import Wire

extension Rubric {
    /// The `configuration` check: the session's configuration (inferred from its probes and rewrites)
    /// is the one the rubric expects. Servers are compared as a set: the capture shows the order in
    /// which they answered, not the order the controller was given.
    public static func configurationCheck(_ c: ResolvedConfig, files: [String], expected: ExpectedConfig) -> CheckResult {
        let ev = EvidenceNamer(files: files)
        var findings: [Finding] = []
        if let want = expected.serviceIP, c.serviceIP.value != want {
            findings.append(Finding(severity: .error, message: "the service IP is \(c.serviceIP.value) (\(c.serviceIP.source)), the lab's is \(want)", evidence: c.serviceIP.frames.map(ev.name)))
        }
        if let want = expected.servers, Set(c.servers.value) != Set(want) {
            findings.append(Finding(severity: .error, message: "the servers are \(list(c.servers.value)) (\(c.servers.source)), the lab's are \(list(want))", evidence: c.servers.frames.map(ev.name)))
        }
        if let want = expected.lbMAC, c.lbMAC.value != want {
            findings.append(Finding(severity: .error, message: "the balancer's MAC is \(c.lbMAC.value?.description ?? "unknown") (\(c.lbMAC.source)), the lab's is \(want)", evidence: c.lbMAC.frames.map(ev.name)))
        }
        return CheckResult(id: configurationCheckID, title: "Configuration is the lab's", findings: findings,
                           summary: findings.isEmpty ? "service IP, servers and balancer MAC as the rubric expects" : "the session runs another configuration")
    }

    private static func list(_ ips: [IPv4Address]) -> String { ips.isEmpty ? "none" : ips.map(\.description).joined(separator: ", ") }
}
