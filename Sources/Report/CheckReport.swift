/// Everything `lbtrace check` says about one session, independent of how it is rendered.
public struct CheckReport: Sendable {
    /// A configured value and where it came from.
    public struct ConfigValue: Sendable {
        public var name: String
        public var value: String
        /// "flag", or "inferred" with the frames it was inferred from.
        public var source: String
        public var evidence: [Evidence]

        public init(name: String, value: String, source: String, evidence: [Evidence] = []) {
            self.name = name; self.value = value; self.source = source; self.evidence = evidence
        }
    }

    /// One client connection as the controller handled it.
    public struct ConnectionRow: Sendable {
        public var client: String
        /// Seconds since the epoch of the first PACKET_IN.
        public var time: Double
        public var server: String?
        public var expectedServer: String?
        public var forwardRewrite: CheckStatus
        public var firstPacket: CheckStatus
        public var reverseRewrite: CheckStatus
        public var endToEnd: CheckStatus
        public var firstPacketIn: Evidence?
        public var forwardFlowMod: Evidence?
        public var reverseFlowMod: Evidence?
        /// Later PACKET_INs of this connection answered from the controller's flow memory.
        public var memoryHits: [Evidence]
        /// The connection's place among all of the session's (0-based, in the order clients reached
        /// the controller): the row's place too until rows are left out past the limit.
        public var index: Int

        public init(client: String, time: Double, server: String?, expectedServer: String?, forwardRewrite: CheckStatus,
                    firstPacket: CheckStatus, reverseRewrite: CheckStatus, endToEnd: CheckStatus,
                    firstPacketIn: Evidence?, forwardFlowMod: Evidence?, reverseFlowMod: Evidence?, memoryHits: [Evidence],
                    index: Int) {
            self.client = client; self.time = time; self.server = server; self.expectedServer = expectedServer
            self.forwardRewrite = forwardRewrite; self.firstPacket = firstPacket; self.reverseRewrite = reverseRewrite
            self.endToEnd = endToEnd; self.firstPacketIn = firstPacketIn; self.forwardFlowMod = forwardFlowMod
            self.reverseFlowMod = reverseFlowMod; self.memoryHits = memoryHits; self.index = index
        }

        /// The connection went to another server than the one expected (when one was).
        public var wrongServer: Bool { expectedServer != nil && server != expectedServer }
    }

    /// A part of the input that could not be used (damaged records, gaps in the control channel).
    public struct Diagnostic: Sendable {
        public var severity: Severity
        public var message: String
        public init(severity: Severity, message: String) { self.severity = severity; self.message = message }
    }

    public var files: [String]
    public var config: [ConfigValue]
    /// The rows kept (all of them, unless the session had more than `ReportLimits.connectionRows`).
    public var connections: [ConnectionRow]
    /// How many connections the session had, listed or not.
    public var connectionCount: Int
    public var checks: [CheckResult]
    public var diagnostics: [Diagnostic]

    public init(files: [String], config: [ConfigValue], connections: [ConnectionRow], checks: [CheckResult], diagnostics: [Diagnostic]) {
        self.files = files; self.config = config; self.connections = connections; self.checks = checks; self.diagnostics = diagnostics
        connectionCount = connections.count
    }

    /// Connections counted but not listed.
    public var omittedConnections: Int { connectionCount - connections.count }

    /// True when every required check passed (not_assessed is not a pass, but does not fail the run).
    public var requiredChecksPass: Bool { !checks.contains { $0.required && $0.status == .fail } }

    public var summary: String {
        let pass = checks.filter { $0.status == .pass }.count
        let fail = checks.filter { $0.status == .fail }.count
        let na = checks.filter { $0.status == .notAssessed }.count
        return "\(pass) passed, \(fail) failed, \(na) not assessed; \(connectionCount) connections"
    }
}
