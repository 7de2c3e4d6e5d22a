import Wire

/// Renders a `CheckReport` as one JSON document (keys in a fixed order, so runs diff cleanly).
public enum JSONReportRenderer {
    public static func render(_ r: CheckReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("files"); w.beginArray(); for f in r.files { w.string(f) }; w.endArray()
        w.key("config"); w.beginObject()
        for c in r.config {
            w.key(c.name)
            if c.name == "servers" {
                w.beginArray()
                for s in c.value.split(separator: ",") { w.string(String(s)) }
                w.endArray()
            } else if c.value.isEmpty { w.null() } else { w.string(c.value) }
        }
        w.key("sources"); w.beginObject()
        for c in r.config {
            w.key(c.name); w.beginObject()
            w.key("source"); w.string(c.source)
            w.key("frames"); writeEvidence(c.evidence, &w)
            w.endObject()
        }
        w.endObject()
        w.endObject()
        w.key("connections"); w.beginArray()
        for c in r.connections {
            w.beginObject()
            w.key("client"); w.string(c.client)
            w.key("time"); w.number(c.time)
            w.key("server"); if let s = c.server { w.string(s) } else { w.null() }
            w.key("expected_server"); if let s = c.expectedServer { w.string(s) } else { w.null() }
            w.key("forward_rewrite"); w.string(c.forwardRewrite.rawValue)
            w.key("first_packet"); w.string(c.firstPacket.rawValue)
            w.key("reverse_rewrite"); w.string(c.reverseRewrite.rawValue)
            w.key("end_to_end"); w.string(c.endToEnd.rawValue)
            w.key("frames"); w.beginObject()
            w.key("packet_in"); optionalEvidence(c.firstPacketIn, &w)
            w.key("forward_flow_mod"); optionalEvidence(c.forwardFlowMod, &w)
            w.key("reverse_flow_mod"); optionalEvidence(c.reverseFlowMod, &w)
            w.key("memory_hits"); writeEvidence(c.memoryHits, &w)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        // Only in reports of sessions too long to list whole (see ReportLimits).
        if r.omittedConnections > 0 { w.key("connections_omitted"); w.number(r.omittedConnections) }
        w.key("checks"); w.beginArray()
        for c in r.checks {
            w.beginObject()
            w.key("id"); w.string(c.id)
            w.key("title"); w.string(c.title)
            w.key("required"); w.bool(c.required)
            w.key("status"); w.string(c.status.rawValue)
            w.key("reason"); w.string(c.reason)
            w.key("findings"); w.beginArray()
            for f in c.findings {
                w.beginObject()
                w.key("severity"); w.string(f.severity.rawValue)
                w.key("message"); w.string(f.message)
                w.key("connection"); if let k = f.connection { w.string(k) } else { w.null() }
                w.key("frames"); writeEvidence(f.evidence, &w)
                w.endObject()
            }
            w.endArray()
            if c.omittedFindings > 0 { w.key("findings_omitted"); w.number(c.omittedFindings) }
            w.endObject()
        }
        w.endArray()
        w.key("diagnostics"); w.beginArray()
        for d in r.diagnostics {
            w.beginObject(); w.key("severity"); w.string(d.severity.rawValue); w.key("message"); w.string(d.message); w.endObject()
        }
        w.endArray()
        w.key("summary"); w.beginObject()
        w.key("passed"); w.number(r.checks.filter { $0.status == .pass }.count)
        w.key("failed"); w.number(r.checks.filter { $0.status == .fail }.count)
        w.key("not_assessed"); w.number(r.checks.filter { $0.status == .notAssessed }.count)
        w.key("ok"); w.bool(r.requiredChecksPass)
        w.endObject()
        w.endObject()
        w.newline()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func writeEvidence(_ e: [Evidence], _ w: inout JSONWriter) {
        w.beginArray()
        for x in e { w.beginObject(); w.key("file"); w.string(x.file); w.key("frame"); w.number(x.frame); w.endObject() }
        w.endArray()
    }

    static func optionalEvidence(_ e: Evidence?, _ w: inout JSONWriter) {
        if let e { w.beginObject(); w.key("file"); w.string(e.file); w.key("frame"); w.number(e.frame); w.endObject() } else { w.null() }
    }
}
