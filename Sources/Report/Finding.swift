/// How much a finding matters, after Wireshark's expert-info severities.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// Something the balancer got wrong: a check fails because of it.
    case error
    /// Suspicious, or a part of the capture that could not be analysed.
    case warning
    /// Worth knowing, not wrong.
    case note

    private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A frame that proves a finding: the capture file (as the user named it) and the
/// frame number in it, 1-based as Wireshark numbers frames.
public struct Evidence: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var frame: Int

    public init(file: String, frame: Int) { self.file = file; self.frame = frame }

    public static func < (a: Evidence, b: Evidence) -> Bool { (a.file, a.frame) < (b.file, b.frame) }

    public var description: String { "\(file)#\(frame)" }
}

/// One thing a check found, with the frames that prove it.
public struct Finding: Sendable, Equatable {
    public var severity: Severity
    /// One line a student understands: what happened, and what should have.
    public var message: String
    public var evidence: [Evidence]
    /// The client connection it concerns ("10.0.0.3:49514"), when it concerns one.
    public var connection: String?

    public init(severity: Severity, message: String, evidence: [Evidence] = [], connection: String? = nil) {
        self.severity = severity; self.message = message; self.evidence = evidence; self.connection = connection
    }
}

/// The outcome of one check.
public enum CheckStatus: String, Sendable {
    case pass
    case fail
    /// The capture cannot decide it (for instance end to end without a data-plane capture); never counted as a pass.
    case notAssessed = "not_assessed"
}

/// A check's verdict with its findings.
///
/// Invariant: `status == .fail` exactly when some finding (listed or omitted) has severity `.error`;
/// `reason` is set whenever `status == .notAssessed`.
public struct CheckResult: Sendable {
    public var id: String
    public var title: String
    public var required: Bool
    public var status: CheckStatus
    /// Why it was not assessed, or a one-line summary of what was checked.
    public var reason: String
    public var findings: [Finding]
    /// Findings counted but not listed: a check over a very long capture keeps the first ones
    /// (see `ReportLimits.findingsPerCheck`); `status` still counts the errors among the rest.
    public var omittedFindings = 0

    public init(id: String, title: String, required: Bool = true, findings: [Finding], summary: String) {
        self.id = id; self.title = title; self.required = required; self.findings = findings
        self.status = findings.contains { $0.severity == .error } ? .fail : .pass
        self.reason = summary
    }

    public static func notAssessed(id: String, title: String, required: Bool = true, because reason: String, findings: [Finding] = []) -> CheckResult {
        var r = CheckResult(id: id, title: title, required: required, findings: findings.filter { $0.severity != .error }, summary: reason)
        r.status = .notAssessed
        return r
    }
}
