import Foundation
import Replay
import Report
import Testing

/// A small RFC 4180 reader, to read back what the grader wrote.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, i = text.startIndex
    while i < text.endIndex {
        let c = text[i]
        if quoted {
            if c == "\"" {
                let n = text.index(after: i)
                if n < text.endIndex && text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true
        } else if c == "," { row.append(field); field = ""
        } else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = ""
        } else { field.append(c) }
        i = text.index(after: i)
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Suite struct GradeTests {
    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("grade-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func gradesAFolderOfSubmissions() throws {
        let dir = try tempDir(), out = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        for s in ["rr-basic", "rr-many", "rr-buggy-reverse"] { try FileManager.default.copyItem(atPath: "\(fixtures)/\(s)", toPath: "\(dir)/\(s)") }
        try Data("not a capture, \"quoted\"\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/broken.pcap"))

        let subs = try Grader.submissions(from: [dir])
        #expect(subs.map(\.name) == ["broken.pcap", "rr-basic", "rr-buggy-reverse", "rr-many"])
        let grades = Grader.grade(subs, rubric: .lab, workers: 2)
        let written = try GradeOutput.write(grades, rubric: .lab, to: out)

        let rows = parseCSV(try String(contentsOfFile: written.summaryCSV, encoding: .utf8))
        #expect(rows.count == 5)
        let header = rows[0]
        #expect(header == ["submission", "verdict", "score"] + Rubric.lab.checkIDs + ["reason"])
        func col(_ row: [String], _ name: String) -> String { row[header.firstIndex(of: name)!] }
        let byName = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let broken = try #require(byName["broken.pcap"])
        #expect(col(broken, "verdict") == "error" && col(broken, "score") == "")
        #expect(col(broken, "reason").contains("broken.pcap"))
        #expect(col(try #require(byName["rr-basic"]), "verdict") == "pass")
        #expect(col(try #require(byName["rr-basic"]), "score") == "100.0")
        #expect(col(try #require(byName["rr-many"]), "verdict") == "pass")
        let buggy = try #require(byName["rr-buggy-reverse"])
        #expect(col(buggy, "verdict") == "fail")
        #expect(col(buggy, "reverse-rewrite") == "fail" && col(buggy, "end-to-end") == "fail" && col(buggy, "round-robin") == "pass")
        // Weights sum to 13; reverse-rewrite (2) and end-to-end (1) failed: 10/13.
        #expect(col(buggy, "score") == "76.9")
        #expect(col(buggy, "reason").hasPrefix("failed: reverse-rewrite, end-to-end"))
        for stem in ["rr-basic", "rr-many", "rr-buggy-reverse"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/submissions/\(stem).txt"))
            #expect(FileManager.default.fileExists(atPath: "\(out)/submissions/\(stem).json"))
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: written.summaryJSON))) as? [String: Any]
        #expect((json?["submissions"] as? [Any])?.count == 4)

        // Python's csv module reads the same table.
        let script = "import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=''))); print(len(r)); print(';'.join(x[1] for x in r[1:]))"
        if let py = try runProgram("python3", ["-c", script, written.summaryCSV]) {
            #expect(py.status == 0)
            #expect(py.out == "5\nerror;pass;fail;pass\n")
        }
    }

    @Test(arguments: [
        ("../../etc/passwd", "_._.._etc_passwd"), ("..", "__"), (".", "_"), (".hidden", "_hidden"), ("a/b\\c", "a_b_c"),
        ("", "submission"), ("süß name", "s___name"), ("ok-1_2.pcap", "ok-1_2.pcap"), ("/", "_"), ("end.", "end_"),
    ])
    func sanitiserKeepsNamesInsideTheFolder(name: String, expected: String) {
        let s = GradeFileNames.sanitise(name)
        #expect(s == expected)
        #expect(!s.contains("/") && !s.hasPrefix(".") && !s.isEmpty && s.count <= GradeFileNames.maxLength)
    }

    /// A submission that passes (no required check failed) with failed optional checks: the
    /// reason says it passed and names the optional failures, never opening with "failed".
    @Test func reasonOfAPassWithOptionalFailures() throws {
        var rubric = Rubric.lab
        rubric.checks["reverse-rewrite"]?.required = false
        rubric.checks["end-to-end"]?.required = false
        let subs = try Grader.submissions(from: ["\(fixtures)/rr-buggy-reverse"])
        let g = try #require(Grader.grade(subs, rubric: rubric, workers: 1).first)
        #expect(g.verdict == "pass")
        #expect(g.reason.hasPrefix("passed; optional checks failed: reverse-rewrite, end-to-end — reverse-rewrite: "), "\(g.reason)")
        let failing = try #require(Grader.grade(subs, rubric: .lab, workers: 1).first)
        #expect(failing.verdict == "fail" && failing.reason.hasPrefix("failed: reverse-rewrite, end-to-end — "))
    }

    @Test func sanitiserBoundsLengthAndMakesNamesUnique() {
        let long = String(repeating: "x", count: 500)
        let names = GradeFileNames.unique([long, long, "A", "a", "a-2", "../a", "..%2fa"])
        #expect(names.allSatisfy { $0.count <= GradeFileNames.maxLength })
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(names[1].hasSuffix("-2") && names[1].count == GradeFileNames.maxLength)
        // "a" collides with "A"; the submission really named "a-2" keeps its name, so "a" is "a-3".
        #expect(names[2] == "A" && names[3] == "a-3" && names[4] == "a-2")
    }

    /// A numbered duplicate never takes the name of a submission that has it: whatever the order,
    /// each name that is free after sanitising (ignoring case) is kept by its submission.
    @Test(arguments: [["bob", "BOB", "bob-2"], ["BOB", "bob", "bob-2"], ["bob-2", "bob", "Bob"], ["x", "x", "x-2", "x-3"]])
    func numberingNeverTakesAnotherSubmissionsName(_ names: [String]) {
        let files = GradeFileNames.unique(names)
        #expect(Set(files.map { $0.lowercased() }).count == names.count)
        var seen = Set<String>()
        for (name, file) in zip(names, files) {
            if seen.insert(name.lowercased()).inserted { #expect(file == name, "\(names) -> \(files)") }
        }
    }

    @Test func csvQuotesWhatNeedsIt() {
        #expect(GradeCSV.field("plain") == "plain")
        #expect(GradeCSV.field("a,b") == "\"a,b\"")
        #expect(GradeCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(GradeCSV.field("two\nlines") == "\"two\nlines\"")
        #expect(GradeCSV.field(" padded") == "\" padded\"")
        #expect(GradeCSV.field("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(GradeCSV.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
        #expect(parseCSV(GradeCSV.record(["x\"y", "1,2", "=3"])) == [["x\"y", "1,2", "'=3"]])
    }

    /// Hostile submission names: every file written stays inside the output folder.
    @Test func hostileNamesCannotEscape() throws {
        let out = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let names = ["../escape", "..", "/etc/x", ".bashrc", "a\nb", "summary", "con", String(repeating: "é", count: 300)]
        let grades = names.map { SubmissionGrade(submission: Submission(name: $0, path: "/nonexistent"), outcome: .unreadable("missing"), score: nil, passed: false) }
        let w = try GradeOutput.write(grades, rubric: .lab, to: out)
        #expect(w.stems.count == names.count)
        let parent = (out as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: "\(parent)/escape.txt"))
        let inside = try FileManager.default.contentsOfDirectory(atPath: "\(out)/submissions")
        #expect(inside.count == names.count)
        #expect(inside.allSatisfy { !$0.hasPrefix(".") })
        let rows = parseCSV(try String(contentsOfFile: w.summaryCSV, encoding: .utf8))
        #expect(rows.count == names.count + 1)
        #expect(rows[5][0] == "a\nb") // quoted, newline kept
    }
}

func runProgram(_ name: String, _ args: [String]) throws -> (status: Int32, out: String)? {
    guard let path = ["/usr/bin/", "/usr/local/bin/"].map({ $0 + name }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
