import Wire

/// Renders a `CheckReport` as one self-contained HTML page: the verdicts with their findings
/// (each finding has the anchor `finding-N`, numbered across all checks in order), the
/// configuration with its sources, the connection table and a time-sequence diagram of the
/// connections in which wrong steps link to the finding that explains them.
///
/// The page needs no script and fetches nothing: the style is inline, the diagram inline SVG.
/// Every string that reaches the page goes through `xmlEscape`, and the markup is well-formed
/// XML (void elements self-closed), so it can be checked with an XML parser.
public struct HTMLReportRenderer {
    public var diagram: FlowSequenceDiagram
    public var title: String

    public init(title: String = "lbtrace check", diagram: FlowSequenceDiagram = FlowSequenceDiagram()) {
        self.title = title; self.diagram = diagram
    }

    /// The findings numbered as the page numbers them (1-based), with their check's id.
    public static func numberedFindings(_ r: CheckReport) -> [(number: Int, check: String, finding: Finding)] {
        var out: [(Int, String, Finding)] = []
        for c in r.checks { for f in c.findings { out.append((out.count + 1, c.id, f)) } }
        return out
    }

    /// The finding that explains a wrong step: the first error that cites the step's frame, else the
    /// first error about its connection.
    public static func findingLinker(_ r: CheckReport) -> (FlowStep, ConnectionTimeline) -> Int? {
        var byFrame: [Evidence: Int] = [:]
        var byConnection: [String: Int] = [:]
        for (n, _, f) in numberedFindings(r) where f.severity == .error {
            for e in f.evidence where byFrame[e] == nil { byFrame[e] = n }
            if let c = f.connection, byConnection[c] == nil { byConnection[c] = n }
        }
        return { step, tl in step.frame.flatMap { byFrame[$0] } ?? byConnection[tl.connection] }
    }

    public func render(_ r: CheckReport, timelines: [ConnectionTimeline], servers: [IPv4Address]) -> String {
        let names = FlowFrameNamer(files: r.files)
        func frames(_ ev: [Evidence], limit: Int = 8) -> String {
            guard !ev.isEmpty else { return "" }
            let shown = ev.prefix(limit).map { "<span class=\"frame\">\(xmlEscape(names.name($0)))</span>" }
            return " [" + shown.joined(separator: ", ") + (ev.count > limit ? ", … \(ev.count - limit) more" : "") + "]"
        }
        let ok = r.requiredChecksPass
        var s = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        s += "<title>\(xmlEscape(title))</title>\n<style>\n\(HtmlStyle.css)\n</style>\n</head>\n<body>\n"
        s += "<h1>\(xmlEscape(title))</h1>\n"
        s += "<p><span class=\"verdict \(ok ? "ok" : "failed")\">\(ok ? "OK" : "FAILED")</span> \(xmlEscape(r.summary))</p>\n"
        s += "<p class=\"files\">Files: " + r.files.map { "<code>\(xmlEscape($0))</code>" }.joined(separator: ", ") + "</p>\n"

        // Verdicts.
        s += "<h2 id=\"checks\">Checks</h2>\n"
        let numbered = Self.numberedFindings(r)
        var next = 0
        for c in r.checks {
            s += "<section class=\"check \(c.status.rawValue)\" id=\"check-\(xmlEscape(c.id))\">\n"
            s += "<h3><span class=\"status \(c.status.rawValue)\">\(statusText(c.status))</span>\(xmlEscape(c.id))\(c.required ? "" : " <span class=\"note-text\">(optional)</span>")</h3>\n"
            s += "<p class=\"title\">\(xmlEscape(c.title))</p>\n<p>\(xmlEscape(c.reason))</p>\n"
            if !c.findings.isEmpty {
                s += "<ul>\n"
                for f in c.findings {
                    let n = numbered[next].number
                    next += 1
                    s += "<li class=\"finding\" id=\"finding-\(n)\"><span class=\"num\">#\(n)</span><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span>"
                    s += xmlEscape(f.message) + frames(f.evidence) + "</li>\n"
                }
                s += "</ul>\n"
            }
            if c.omittedFindings > 0 {
                s += "<p class=\"note-text\">… and \(c.omittedFindings) more not listed (counted in the verdict).</p>\n"
            }
            s += "</section>\n"
        }

        // Configuration and input.
        s += "<h2 id=\"configuration\">Configuration</h2>\n<table>\n<tr><th>setting</th><th>value</th><th>source</th></tr>\n"
        for c in r.config {
            s += "<tr><td><code>\(xmlEscape(c.name))</code></td><td class=\"mono\">\(c.value.isEmpty ? "(unknown)" : xmlEscape(c.value))</td>"
            s += "<td>\(xmlEscape(c.source))\(frames(c.evidence, limit: 4))</td></tr>\n"
        }
        s += "</table>\n"
        if !r.diagnostics.isEmpty {
            s += "<h2 id=\"input\">Input</h2>\n<ul>\n"
            for d in r.diagnostics { s += "<li><span class=\"sev \(d.severity.rawValue)\">\(d.severity.rawValue)</span>\(xmlEscape(d.message))</li>\n" }
            s += "</ul>\n"
        }

        s += connectionTable(r, timelines: timelines, names: names)
        s += diagramSection(r, timelines: timelines, servers: servers, names: names)
        s += "</body>\n</html>\n"
        return s
    }

    func connectionTable(_ r: CheckReport, timelines: [ConnectionTimeline], names: FlowFrameNamer) -> String {
        var s = "<h2 id=\"connections\">Connections</h2>\n<p>\(r.connectionCount) connections, in the order clients reached the controller."
        if r.omittedConnections > 0 {
            s += " The table lists \(r.connections.count): the first connections, then only those with a FAIL or another server than expected (<code>--all-connections</code> lists every one)."
        }
        s += "</p>\n"
        guard !r.connections.isEmpty else { return s }
        let shownInDiagram = Set(diagram.selection(timelines).shown.map(\.index))
        s += "<table>\n<tr><th>#</th><th>client</th><th>server</th><th>expected</th><th>forward</th><th>first packet</th><th>reverse</th><th>end to end</th><th>PACKET_IN</th><th>FLOW_MOD fwd / rev</th><th>from memory</th></tr>\n"
        // `c.index`, not the row's place: past the row limit rows are left out, and the number
        // and the link must still name the connection the diagram draws under that number.
        for c in r.connections {
            let i = c.index
            let bad = c.wrongServer || [c.forwardRewrite, c.firstPacket, c.reverseRewrite, c.endToEnd].contains(.fail)
            let client = shownInDiagram.contains(i) ? "<a href=\"#conn-\(i + 1)\">\(xmlEscape(c.client))</a>" : xmlEscape(c.client)
            s += "<tr\(bad ? " class=\"bad\"" : "")><td>\(i + 1)</td><td class=\"mono\">\(client)</td>"
            s += "<td class=\"mono\">\(xmlEscape(c.server ?? "none"))</td><td class=\"mono\">\(xmlEscape(c.expectedServer ?? "none"))</td>"
            for st in [c.forwardRewrite, c.firstPacket, c.reverseRewrite, c.endToEnd] { s += "<td class=\"\(st.rawValue)\">\(statusText(st))</td>" }
            s += "<td class=\"mono\">\(c.firstPacketIn.map { xmlEscape(names.name($0)) } ?? "")</td>"
            let mods = [c.forwardFlowMod, c.reverseFlowMod].map { $0.map { xmlEscape(names.name($0)) } ?? "none" }
            s += "<td class=\"mono\">\(mods.joined(separator: " / "))</td><td>\(c.memoryHits.count)</td></tr>\n"
        }
        return s + "</table>\n"
    }

    func diagramSection(_ r: CheckReport, timelines: [ConnectionTimeline], servers: [IPv4Address], names: FlowFrameNamer) -> String {
        var s = "<h2 id=\"diagram\">Time-sequence diagram</h2>\n"
        guard !timelines.isEmpty else { return s + "<p>No client connection to reach the controller: nothing to draw.</p>\n" }
        let (shown, omitted) = diagram.selection(timelines)
        s += "<p class=\"legend\"><span>Time is ms since the connection's first packet; labels name the frame (file#frame).</span>"
        s += "<span style=\"color:#cf222e\">Red dashed: wrong, links to the finding.</span><span style=\"color:#8250df\">Purple: the controller's messages.</span><span style=\"color:#0969da\">Blue: the reverse direction's.</span></p>\n"
        if omitted > 0 {
            s += "<p class=\"note-text\">Showing \(shown.count) of \(timelines.count) connections: the first \(diagram.maxConnections) and every one with a wrong step; \(omitted) left out (see <code>lbtrace flows</code>).</p>\n"
        }
        s += "<div class=\"diagram\">\n"
        s += diagram.render(timelines, servers: servers, frameName: names.name, findingFor: Self.findingLinker(r))
        return s + "</div>\n"
    }

    func statusText(_ s: CheckStatus) -> String {
        switch s {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notAssessed: "N/A"
        }
    }
}
