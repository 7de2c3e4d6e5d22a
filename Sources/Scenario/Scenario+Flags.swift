extension Scenario.Fault {
    /// Parses the command line's `KIND[:DETAIL][@INDEX]`: `lost_first_packet@3`,
    /// `missing_rewrite_action:set_nw_src@0`, `too_broad_match:nw_src,tp_src`, `wrong_output_port`
    /// (no index: every connection). DETAIL is the action of `missing_rewrite_action` or the
    /// comma-separated fields of `too_broad_match`.
    public init(flag: String) throws(ScenarioError) {
        var text = Substring(flag)
        var index: Int?
        if let at = text.lastIndex(of: "@") {
            guard let i = Int(text[text.index(after: at)...]), i >= 0 else {
                throw .invalid("fault \(flag): the part after @ must be a connection index (0, 1, ...)")
            }
            index = i
            text = text[..<at]
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let kind = Scenario.FaultKind(rawValue: first) else {
            throw .invalid("fault \(flag): kind must be one of \(Scenario.FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(kind: kind, connection: index)
        let detail = parts.count > 1 ? parts[1] : nil
        switch kind {
        case .missingRewriteAction:
            guard let d = detail, let a = Scenario.RewriteAction(rawValue: d) else {
                throw .invalid("fault \(flag): say which action, e.g. missing_rewrite_action:set_nw_src (one of \(Scenario.RewriteAction.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            action = a
        case .tooBroadMatch:
            if let d = detail {
                var names: [Scenario.MatchFieldName] = []
                for f in d.split(separator: ",") {
                    guard let n = Scenario.MatchFieldName(rawValue: String(f)) else {
                        throw .invalid("fault \(flag): \(f) is not a match field (\(Scenario.MatchFieldName.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    names.append(n)
                }
                fields = names
            }
        default:
            if let d = detail { throw .invalid("fault \(flag): \(kind.rawValue) takes no \":\(d)\"") }
        }
    }
}
