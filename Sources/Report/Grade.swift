import Capture
#if canImport(FoundationEssentials)
import FoundationEssentials // ProcessInfo
#else
import Foundation
#endif
import Dispatch
import Model
import Replay

/// One student's session: a capture file, or a folder of one session's captures.
public struct Submission: Sendable, Equatable {
    /// As shown in the summary (the file or folder name).
    public var name: String
    public var path: String
    public init(name: String, path: String) { self.name = name; self.path = path }
}

/// The verdict on one submission.
public struct SubmissionGrade: Sendable {
    public enum Outcome: Sendable {
        case graded(CheckReport)
        /// The submission could not be read or replayed; the text says why.
        case unreadable(String)
    }

    public var submission: Submission
    public var outcome: Outcome
    /// 0–100 by the rubric; nil when unreadable.
    public var score: Double?
    /// No required check failed (false when unreadable).
    public var passed: Bool

    public init(submission: Submission, outcome: Outcome, score: Double?, passed: Bool) {
        self.submission = submission; self.outcome = outcome; self.score = score; self.passed = passed
    }

    public var report: CheckReport? { if case .graded(let r) = outcome { r } else { nil } }

    /// "pass", "fail" or "error" (unreadable).
    public var verdict: String { report == nil ? "error" : passed ? "pass" : "fail" }

    /// One line for the summary: why it failed or could not be read, or that it passed.
    public var reason: String {
        switch outcome {
        case .unreadable(let why): return oneLine(why, limit: 300)
        case .graded(let r):
            // A passing submission may still have failed checks the rubric does not require: the
            // reason must not open with "failed" beside the verdict "pass".
            let failed = r.checks.filter { $0.status == .fail }
            guard let first = failed.first else {
                let na = r.checks.filter { $0.status == .notAssessed }.map(\.id)
                return na.isEmpty ? "all checks passed" : "passed; not assessed: " + na.joined(separator: ", ")
            }
            let message = first.findings.first { $0.severity == .error }?.message ?? first.reason
            let opening = passed ? "passed; optional checks failed" : "failed"
            return oneLine("\(opening): \(failed.map(\.id).joined(separator: ", ")) — \(first.id): \(message)", limit: 300)
        }
    }
}

func oneLine(_ s: String, limit: Int) -> String {
    let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
}

/// Grades submissions: each is replayed and checked on its own (`SessionReplay.run` and
/// `LabChecks.evaluate` share no mutable state — every run builds its own scanner, engine and
/// model — so submissions run in parallel, one per task).
public enum Grader {
    /// What the command line names: one folder that is not itself a session (no `of.pcap`) stands
    /// for its entries (files and folders, hidden ones left out, in natural order), each a
    /// submission; otherwise each argument is one submission.
    public static func submissions(from arguments: [String]) throws(SessionSourceError) -> [Submission] {
        func name(_ p: String) -> String {
            let trimmed = p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p
            return trimmed == "/" ? trimmed : String(trimmed.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        }
        if arguments.count == 1 {
            let arg = arguments[0]
            guard let kind = FileSystem.kind(arg) else { throw .missing(arg) }
            if kind == .directory && FileSystem.kind(arg + "/of.pcap") == nil {
                let base = arg.hasSuffix("/") ? String(arg.dropLast()) : arg
                let entries = (FileSystem.entries(arg) ?? [])
                    .filter { !$0.hasPrefix(".") }
                    .sorted(by: SessionSources.naturalOrder)
                if entries.isEmpty { throw .emptyFolder(arg) }
                return entries.map { Submission(name: $0, path: base + "/" + $0) }
            }
        }
        return arguments.map { Submission(name: name($0), path: $0) }
    }

    /// Replays, checks and scores one submission; never throws: what cannot be read becomes `.unreadable`.
    public static func grade(_ s: Submission, rubric: Rubric) -> SubmissionGrade {
        let sources: SessionSources
        do { sources = try SessionSources.expand([s.path]) } catch {
            return SubmissionGrade(submission: s, outcome: .unreadable(error.description), score: nil, passed: false)
        }
        // As `check` does: each connection is judged once finished and not kept, so a huge
        // submission costs the live connections' memory, not its length.
        let options = ReplayOptions(policy: rubric.policy)
        let analysis: SessionAnalysis
        var report: CheckReport
        do {
            let config = try SessionReplay.resolveConfig(sources, options: options)
            (analysis, report) = try LabChecks.replayAndJudge(sources, options: options, config: config)
        } catch {
            return SubmissionGrade(submission: s, outcome: .unreadable(error.description), score: nil, passed: false)
        }
        if !rubric.expected.isEmpty { report.checks.append(Rubric.configurationCheck(analysis.config, files: analysis.files, expected: rubric.expected)) }
        for i in report.checks.indices { report.checks[i].required = rubric.checks[report.checks[i].id]?.required ?? false }
        return SubmissionGrade(submission: s, outcome: .graded(report), score: rubric.score(report.checks),
                               passed: rubric.passes(report.checks))
    }

    /// Grades every submission on `workers` threads (default: one per core), each taking the next
    /// submission when it is done with one. Results come back in the submissions' order.
    /// `progress(done, total)` is called after each submission, one call at a time.
    public static func grade(_ submissions: [Submission], rubric: Rubric,
                             workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) -> [SubmissionGrade] {
        let pool = WorkQueue(count: submissions.count)
        let threads = max(1, min(workers, submissions.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let i = pool.take() {
                let g = grade(submissions[i], rubric: rubric)
                pool.finish(i, g, progress: progress)
            }
        }
        return pool.results()
    }
}

/// The shared state of a grading run: the next submission to take and the results so far, behind one lock.
private final class WorkQueue: @unchecked Sendable {
    private let lock = Lock()
    private var next = 0
    private var done = 0
    private let count: Int
    private var slots: [SubmissionGrade?]

    init(count: Int) { self.count = count; slots = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ i: Int, _ g: SubmissionGrade, progress: (@Sendable (Int, Int) -> Void)?) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = g
        done += 1
        progress?(done, count)
    }

    func results() -> [SubmissionGrade] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
