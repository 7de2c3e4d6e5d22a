import Capture
import Wire

/// Writes a grading run into a folder:
/// - `summary.csv`: `submission, verdict, score`, one column per rubric check (its status, empty when
///   the check did not run), `reason`; RFC 4180 quoting.
/// - `summary.json`: the rubric's name and, per submission, the same facts plus its report files.
/// - `submissions/<name>.txt` and `.json`: each submission's full report (for an unreadable one, the
///   text file says why). `<name>` comes from `GradeFileNames.unique`, so it cannot leave the folder.
public enum GradeOutput {
    public struct Written: Sendable {
        public var summaryCSV: String
        public var summaryJSON: String
        /// Per submission, in order: the file stem used under `submissions/`.
        public var stems: [String]
    }

    public static func write(_ grades: [SubmissionGrade], rubric: Rubric, to dir: String) throws(FileSystem.Failure) -> Written {
        let base = dir.count > 1 && dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        try FileSystem.makeDirectories(base + "/submissions")
        let stems = GradeFileNames.unique(grades.map(\.submission.name))
        for (g, stem) in zip(grades, stems) {
            let path = base + "/submissions/" + stem
            switch g.outcome {
            case .graded(let r):
                var text = "submission: \(g.submission.name)\nscore: \(scoreText(g.score)) (\(g.verdict)) by rubric \(rubric.name)\n\n"
                text += TextReportRenderer(colour: false).render(r)
                try write(text, to: path + ".txt")
                try write(JSONReportRenderer.render(r), to: path + ".json")
            case .unreadable(let why):
                try write("submission: \(g.submission.name)\ncould not be graded: \(why)\n", to: path + ".txt")
            }
        }
        let csv = csvText(grades, rubric: rubric)
        let json = jsonText(grades, rubric: rubric, stems: stems)
        try write(csv, to: base + "/summary.csv")
        try write(json, to: base + "/summary.json")
        return Written(summaryCSV: base + "/summary.csv", summaryJSON: base + "/summary.json", stems: stems)
    }

    /// The score with one decimal ("87.5"), empty when there is none.
    public static func scoreText(_ s: Double?) -> String {
        guard let s else { return "" }
        let tenths = Int((s * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    public static func csvText(_ grades: [SubmissionGrade], rubric: Rubric) -> String {
        var out = GradeCSV.record(["submission", "verdict", "score"] + rubric.checkIDs + ["reason"])
        for g in grades {
            let statuses = rubric.checkIDs.map { id in g.report?.checks.first { $0.id == id }?.status.rawValue ?? "" }
            out += GradeCSV.record([g.submission.name, g.verdict, scoreText(g.score)] + statuses + [g.reason])
        }
        return out
    }

    public static func jsonText(_ grades: [SubmissionGrade], rubric: Rubric, stems: [String]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("rubric"); w.string(rubric.name)
        w.key("submissions"); w.beginArray()
        for (g, stem) in zip(grades, stems) {
            w.beginObject()
            w.key("submission"); w.string(g.submission.name)
            w.key("path"); w.string(g.submission.path)
            w.key("verdict"); w.string(g.verdict)
            w.key("score"); if let s = g.score { w.number((s * 10).rounded() / 10) } else { w.null() }
            w.key("checks"); w.beginObject()
            for c in g.report?.checks ?? [] { w.key(c.id); w.string(c.status.rawValue) }
            w.endObject()
            w.key("reason"); w.string(g.reason)
            w.key("reports"); w.beginObject()
            w.key("text"); w.string("submissions/\(stem).txt")
            w.key("json"); if g.report != nil { w.string("submissions/\(stem).json") } else { w.null() }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.newline()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private static func write(_ text: String, to path: String) throws(FileSystem.Failure) {
        try FileSystem.write(text, to: path)
    }
}
