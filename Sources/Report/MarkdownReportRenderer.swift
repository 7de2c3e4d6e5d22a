/// Renders a `CheckReport` as Markdown to paste into feedback: the summary line, a table of the
/// checks, the findings with their frames, and the connection table.
///
/// Capture-derived text is escaped so that it stays text: Markdown punctuation and `<`, `>` get a
/// backslash (CommonMark renders them literally and starts no HTML), and table cells lose `|` and
/// line breaks.
public struct MarkdownReportRenderer {
    /// Findings listed per check before the rest are counted.
    public var findingsPerCheck: Int

    public init(findingsPerCheck: Int = 20) { self.findingsPerCheck = findingsPerCheck }

    /// Backslash-escapes the characters that would make Markdown or HTML of plain text.
    /// An underscore between letters or digits stays as it is (CommonMark emphasis cannot start there).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            switch ch {
            case "_" where i > 0 && i + 1 < chars.count && chars[i - 1].isLetterOrDigit && chars[i + 1].isLetterOrDigit:
                // Inside a word (OFPT_ERROR) CommonMark never reads it as emphasis: keep it readable.
                out.append(ch)
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "&": out.append("\\"); out.append(ch)
            // "\r\n" is one Character: without its own case it passed through and broke the line.
            case "\n", "\r", "\r\n", "\t": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    /// A code span: its content is literal, but a backtick would end it, and GFM tables split cells
    /// at `|` even inside code (`\|` keeps it there; outside a table the backslash would show).
    static func code(_ text: String, inTable: Bool) -> String {
        // By scalar: "\r\n" is one Character, and each of its two scalars becomes a space.
        var t = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            switch c {
            case "`": t.append("'")
            case "|" where inTable: t.append(contentsOf: "\\|".unicodeScalars)
            case "\n", "\r": t.append(" ")
            default: t.append(c)
            }
        }
        return "`" + String(t) + "`"
    }

    public func render(_ r: CheckReport) -> String {
        let names = FlowFrameNamer(files: r.files)
        let e = Self.escape
        func frames(_ ev: [Evidence], limit: Int = 8, inTable: Bool) -> String {
            guard !ev.isEmpty else { return "" }
            return " (frames " + ev.prefix(limit).map { Self.code(names.name($0), inTable: inTable) }.joined(separator: ", ")
                + (ev.count > limit ? ", … \(ev.count - limit) more" : "") + ")"
        }
        var s = "**lbtrace check: \(r.requiredChecksPass ? "OK" : "FAILED")** — \(e(r.summary))\n\n"
        s += "Files: " + r.files.map { e($0) }.joined(separator: ", ") + "\n\n"

        s += "| check | status | summary |\n|---|---|---|\n"
        for c in r.checks {
            s += "| \(e(c.id))\(c.required ? "" : " (optional)") | \(status(c.status)) | \(e(c.reason)) |\n"
        }

        let withFindings = r.checks.filter { c in c.findings.contains { $0.severity != .note } }
        if !withFindings.isEmpty {
            s += "\n### Findings\n\n"
            for c in withFindings {
                s += "**\(e(c.id))** — \(status(c.status))\n\n"
                let sorted = c.findings.filter { $0.severity != .note }.sorted { $0.severity > $1.severity }
                for f in sorted.prefix(findingsPerCheck) {
                    s += "- \(f.severity.rawValue): \(e(f.message))\(frames(f.evidence, inTable: false))\n"
                }
                let more = max(0, sorted.count - findingsPerCheck) + c.omittedFindings
                if more > 0 { s += "- … and \(more) more (see `--format json`)\n" }
                s += "\n"
            }
        }

        s += "\n### Configuration\n\n| setting | value | source |\n|---|---|---|\n"
        for c in r.config {
            s += "| \(e(c.name)) | \(c.value.isEmpty ? "(unknown)" : e(c.value)) | \(e(c.source))\(frames(c.evidence, limit: 4, inTable: true)) |\n"
        }

        s += "\n### Connections (\(r.connectionCount))\n\n"
        if r.omittedConnections > 0 {
            s += "The table lists the first connections, then only those with a FAIL or another server than expected; \(r.omittedConnections) more not listed (`--all-connections` lists every one).\n\n"
        }
        if !r.connections.isEmpty {
            s += "| client | server | expected | forward | first packet | reverse | end to end | PACKET_IN |\n|---|---|---|---|---|---|---|---|\n"
            for c in r.connections {
                s += "| \(e(c.client)) | \(e(c.server ?? "none")) | \(e(c.expectedServer ?? "none")) | "
                s += [c.forwardRewrite, c.firstPacket, c.reverseRewrite, c.endToEnd].map(mark).joined(separator: " | ")
                s += " | \(c.firstPacketIn.map { Self.code(names.name($0), inTable: true) } ?? "") |\n"
            }
        }
        if !r.diagnostics.isEmpty {
            s += "\n### Input\n\n"
            for d in r.diagnostics { s += "- \(d.severity.rawValue): \(e(d.message))\n" }
        }
        return s
    }

    func status(_ s: CheckStatus) -> String {
        switch s {
        case .pass: "PASS"
        case .fail: "**FAIL**"
        case .notAssessed: "N/A"
        }
    }

    func mark(_ s: CheckStatus) -> String {
        switch s {
        case .pass: "ok"
        case .fail: "**FAIL**"
        case .notAssessed: "–"
        }
    }
}

fileprivate extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
