import Replay
@testable import Report
import Testing

@Suite struct MarkdownReportTests {
    @Test func buggyReverse() throws {
        let r = LabChecks.evaluate(try flowAnalysis("rr-buggy-reverse", .folder))
        let md = MarkdownReportRenderer().render(r)
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "**lbtrace check: FAILED** — 7 passed, 2 failed, 0 not assessed; 4 connections")
        #expect(lines.contains("| check | status | summary |"))
        #expect(lines.contains("| reverse-rewrite | **FAIL** | 0 of 4 reverse installs as expected |"))
        #expect(lines.contains("| round-robin | PASS | 4 of 4 decisions in round-robin order: 10.0.0.1, 10.0.0.2, 10.0.0.1, 10.0.0.2 |"))
        #expect(lines.contains("- error: 10.0.0.3:59904: reverse FLOW_MOD: no SET_NW_SRC 10.0.1.1; the client sees replies from the server's own address instead of 10.0.1.1 and resets the connection (frames `of.pcap#74`, `of.pcap#76`)"))
        #expect(lines.contains { $0.hasPrefix("- error: 10.0.0.3:59904: the client received the SYN-ACK from the server's own address") && $0.contains("`dp-s1-eth3.pcap#15`") })
        #expect(lines.contains("| 10.0.0.3:59904 | 10.0.0.1 | 10.0.0.1 | ok | ok | **FAIL** | **FAIL** | `of.pcap#71` |"))
        #expect(lines.contains("| service_ip | 10.0.1.1 | inferred from the ARP probes (frames `of.pcap#20`, `of.pcap#65`, `of.pcap#86`, `of.pcap#99`, … 4 more) |"))
        // Notes (the handshake, probe counts) are not feedback: only warnings and errors are listed.
        #expect(!md.contains("handshake: HELLO"))
    }

    @Test func rrBasicIsAllPass() throws {
        let md = MarkdownReportRenderer().render(LabChecks.evaluate(try flowAnalysis("rr-basic", .folder)))
        #expect(md.hasPrefix("**lbtrace check: OK** — 9 passed, 0 failed, 0 not assessed; 4 connections\n"))
        #expect(md.components(separatedBy: " | PASS | ").count - 1 == 9)
        #expect(!md.contains("### Findings"))
        #expect(md.contains("| 10.0.0.3:49514 | 10.0.0.1 | 10.0.0.1 | ok | ok | ok | ok | `of.pcap#76` |"))
    }

    @Test func escapesMarkupAndTableBreakers() {
        #expect(MarkdownReportRenderer.escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>")
        #expect(MarkdownReportRenderer.escape("a|b\nc") == "a\\|b c")
        // "\r\n" is one Character: it becomes one space, so a name cannot start a list item or a row.
        #expect(MarkdownReportRenderer.escape("bad\r\n| x |\r\n- note") == "bad \\| x \\| - note")
        #expect(MarkdownReportRenderer.escape("OFPT_ERROR _x_ *y* [l](u)") == "OFPT_ERROR \\_x\\_ \\*y\\* \\[l\\](u)")
    }

    /// A code span replaces backticks, escapes | in a table cell (only there: elsewhere the
    /// backslash would show), and turns each line break's characters into spaces — "\r\n" (one
    /// Swift Character) into two, as the NSString-based version did.
    @Test func codeSpans() {
        #expect(MarkdownReportRenderer.code("a`b|c", inTable: true) == "`a'b\\|c`")
        #expect(MarkdownReportRenderer.code("a`b|c", inTable: false) == "`a'b|c`")
        #expect(MarkdownReportRenderer.code("x\r\ny\nz\rw", inTable: false) == "`x  y z w`")
        #expect(MarkdownReportRenderer.code("é|🙂", inTable: true) == "`é\\|🙂`")
    }

    @Test func captureTextStaysText() throws {
        var a = try flowAnalysis("rr-buggy-reverse", .withDP)
        a.files[0] = "x/<script>alert(1)</script>|`o`.pcap"
        let md = MarkdownReportRenderer().render(LabChecks.evaluate(a))
        // Every "<" of the name is backslash-escaped outside code spans (CommonMark then starts no HTML).
        #expect(md.components(separatedBy: "<").count == md.components(separatedBy: "\\<").count)
        #expect(md.contains("Files: x/\\<script\\>alert(1)\\</script\\>\\|\\`o\\`.pcap, "))
        // In a table's code span (literal there): the base name after the last "/", | escaped, backticks replaced.
        #expect(md.contains("| 10.0.0.3:59904 | 10.0.0.1 | 10.0.0.1 | ok | ok | **FAIL** | **FAIL** | `script>\\|'o'.pcap#71` |"))
        // In a finding's code span, outside any table, | stays as it is (a backslash would show).
        let findingLines = md.split(separator: "\n").filter { $0.hasPrefix("- error: ") && $0.contains("(frames `script>") }
        #expect(!findingLines.isEmpty && findingLines.allSatisfy { $0.contains("`script>|'o'.pcap#") && !$0.contains("\\|") })
    }
}
