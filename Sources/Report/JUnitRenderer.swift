/// Renders a `CheckReport` as JUnit XML: one testsuite per session, one testcase per check.
/// A failed check is a `<failure>`, a check that could not be assessed is `<skipped>` with its reason.
public enum JUnitRenderer {
    public static func render(_ r: CheckReport, suiteName: String) -> String {
        let failures = r.checks.filter { $0.status == .fail }.count
        let skipped = r.checks.filter { $0.status == .notAssessed }.count
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<testsuites>\n"
        s += "  <testsuite name=\"\(xmlEscape(suiteName))\" tests=\"\(r.checks.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        for c in r.checks {
            s += "    <testcase classname=\"lbtrace.\(xmlEscape(suiteName))\" name=\"\(xmlEscape(c.id))\">\n"
            switch c.status {
            case .pass: break
            case .notAssessed:
                s += "      <skipped message=\"\(xmlEscape(c.reason))\"/>\n"
            case .fail:
                let first = c.findings.first { $0.severity == .error }?.message ?? c.reason
                s += "      <failure message=\"\(xmlEscape(first))\">"
                for f in c.findings {
                    s += xmlEscape("[\(f.severity.rawValue)] \(f.message)" + (f.evidence.isEmpty ? "" : " (frames \(f.evidence.map(\.description).joined(separator: ", ")))")) + "\n"
                }
                if c.omittedFindings > 0 { s += "… and \(c.omittedFindings) more not listed (counted in the verdict)\n" }
                s += "</failure>\n"
            }
            s += "    </testcase>\n"
        }
        s += "  </testsuite>\n</testsuites>\n"
        return s
    }
}

/// Escapes text for XML and HTML attribute and element content; drops characters XML 1.0 forbids.
public func xmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || (scalar.value >= 0xFFFE && scalar.value <= 0xFFFF) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out
}
