import Wire

/// Names frames the way the text report does: the file's base name when it is unique in the
/// session, the name as given otherwise, then `#frame`.
public struct FlowFrameNamer: Sendable {
    var unique: Set<String>

    public init(files: [String]) {
        var counts: [String: Int] = [:]
        for f in files { counts[Self.base(f), default: 0] += 1 }
        unique = Set(counts.filter { $0.value == 1 }.keys)
    }

    static func base(_ file: String) -> String { file.split(separator: "/").last.map(String.init) ?? file }

    public func name(_ e: Evidence) -> String {
        let b = Self.base(e.file)
        return "\(unique.contains(b) ? b : e.file)#\(e.frame)"
    }
}

/// `lbtrace flows`: each connection's story as text lines, or as JSON.
public enum FlowStoryRenderer {
    static func ms(_ seconds: Double) -> String { PrintfFormat.string("%.3f ms", seconds * 1000) }

    public static func renderText(_ timelines: [ConnectionTimeline], files: [String]) -> String {
        let names = FlowFrameNamer(files: files)
        var out = ""
        for tl in timelines {
            var head = "\(tl.connection) → \(tl.server?.description ?? "no server")"
            if let e = tl.expectedServer { head += " (expected \(e))" }
            var lat: [String] = []
            if let l = tl.packetInToFlowMod { lat.append("PACKET_IN→FLOW_MOD \(ms(l))") }
            if let l = tl.synToSynAck { lat.append("SYN→SYN-ACK \(ms(l))") }
            if !lat.isEmpty { head += "  [" + lat.joined(separator: ", ") + "]" }
            head += tl.isBad ? "  WRONG" : ""
            out += head + "\n"
            let start = tl.start
            for s in tl.steps {
                let offset = PrintfFormat.string("%+9.3f ms", s.time.interval(since: start) * 1000)
                let frame = s.frame.map(names.name) ?? "-"
                let lanes = s.from == s.to ? "\(s.from)" : "\(s.from) → \(s.to)"
                var line = "  \(offset)  \(pad(frame, 20)) \(pad(lanes, 34)) \(s.text)"
                if let l = s.latency { line += s.kind == .flowMod ? " (\(ms(l)) after its PACKET_IN)" : " (\(ms(l)) after the client's SYN)" }
                out += line + "\n"
                if let p = s.problem { out += "  " + String(repeating: " ", count: 12) + "  ✗ \(p)\n" }
            }
            out += "\n"
        }
        if timelines.isEmpty { out += "no client connection to the service reached the controller\n" }
        return out
    }

    public static func renderJSON(_ timelines: [ConnectionTimeline], files: [String]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for tl in timelines {
            w.beginObject()
            w.key("connection"); w.string(tl.connection)
            w.key("client"); w.string(tl.client)
            w.key("client_port"); w.number(tl.clientPort)
            w.key("server"); if let s = tl.server { w.string(s) } else { w.null() }
            w.key("expected_server"); if let s = tl.expectedServer { w.string(s) } else { w.null() }
            w.key("ok"); w.bool(!tl.isBad)
            w.key("packet_in_to_flow_mod"); if let l = tl.packetInToFlowMod { w.number(l) } else { w.null() }
            w.key("syn_to_syn_ack"); if let l = tl.synToSynAck { w.number(l) } else { w.null() }
            w.key("steps"); w.beginArray()
            for s in tl.steps {
                w.beginObject()
                w.key("kind"); w.string(s.kind.rawValue)
                w.key("direction"); if let d = s.direction { w.string(d.rawValue) } else { w.null() }
                w.key("from"); w.string(s.from.description)
                w.key("to"); w.string(s.to.description)
                w.key("file"); if let f = s.frame { w.string(f.file) } else { w.null() }
                w.key("frame"); if let f = s.frame { w.number(f.frame) } else { w.null() }
                w.key("time"); w.number(s.time.secondsSinceEpoch)
                w.key("offset"); w.number(s.time.interval(since: tl.start))
                w.key("text"); w.string(s.text)
                w.key("problem"); if let p = s.problem { w.string(p) } else { w.null() }
                w.key("latency"); if let l = s.latency { w.number(l) } else { w.null() }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.newline()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
