/// A check's findings, kept up to a bound: the first `limit` in the order they were found, the
/// rest counted (by severity, so that a check still fails on an error it did not keep).
///
/// Invariant: `kept.count <= limit`; `omitted == omittedErrors + omitted warnings and notes`.
struct FindingList {
    let limit: Int
    private(set) var kept: [Finding] = []
    private(set) var omitted = 0
    private(set) var omittedErrors = 0
    /// Findings of each severity, kept or not: errors, warnings, notes. Three counters, not a
    /// dictionary: a long capture counts a finding per connection, and hashing the severity was
    /// most of the cost of counting one.
    private var errors = 0, warnings = 0, notes = 0

    init(limit: Int) { self.limit = limit }

    var total: Int { kept.count + omitted }
    func count(_ s: Severity) -> Int {
        switch s {
        case .error: errors
        case .warning: warnings
        case .note: notes
        }
    }

    private mutating func tally(_ s: Severity) {
        switch s {
        case .error: errors += 1
        case .warning: warnings += 1
        case .note: notes += 1
        }
    }

    mutating func append(_ f: Finding) {
        tally(f.severity)
        if kept.count < limit {
            kept.append(f)
        } else {
            omitted += 1
            if f.severity == .error { omittedErrors += 1 }
        }
    }

    mutating func append(contentsOf fs: [Finding]) { for f in fs { append(f) } }

    /// Counts a finding of `severity`, and builds it only when it will be listed: most findings of
    /// a long capture are only counted, and building one formats its message.
    mutating func append(_ severity: Severity, _ make: @autoclosure () -> Finding) {
        if kept.count < limit {
            append(make())
        } else {
            tally(severity)
            omitted += 1
            if severity == .error { omittedErrors += 1 }
        }
    }

    /// The result of a check that judged something: fails when any finding is an error.
    func result(id: String, title: String, summary: String) -> CheckResult {
        var r = CheckResult(id: id, title: title, findings: kept, summary: summary)
        r.omittedFindings = omitted
        if omittedErrors > 0 { r.status = .fail }
        return r
    }

    /// `result` when the check judged something, else `notAssessed` with the reason.
    func verdict(id: String, title: String, judged: Bool, elseBecause reason: String,
                 summary: @autoclosure () -> String) -> CheckResult {
        judged ? result(id: id, title: title, summary: summary()) : notAssessed(id: id, title: title, because: reason)
    }

    /// A check that could not be decided (errors cannot stand without a verdict: they are dropped).
    func notAssessed(id: String, title: String, because reason: String) -> CheckResult {
        var r = CheckResult.notAssessed(id: id, title: title, because: reason, findings: kept)
        r.omittedFindings = omitted - omittedErrors
        return r
    }
}
