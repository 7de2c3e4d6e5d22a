import OpenFlow
import Wire

/// A copy of a packet leaving the switch: the port and the headers as they
/// were when the OUTPUT ran.
public struct Egress: Hashable, Sendable {
    /// The port named by the action; special ports (IN_PORT, FLOOD, ALL,
    /// CONTROLLER, ...) are kept as their OFPP_ numbers, not expanded.
    public var port: UInt16
    public var packet: OFMatch
}

extension FlowTable {
    /// Runs an OpenFlow 1.0 action list on a packet that entered on `inPort`.
    /// Actions run in order, so a rewrite changes only the copies output after
    /// it. ENQUEUE counts as output to its port; vendor and unknown actions are
    /// skipped. Returns each copy sent and the headers after the last action.
    public static func applyActions(_ actions: [OFAction], to packet: OFMatch, inPort: UInt16)
        -> (outputs: [Egress], packet: OFMatch) {
        var p = packet
        p.inPort = inPort
        var out: [Egress] = []
        for a in actions {
            switch a {
            case .output(let port, _), .enqueue(let port, _): out.append(Egress(port: port, packet: p))
            case .setVlanVid(let v): p.dlVlan = v & 0x0fff
            case .setVlanPcp(let v): p.dlVlanPcp = v & 0x07
            case .stripVlan: p.dlVlan = 0xffff; p.dlVlanPcp = 0
            case .setDlSrc(let m): p.dlSrc = m
            case .setDlDst(let m): p.dlDst = m
            case .setNwSrc(let ip): p.nwSrc = ip
            case .setNwDst(let ip): p.nwDst = ip
            case .setNwTos(let t): p.nwTos = t & 0xfc   // the DSCP bits; ECN is left alone
            case .setTpSrc(let port): p.tpSrc = port
            case .setTpDst(let port): p.tpDst = port
            case .vendor, .unknown: break
            }
        }
        return (out, p)
    }
}
