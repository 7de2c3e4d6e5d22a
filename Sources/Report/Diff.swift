import Model
import OpenFlow
import Replay

/// One thing compared between two sessions, as text on each side.
public struct DiffAspect: Sendable, Equatable {
    /// Groups aspects: "session", "connection 3", "checks".
    public var group: String
    /// What is compared: "server", "forward actions", "round-robin".
    public var name: String
    public var a: String
    public var b: String
    public var differs: Bool { a != b }
    public init(group: String, name: String, a: String, b: String) { self.group = group; self.name = name; self.a = a; self.b = b }
}

/// The decisions and installed flows of two sessions side by side — a known-good run (A) and a run
/// of a changed controller (B).
///
/// Connections are aligned by the order in which clients first reached the controller, not by
/// client address or port: two runs of the same scenario get other ephemeral ports. Per connection
/// index: the server chosen, the first forward FLOW_MOD's actions, match shape (which fields are
/// exact, prefix lengths — not the values, which name the client) and timeouts/priority, and the first
/// reverse FLOW_MOD's actions. Then each check's status.
public struct SessionDiff: Sendable {
    public var aspects: [DiffAspect]
    public var differences: [DiffAspect] { aspects.filter(\.differs) }

    public init(aspects: [DiffAspect]) { self.aspects = aspects }

    public static func compare(_ a: SessionAnalysis, _ b: SessionAnalysis) -> SessionDiff {
        compare(a, LabChecks.evaluate(a), b, LabChecks.evaluate(b))
    }

    public static func compare(_ a: SessionAnalysis, _ ra: CheckReport, _ b: SessionAnalysis, _ rb: CheckReport) -> SessionDiff {
        var out: [DiffAspect] = []
        out.append(DiffAspect(group: "session", name: "connections", a: "\(a.connections.count)", b: "\(b.connections.count)"))
        for i in 0..<max(a.connections.count, b.connections.count) {
            let ca = i < a.connections.count ? a.connections[i] : nil
            let cb = i < b.connections.count ? b.connections[i] : nil
            let group = "connection \(i + 1)"
            func side(_ c: ConnectionTrace?, _ f: (ConnectionTrace) -> String) -> String { c.map(f) ?? "(no such connection)" }
            out.append(DiffAspect(group: group, name: "server", a: side(ca, serverText), b: side(cb, serverText)))
            out.append(DiffAspect(group: group, name: "forward actions", a: side(ca) { actionsText(forward($0)) }, b: side(cb) { actionsText(forward($0)) }))
            out.append(DiffAspect(group: group, name: "forward match", a: side(ca) { matchShape(forward($0)) }, b: side(cb) { matchShape(forward($0)) }))
            out.append(DiffAspect(group: group, name: "forward timeouts", a: side(ca) { timeouts(forward($0)) }, b: side(cb) { timeouts(forward($0)) }))
            out.append(DiffAspect(group: group, name: "reverse actions", a: side(ca) { actionsText(reverse($0)) }, b: side(cb) { actionsText(reverse($0)) }))
        }
        let ids = ra.checks.map(\.id) + rb.checks.map(\.id).filter { id in !ra.checks.contains { $0.id == id } }
        for id in ids {
            let sa = ra.checks.first { $0.id == id }?.status.rawValue ?? "(not run)"
            let sb = rb.checks.first { $0.id == id }?.status.rawValue ?? "(not run)"
            out.append(DiffAspect(group: "checks", name: id, a: sa, b: sb))
        }
        return SessionDiff(aspects: out)
    }

    static func forward(_ c: ConnectionTrace) -> OFFlowMod? { c.forward.lazy.compactMap(\.installed).first }
    static func reverse(_ c: ConnectionTrace) -> OFFlowMod? { c.reverse.lazy.compactMap(\.installed).first }

    static func serverText(_ c: ConnectionTrace) -> String { c.server?.description ?? "none" }

    static func actionsText(_ f: OFFlowMod?) -> String {
        guard let f else { return "no FLOW_MOD" }
        return f.actions.isEmpty ? "no actions (drop)" : f.actions.map(actionText).joined(separator: ", ")
    }

    static func timeouts(_ f: OFFlowMod?) -> String {
        guard let f else { return "no FLOW_MOD" }
        return "idle \(f.idleTimeout) s, hard \(f.hardTimeout) s, priority \(f.priority)"
    }

    /// Which fields the match fixes, without their values: "exact twelve-tuple", or the wildcarded
    /// fields and the IPv4 prefix lengths.
    static func matchShape(_ f: OFFlowMod?) -> String {
        guard let f else { return "no FLOW_MOD" }
        let m = f.match
        typealias W = OFMatch.Wildcards
        let bits: [(UInt32, String)] = [(W.inPort, "in_port"), (W.dlVlan, "dl_vlan"), (W.dlVlanPcp, "dl_vlan_pcp"), (W.dlSrc, "dl_src"),
                                        (W.dlDst, "dl_dst"), (W.dlType, "dl_type"), (W.nwTos, "nw_tos"), (W.nwProto, "nw_proto"),
                                        (W.tpSrc, "tp_src"), (W.tpDst, "tp_dst")]
        let wild = bits.filter { !m.isExact($0.0) }.map(\.1)
        if wild.isEmpty && m.nwSrcPrefixLength == 32 && m.nwDstPrefixLength == 32 { return "exact twelve-tuple" }
        var parts: [String] = []
        if !wild.isEmpty { parts.append("wildcards " + wild.joined(separator: ", ")) }
        parts.append("nw_src/\(m.nwSrcPrefixLength)")
        parts.append("nw_dst/\(m.nwDstPrefixLength)")
        return parts.joined(separator: "; ")
    }
}
