import Capture
import Wire

/// Draws connection timelines as an SVG time-sequence diagram: one lane per client (or one for
/// all clients when there are many), the switch, the controller and each server; one row per
/// step, arrows labelled with their frames. A wrong step is drawn with class `bad` (red, dashed)
/// inside a link to the finding that explains it.
///
/// Every text that comes from a capture goes through `xmlEscape`; the output is well-formed XML.
public struct FlowSequenceDiagram {
    /// Connections drawn: the first `maxConnections`, plus every one with a wrong step.
    public var maxConnections: Int
    /// Steps drawn per connection; the rest are counted.
    public var maxSteps: Int
    /// More distinct clients than this share one "clients" lane.
    public var maxClientLanes: Int

    public init(maxConnections: Int = 30, maxSteps: Int = 40, maxClientLanes: Int = 6) {
        self.maxConnections = maxConnections; self.maxSteps = maxSteps; self.maxClientLanes = maxClientLanes
    }

    /// The timelines the diagram shows, and how many it leaves out.
    public func selection(_ timelines: [ConnectionTimeline]) -> (shown: [(index: Int, timeline: ConnectionTimeline)], omitted: Int) {
        let shown = timelines.enumerated().filter { $0.offset < maxConnections || $0.element.isBad }.map { (index: $0.offset, timeline: $0.element) }
        return (shown, timelines.count - shown.count)
    }

    // Geometry, in pixels.
    static let left = 120.0, laneGap = 150.0, top = 56.0, rowHeight = 26.0, bandHeight = 30.0

    /// - Parameters:
    ///   - servers: the configured servers, so their lanes exist (in order) even when idle.
    ///   - findingFor: the number of the finding that explains a wrong step, if one does.
    public func render(_ timelines: [ConnectionTimeline], servers: [IPv4Address], frameName: (Evidence) -> String,
                       findingFor: (FlowStep, ConnectionTimeline) -> Int?) -> String {
        let (shown, _) = selection(timelines)
        let lanes = laneOrder(shown.map(\.timeline), servers: servers)
        func x(_ lane: FlowLane) -> Double {
            let key = lanes.shared && { if case .client = lane { true } else { false } }() ? FlowLane.client(IPv4Address(rawValue: 0)) : lane
            return Self.left + Double(lanes.order.firstIndex(of: key) ?? 0) * Self.laneGap + Self.laneGap / 2
        }
        var body = ""
        var y = Self.top + 20
        for (index, tl) in shown {
            let start = tl.start
            let bad = tl.isBad
            let head = "\(tl.connection) → \(tl.server?.description ?? "no server")" + (bad ? "  ✗" : "")
            body += "<g id=\"conn-\(index + 1)\" class=\"conn\(bad ? " bad" : "")\">"
            body += "<rect class=\"band\" x=\"4\" y=\"\(y)\" width=\"\(width(lanes.order.count) - 8)\" height=\"\(Self.bandHeight - 6)\" rx=\"4\"/>"
            body += "<text class=\"head\" x=\"12\" y=\"\(y + 17)\">\(xmlEscape(head))</text>"
            body += "</g>\n"
            y += Self.bandHeight
            for s in tl.steps.prefix(maxSteps) {
                y += Self.rowHeight
                let offset = s.time.interval(since: start) * 1000
                body += "<text class=\"t\" x=\"8\" y=\"\(y + 4)\">+\(PrintfFormat.string("%.3f", offset)) ms</text>"
                body += step(s, from: x(s.from), to: x(s.to), y: y, frameName: frameName, finding: s.isBad ? findingFor(s, tl) : nil)
                body += "\n"
            }
            if tl.steps.count > maxSteps {
                y += Self.rowHeight
                body += "<text class=\"more\" x=\"12\" y=\"\(y + 4)\">… \(tl.steps.count - maxSteps) more steps (lbtrace flows --client \(xmlEscape(tl.connection)))</text>\n"
            }
            y += 12
        }
        let height = y + 20
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seq\" width=\"\(fmt(width(lanes.order.count)))\" height=\"\(fmt(height))\" "
        svg += "viewBox=\"0 0 \(fmt(width(lanes.order.count))) \(fmt(height))\" role=\"img\" aria-label=\"time-sequence diagram\">\n"
        svg += "<defs>"
        svg += "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"head-ok\"/></marker>"
        svg += "<marker id=\"arrow-bad\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"head-bad\"/></marker>"
        svg += "</defs>\n"
        for lane in lanes.order {
            let lx = x(lane)
            let name = lanes.shared && { if case .client = lane { true } else { false } }() ? "clients" : lane.description
            svg += "<line class=\"life\" x1=\"\(lx)\" y1=\"\(Self.top - 8)\" x2=\"\(lx)\" y2=\"\(height - 8)\"/>"
            svg += "<rect class=\"lane\" x=\"\(lx - 68)\" y=\"8\" width=\"136\" height=\"\(Self.top - 24)\" rx=\"5\"/>"
            svg += "<text class=\"lane-name\" x=\"\(lx)\" y=\"\(Self.top / 2 + 2)\" text-anchor=\"middle\">\(xmlEscape(name))</text>\n"
        }
        return svg + body + "</svg>\n"
    }

    /// One arrow (or the controller's note) with its label.
    func step(_ s: FlowStep, from x1: Double, to x2: Double, y: Double, frameName: (Evidence) -> String, finding: Int?) -> String {
        let cls = "step \(s.kind.rawValue)\(s.direction == .reverse ? " rev" : "")\(s.isBad ? " bad" : "")"
        var label = Self.shortName(s)
        if let f = s.frame { label += " " + frameName(f) }
        var tip = s.text + (s.frame.map { " [\(frameName($0))]" } ?? "")
        if let p = s.problem { tip += " — wrong: \(p)" }
        var g = "<g class=\"\(cls)\"><title>\(xmlEscape(tip))</title>"
        if x1 == x2 {
            // The decision: a note hanging off the controller's lifeline, to the right where its row is free.
            let w = Double(label.count) * 6.7 + 12
            g += "<rect class=\"note\" x=\"\(x1 + 6)\" y=\"\(y - 11)\" width=\"\(fmt(w))\" height=\"18\" rx=\"3\"/>"
            g += "<text class=\"label\" x=\"\(x1 + 12)\" y=\"\(y + 2)\">\(xmlEscape(label))</text>"
        } else {
            let dir = x2 > x1 ? 1.0 : -1.0
            let a = x1 + dir * 4, b = x2 - dir * 4
            g += "<line class=\"arrow\" x1=\"\(fmt(a))\" y1=\"\(y)\" x2=\"\(fmt(b))\" y2=\"\(y)\" marker-end=\"url(#\(s.isBad ? "arrow-bad" : "arrow"))\"/>"
            g += "<text class=\"label\" x=\"\(fmt((a + b) / 2))\" y=\"\(y - 5)\" text-anchor=\"middle\">\(xmlEscape(label))</text>"
        }
        g += "</g>"
        guard s.isBad else { return g }
        // Linked even without a finding to go to, so every wrong step reads the same; the link then goes to the checks.
        return "<a href=\"#\(finding.map { "finding-\($0)" } ?? "checks")\">\(g)</a>"
    }

    static func shortName(_ s: FlowStep) -> String {
        let rev = s.direction == .reverse ? "rev " : ""
        switch s.kind {
        case .clientSYN: return "SYN"
        case .packetIn: return rev + "PACKET_IN"
        case .decision:
            // The flow-memory note's timing stays in the tooltip: the note must fit beside the controller.
            if s.text.hasPrefix("from flow memory"), let cut = s.text.firstRange(of: " (") { return String(s.text[..<cut.lowerBound]) }
            return s.text
        case .flowMod: return rev + "FLOW_MOD"
        case .packetOut: return rev + "PACKET_OUT"
        case .synToServer: return "SYN"
        case .serverSynAck: return "SYN-ACK"
        case .synAckToClient: return s.isBad ? "SYN-ACK (server addr)" : "SYN-ACK"
        case .clientRST: return "RST"
        }
    }

    /// Lanes left to right: clients, switch, controller, servers.
    func laneOrder(_ timelines: [ConnectionTimeline], servers: [IPv4Address]) -> (order: [FlowLane], shared: Bool) {
        var clients: [IPv4Address] = []
        var serverLanes = servers
        for tl in timelines {
            if !clients.contains(tl.client) { clients.append(tl.client) }
            for s in tl.steps {
                for lane in [s.from, s.to] { if case .server(let ip) = lane, !serverLanes.contains(ip) { serverLanes.append(ip) } }
            }
        }
        let shared = clients.count > maxClientLanes
        let clientLanes = shared ? [FlowLane.client(IPv4Address(rawValue: 0))] : clients.map(FlowLane.client)
        return (clientLanes + [.datapath, .controller] + serverLanes.map(FlowLane.server), shared)
    }

    func width(_ lanes: Int) -> Double { Self.left + Double(lanes) * Self.laneGap + 20 }

    func fmt(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
