import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Replay
import Report
import Testing

/// The page for a fixture session, rendered as `lbtrace check --format html` does.
func htmlPage(_ a: SessionAnalysis, report: CheckReport? = nil, title: String = "lbtrace check") -> String {
    let r = report ?? LabChecks.evaluate(a)
    return HTMLReportRenderer(title: title).render(r, timelines: FlowTimelineBuilder.build(a), servers: a.config.servers.value)
}

func parseXHTML(_ html: String) throws -> XMLDocument {
    // The DOCTYPE is HTML5's; the rest must be well-formed XML.
    try XMLDocument(xmlString: html, options: [])
}

func elements(_ doc: XMLDocument, _ name: String) throws -> [XMLElement] {
    try doc.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
}

/// By name from the attribute list: on Linux `attribute(forName:)` misses attributes of elements in a default namespace.
func attribute(_ e: XMLElement, _ name: String) -> String? { e.attributes?.first { $0.name == name }?.stringValue }

@Suite struct HtmlReportTests {
    @Test func buggyReverseLinksEveryWrongReverseFlowModToItsFinding() throws {
        let a = try flowAnalysis("rr-buggy-reverse", .folder)
        let doc = try parseXHTML(htmlPage(a))
        let ids = Set(try doc.nodes(forXPath: "//*[@id]").compactMap { ($0 as? XMLElement).flatMap { attribute($0, "id") } })
        // The reverse-rewrite section's findings.
        let section = try #require(try elements(doc, "section").first { attribute($0, "id") == "check-reverse-rewrite" })
        #expect(attribute(section, "class") == "check fail")
        let reverseFindings = Set(try section.nodes(forXPath: ".//*[local-name()='li']").compactMap { ($0 as? XMLElement).flatMap { attribute($0, "id") } })
        #expect(reverseFindings.count == 4)

        // Every link resolves; every wrong step is a link; the four reverse FLOW_MODs link to reverse-rewrite findings.
        var reverseModLinks: [String] = []
        for link in try elements(doc, "a") {
            let href = try #require(attribute(link, "href"))
            #expect(href.hasPrefix("#") && ids.contains(String(href.dropFirst())), "\(href)")
            if let g = link.children?.first as? XMLElement, let cls = attribute(g, "class"), cls.contains("flow_mod rev bad") {
                reverseModLinks.append(String(href.dropFirst()))
            }
        }
        #expect(reverseModLinks.count == 4)
        #expect(Set(reverseModLinks) == reverseFindings)
        for g in try elements(doc, "g") where (attribute(g, "class") ?? "").hasPrefix("step") && (attribute(g, "class") ?? "").hasSuffix(" bad") {
            #expect((g.parent as? XMLElement)?.name == "a")
        }
        // The SYN-ACKs the clients saw from the server's address are wrong and link to end-to-end findings.
        let e2e = try #require(try elements(doc, "section").first { attribute($0, "id") == "check-end-to-end" })
        let e2eFindings = Set(try e2e.nodes(forXPath: ".//*[local-name()='li']").compactMap { ($0 as? XMLElement).flatMap { attribute($0, "id") } })
        let synAckLinks = try elements(doc, "a").filter { (($0.children?.first as? XMLElement).flatMap { attribute($0, "class") } ?? "").contains("syn_ack_to_client") }
        #expect(synAckLinks.count == 4)
        #expect(synAckLinks.allSatisfy { e2eFindings.contains(String((attribute($0, "href") ?? "").dropFirst())) })
        #expect(try elements(doc, "svg").count == 1)
    }

    @Test func rrBasicHasNoWrongStep() throws {
        let html = htmlPage(try flowAnalysis("rr-basic", .folder))
        let doc = try parseXHTML(html)
        #expect(!html.contains(" bad\""))
        #expect(try elements(doc, "a").allSatisfy { (attribute($0, "href") ?? "").hasPrefix("#conn-") })
        #expect(html.contains("<span class=\"verdict ok\">OK</span> 9 passed, 0 failed, 0 not assessed; 4 connections"))
        // One diagram band per connection, one table row per connection.
        #expect(try elements(doc, "g").filter { attribute($0, "id")?.hasPrefix("conn-") == true }.count == 4)
        #expect(try elements(doc, "tr").count == 1 + 4 + 1 + 4)  // config header + rows, connections header + rows
    }

    @Test func standsAloneWithoutScriptOrFetches() throws {
        let html = htmlPage(try flowAnalysis("rr-buggy-reverse", .withDP))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        // The only URLs are the XML namespaces; url() only points inside the page.
        let urls = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(40) }
        #expect(urls.allSatisfy { $0.hasPrefix("http://www.w3.org/1999/xhtml\"") || $0.hasPrefix("http://www.w3.org/2000/svg\"") })
        #expect(html.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") })
    }

    @Test func bigSessionsCapTheDiagramAndSaySo() throws {
        let a = try flowAnalysis("rr-many", .folder)
        #expect(a.connections.count == 44)
        let html = htmlPage(a)
        let doc = try parseXHTML(html)
        #expect(html.contains("Showing 30 of 44 connections: the first 30 and every one with a wrong step; 14 left out"))
        #expect(try elements(doc, "g").filter { attribute($0, "id")?.hasPrefix("conn-") == true }.count == 30)
        // All 44 rows are in the table; only the drawn ones link to the diagram.
        #expect(try elements(doc, "a").filter { (attribute($0, "href") ?? "").hasPrefix("#conn-") }.count == 30)
    }

    /// Text from a capture (file names, anything a finding quotes) must stay text.
    @Test func captureTextCannotInjectMarkup() throws {
        var a = try flowAnalysis("rr-buggy-reverse", .withDP)
        let evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;"
        a.files[0] = "\(evil).pcap"
        var r = LabChecks.evaluate(a)
        r.checks[0].findings.append(Finding(severity: .error, message: "quoted: \(evil)", evidence: [Evidence(file: evil, frame: 1)], connection: evil))
        r.checks[1].reason = evil
        r.config[0].value = evil
        r.diagnostics.append(.init(severity: .warning, message: evil))
        r.connections[0].client = evil
        let html = htmlPage(a, report: r, title: "lbtrace check \(evil)")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("\"'>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;"))
        let doc = try parseXHTML(html)
        #expect(try elements(doc, "script").isEmpty && elements(doc, "img").isEmpty)
        // The file name (its base name: after the last "/") reaches the diagram's labels, and is only text there.
        let labels = try elements(doc, "text").compactMap(\.stringValue)
        #expect(labels.contains { $0.contains("script>\"'><img src=x onerror=alert(2)>&amp;.pcap#") })
    }
}
