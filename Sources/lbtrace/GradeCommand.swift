#if canImport(FoundationEssentials)
import FoundationEssentials // FileManager, ProcessInfo
#else
import Foundation
#endif
import ArgumentParser
import Replay
import Report

#if canImport(Glibc)
import Glibc
#endif

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade many lab submissions against a rubric: a CSV/JSON summary and a report each.",
        discussion: """
        A submission is a capture file or a folder of one session's captures (of.pcap plus a \
        data-plane capture). Give the submissions, or one folder holding them (a folder without \
        of.pcap: each entry in it is a submission; hidden entries are skipped).

        Writes into --out: summary.csv (submission, verdict pass/fail/error, score, one column per \
        check with pass/fail/not_assessed, reason), summary.json, and submissions/<name>.txt and \
        .json (names made safe: only letters, digits, '.', '_', '-', at most 80 characters, \
        collisions numbered). A submission that cannot be read gets a row with verdict error and why.

        Rubric (JSON; default: the lab's, as in Fixtures/rubric-lab.json):
          { "name": "lab", "policy": "round-robin" | "random",
            "expected": { "service_ip": "10.0.1.1",
                        "servers": ["10.0.0.1","10.0.0.2"], "lb_mac": null },
            "not_assessed": "exclude" | <number 0..1>,
            "checks": [ { "id": "round-robin", "weight": 2, "required": true }, ... ] }
        Check ids: \((LabChecks.ids + [Rubric.configurationCheckID]).joined(separator: ", ")). \
        "configuration" fails when the session's inferred service IP, servers (as a set) or \
        balancer MAC differ from "expected" (null: not checked).

        Score = 100 × Σ weight × credit / Σ weight over counted checks; credit 1 pass, 0 fail; \
        a not_assessed check is left out of both sums ("exclude") or earns the given share of its \
        weight. A submission passes when no required check failed.

        Exit status: 0 every submission passed, 1 some failed or could not be read, 2 bad arguments.
        """)

    @Argument(help: ArgumentHelp("Submissions (capture files or session folders), or one folder of them.", valueName: "submission"),
              completion: .file())
    var submissions: [String] = []

    @Option(name: .long, help: ArgumentHelp("The folder to write the summary and reports into (created if missing).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("A rubric JSON file (default: the lab's built-in rubric).", valueName: "file"))
    var rubric: String?

    @Option(name: .long, help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Flag(name: .long, help: "Print the built-in rubric as JSON and exit.")
    var printRubric = false

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        if !printRubric && submissions.isEmpty { throw ValidationError("give the submissions to grade (files, session folders, or one folder of them)") }
        if !printRubric && out == nil { throw ValidationError("give --out DIR, the folder for summary.csv, summary.json and the reports") }
    }

    /// One line on stderr, rewritten in place (only on a terminal).
    @Sendable static func showProgress(_ done: Int, _ total: Int) {
        StandardStream.error.write("\r\u{1B}[Kgrading \(done)/\(total)")
    }

    func run() throws {
        if printRubric { print(Rubric.lab.jsonText, terminator: ""); return }
        guard let out else { throw ExitCode(2) }
        var r = Rubric.lab
        if let path = rubric {
            guard let data = FileManager.default.contents(atPath: path) else {
                StandardStream.error.write("lbtrace: \(path): cannot read the rubric\n")
                throw ExitCode(2)
            }
            do { r = try Rubric(json: data) } catch {
                StandardStream.error.write("lbtrace: \(path): \(error)\n")
                throw ExitCode(2)
            }
        }
        let list: [Submission]
        do { list = try Grader.submissions(from: submissions) } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
        let tty = isatty(STDERR_FILENO) == 1
        var progress: (@Sendable (Int, Int) -> Void)?
        if tty { progress = Self.showProgress }
        let grades = Grader.grade(list, rubric: r, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount, progress: progress)
        if tty { StandardStream.error.write("\r\u{1B}[K") }
        let written: GradeOutput.Written
        do { written = try GradeOutput.write(grades, rubric: r, to: out) } catch {
            StandardStream.error.write("lbtrace: cannot write the grades: \(error)\n")
            throw ExitCode(2)
        }
        let passed = grades.filter(\.passed).count
        let errors = grades.filter { $0.report == nil }.count
        print("\(grades.count) submissions: \(passed) passed, \(grades.count - passed - errors) failed, \(errors) unreadable; \(written.summaryCSV)")
        if passed != grades.count { throw ExitCode(1) }
    }
}
