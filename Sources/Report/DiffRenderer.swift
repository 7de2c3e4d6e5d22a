/// Renders a `SessionDiff`: text lists only what differs; JUnit has one testcase per compared
/// aspect (a difference is a `<failure>` naming both sides), so CI shows what was compared.
public enum DiffRenderer {
    public static func text(_ d: SessionDiff, a: String, b: String) -> String {
        var s = "A: \(a)\nB: \(b)\n"
        let diffs = d.differences
        for x in diffs {
            s += "\(x.group): \(x.name) differs\n  A: \(x.a)\n  B: \(x.b)\n"
        }
        s += diffs.isEmpty ? "no differences in \(d.aspects.count) aspects compared\n"
                           : "\(diffs.count) of \(d.aspects.count) aspects compared differ\n"
        return s
    }

    public static func junit(_ d: SessionDiff, a: String, b: String) -> String {
        let failures = d.differences.count
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        s += "  <testsuite name=\"\(xmlEscape("lbtrace diff \(a) \(b)"))\" tests=\"\(d.aspects.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for x in d.aspects {
            let cls = "lbtrace.diff." + x.group.replacingSpaces()
            s += "    <testcase classname=\"\(xmlEscape(cls))\" name=\"\(xmlEscape(x.name))\""
            if x.differs {
                s += ">\n      <failure message=\"\(xmlEscape("\(x.group): \(x.name) differs"))\">\(xmlEscape("A (\(a)): \(x.a)\nB (\(b)): \(x.b)"))</failure>\n    </testcase>\n"
            } else {
                s += "/>\n"
            }
        }
        s += "  </testsuite>\n</testsuites>\n"
        return s
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }) }
}
