/// Renders a `CheckReport` for a terminal: the configuration, the connection table, each check
/// with its findings and frames, and a summary line. ANSI colour only when asked (the caller
/// asks when standard output is a terminal).
public struct TextReportRenderer {
    public var colour: Bool
    /// How many findings to print per check before summarising the rest.
    public var findingsPerCheck: Int

    public init(colour: Bool, findingsPerCheck: Int = 12) { self.colour = colour; self.findingsPerCheck = findingsPerCheck }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    private func status(_ s: CheckStatus) -> String {
        switch s {
        case .pass: paint("PASS", "32")
        case .fail: paint("FAIL", "1;31")
        case .notAssessed: paint("N/A ", "33")
        }
    }

    private func mark(_ s: CheckStatus) -> String {
        switch s {
        case .pass: paint("ok", "32")
        case .fail: paint("FAIL", "31")
        case .notAssessed: paint("-", "33")
        }
    }

    /// Frames as `of.pcap#17, #69, dp.pcap#3`: the file's name (its base name when that is unique
    /// in the session) once per run of frames from the same file.
    func frames(_ evidence: [Evidence], _ r: CheckReport, limit: Int) -> String {
        frames(evidence, labels: FileLabels(r.files), limit: limit)
    }

    /// Each file's label: its base name when no other file of the session has the same one.
    struct FileLabels {
        private var labels: [String: String] = [:]
        init(_ files: [String]) {
            let bases = files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            for (file, base) in zip(files, bases) { labels[file] = bases.filter { $0 == base }.count == 1 ? base : file }
        }
        subscript(file: String) -> String { labels[file] ?? file }
    }

    private func frames(_ evidence: [Evidence], labels: FileLabels, limit: Int) -> String {
        var parts: [String] = []
        var last: String?
        for e in evidence.prefix(limit) {
            parts.append(e.file == last ? "#\(e.frame)" : "\(labels[e.file])#\(e.frame)")
            last = e.file
        }
        return parts.joined(separator: ", ") + (evidence.count > limit ? ", …" : "")
    }

    public func render(_ r: CheckReport) -> String {
        let labels = FileLabels(r.files)
        func frames(_ evidence: [Evidence], _ r: CheckReport, limit: Int) -> String {
            self.frames(evidence, labels: labels, limit: limit)
        }
        var out = ""
        out += paint("Configuration", "1") + "\n"
        for c in r.config {
            let from = c.evidence.isEmpty ? c.source : "\(c.source): \(frames(c.evidence, r, limit: 4))"
            out += "  \(pad(c.name, 11)) \(c.value.isEmpty ? "(unknown)" : c.value)  [\(from)]\n"
        }
        if !r.diagnostics.isEmpty {
            out += "\n" + paint("Input", "1") + "\n"
            for d in r.diagnostics { out += "  \(d.severity == .error ? paint("error", "31") : paint(d.severity.rawValue, "33")): \(d.message)\n" }
        }
        out += "\n" + paint("Connections", "1") + " (\(r.connectionCount), in the order clients reached the controller)\n"
        if !r.connections.isEmpty {
            out += "  " + pad("client", 22) + pad("server", 12) + pad("expected", 12) + pad("forward", 9) + pad("first-pkt", 10) + pad("reverse", 9) + pad("e2e", 6) + "packet-in\n"
            // Up to 1,000 rows (more with --all-connections): appended in place, each column
            // padded from one string of spaces (a String built per column was 5% of `check` on a
            // session of 3,000 connections).
            for c in r.connections {
                out += "  "
                appendPadded(c.client, 22, to: &out)
                appendPadded(c.server ?? "none", 12, to: &out)
                appendPadded(c.expectedServer ?? "none", 12, to: &out)
                appendPadded(mark(c.forwardRewrite), 9, visible: visibleCount(c.forwardRewrite), to: &out)
                appendPadded(mark(c.firstPacket), 10, visible: visibleCount(c.firstPacket), to: &out)
                appendPadded(mark(c.reverseRewrite), 9, visible: visibleCount(c.reverseRewrite), to: &out)
                appendPadded(mark(c.endToEnd), 6, visible: visibleCount(c.endToEnd), to: &out)
                // The PACKET_IN that opened the connection, then how many more were answered from
                // flow memory. (Written as one expression, `??` bound looser than `+` and the count
                // showed only on rows without a PACKET_IN.)
                if let first = c.firstPacketIn { out += frames([first], r, limit: 1) }
                if !c.memoryHits.isEmpty { out += "  (+\(c.memoryHits.count) from flow memory)" }
                out += "\n"
            }
            if r.omittedConnections > 0 {
                out += "  … and \(r.omittedConnections) more not listed: the table shows the first connections, then only those with a FAIL or another server than expected (--all-connections lists every one)\n"
            }
        }
        out += "\n" + paint("Checks", "1") + "\n"
        for c in r.checks {
            out += "  \(status(c.status)) \(pad(c.id, 16)) \(c.reason)\(c.required ? "" : " (optional)")\n"
            let shown = c.findings.sorted { $0.severity > $1.severity }.prefix(findingsPerCheck)
            for f in shown {
                let sev = f.severity == .error ? paint("error", "31") : f.severity == .warning ? paint("warning", "33") : "note"
                let cited = f.evidence.isEmpty ? "" : "  [\(frames(f.evidence, r, limit: 6))]"
                out += "       \(sev): \(f.message)\(cited)\n"
            }
            let more = c.findings.count - shown.count + c.omittedFindings
            if more > 0 { out += "       … and \(more) more\(c.findings.count > shown.count ? " (see --format json)" : "")\n" }
        }
        out += "\n" + paint(r.requiredChecksPass ? "OK" : "FAILED", r.requiredChecksPass ? "1;32" : "1;31") + ": " + r.summary + "\n"
        return out
    }

    private func visibleCount(_ s: CheckStatus) -> Int { s == .pass ? 2 : s == .fail ? 4 : 1 }

    private func pad(_ s: String, _ width: Int, visible: Int? = nil) -> String {
        var out = ""
        appendPadded(s, width, visible: visible, to: &out)
        return out
    }

    /// Appends `s`, then spaces to fill `width` columns (one space when `s` fills them or more).
    /// `visible` is how many columns `s` takes when that is not its length (colour codes take none).
    private func appendPadded(_ s: String, _ width: Int, visible: Int? = nil, to out: inout String) {
        let n = visible ?? Self.columns(s)
        out += s
        let k = Swift.max(1, width - n)
        out += k < Self.spaces.count ? Self.spaces[k] : String(repeating: " ", count: k)
    }

    /// `spaces[k]` is k spaces, made once (the widest column is 22).
    private static let spaces = (0..<32).map { String(repeating: " ", count: $0) }

    /// Columns `s` takes: its characters, counted from its UTF-8 length when it is ASCII (an
    /// address or a mark: nearly always).
    private static func columns(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { $0.allSatisfy { $0 < 0x80 } ? $0.count : nil } ?? s.count
    }
}
