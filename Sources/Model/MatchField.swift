import OpenFlow
import Wire

/// A field of the OpenFlow 1.0 twelve-tuple, named as the spec names it.
public enum MatchField: String, CaseIterable, Hashable, Sendable {
    case inPort = "in_port"
    case dlSrc = "dl_src"
    case dlDst = "dl_dst"
    case dlVlan = "dl_vlan"
    case dlVlanPcp = "dl_vlan_pcp"
    case dlType = "dl_type"
    case nwTos = "nw_tos"
    case nwProto = "nw_proto"
    case nwSrc = "nw_src"
    case nwDst = "nw_dst"
    case tpSrc = "tp_src"
    case tpDst = "tp_dst"

    /// The field's `OFPFW_*` bit; nil for nw_src/nw_dst, which have a CIDR count instead.
    var wildcardBit: UInt32? {
        typealias W = OFMatch.Wildcards
        switch self {
        case .inPort: return W.inPort
        case .dlSrc: return W.dlSrc
        case .dlDst: return W.dlDst
        case .dlVlan: return W.dlVlan
        case .dlVlanPcp: return W.dlVlanPcp
        case .dlType: return W.dlType
        case .nwTos: return W.nwTos
        case .nwProto: return W.nwProto
        case .tpSrc: return W.tpSrc
        case .tpDst: return W.tpDst
        case .nwSrc, .nwDst: return nil
        }
    }

    /// How many leading bits take part in matching: 0 (wildcarded) or the full
    /// width for plain fields, the prefix length (0...32) for nw_src/nw_dst.
    func matchedBits(in m: OFMatch) -> Int {
        switch self {
        case .nwSrc: return m.nwSrcPrefixLength
        case .nwDst: return m.nwDstPrefixLength
        default: return m.isExact(wildcardBit!) ? 1 : 0
        }
    }

    /// Whether the field is matched in full.
    func isExact(in m: OFMatch) -> Bool {
        switch self {
        case .nwSrc, .nwDst: return matchedBits(in: m) == 32
        default: return matchedBits(in: m) == 1
        }
    }

    /// The field's value, ignoring wildcards. For nw_tos, the DSCP bits only: OpenFlow 1.0 matches
    /// "IP ToS (actually DSCP field, 6 bits)", the switch ignores the ECN bits, and POX copies the
    /// whole ToS byte of the packet into the FLOW_MOD it answers with — a packet with ECN bits set
    /// must still pair with that FLOW_MOD and match it.
    func value(in m: OFMatch) -> UInt64 {
        switch self {
        case .inPort: UInt64(m.inPort)
        case .dlSrc: m.dlSrc.rawValue
        case .dlDst: m.dlDst.rawValue
        case .dlVlan: UInt64(m.dlVlan)
        case .dlVlanPcp: UInt64(m.dlVlanPcp)
        case .dlType: UInt64(m.dlType)
        case .nwTos: UInt64(m.nwTos & 0xfc)
        case .nwProto: UInt64(m.nwProto)
        case .nwSrc: UInt64(m.nwSrc.rawValue)
        case .nwDst: UInt64(m.nwDst.rawValue)
        case .tpSrc: UInt64(m.tpSrc)
        case .tpDst: UInt64(m.tpDst)
        }
    }

    /// The field's value as tcpdump prints it (`00:00:00:00:00:03`, `10.0.0.3/32`, `0x0800`, `NONE`),
    /// or `*` when wildcarded.
    public func text(in m: OFMatch) -> String {
        let bits = matchedBits(in: m)
        if bits == 0 { return "*" }
        switch self {
        case .inPort: return OFPort.name(m.inPort) ?? String(m.inPort)
        case .dlSrc: return m.dlSrc.description
        case .dlDst: return m.dlDst.description
        case .dlVlan: return m.dlVlan == 0xffff ? "NONE" : String(m.dlVlan)
        case .dlType: return "0x" + hex(UInt64(m.dlType), digits: 4)
        case .nwTos: return "0x" + hex(UInt64(m.nwTos), digits: 2)
        case .nwSrc: return bits == 32 ? m.nwSrc.description : "\(m.nwSrc)/\(bits)"
        case .nwDst: return bits == 32 ? m.nwDst.description : "\(m.nwDst)/\(bits)"
        default: return String(value(in: m))
        }
    }
}

func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
}

/// What an action sets (or does), so that actions of one kind can be paired.
enum ActionSlot: Hashable {
    case output, setVlanVid, setVlanPcp, stripVlan, setDlSrc, setDlDst, setNwSrc, setNwDst, setNwTos, setTpSrc, setTpDst
    case enqueue, vendor, unknown

    init(_ a: OFAction) {
        switch a {
        case .output: self = .output
        case .setVlanVid: self = .setVlanVid
        case .setVlanPcp: self = .setVlanPcp
        case .stripVlan: self = .stripVlan
        case .setDlSrc: self = .setDlSrc
        case .setDlDst: self = .setDlDst
        case .setNwSrc: self = .setNwSrc
        case .setNwDst: self = .setNwDst
        case .setNwTos: self = .setNwTos
        case .setTpSrc: self = .setTpSrc
        case .setTpDst: self = .setTpDst
        case .enqueue: self = .enqueue
        case .vendor: self = .vendor
        case .unknown: self = .unknown
        }
    }

    /// Whether the action changes the packet (as opposed to sending it somewhere).
    var isRewrite: Bool {
        switch self {
        case .output, .enqueue, .vendor, .unknown: false
        default: true
        }
    }
}

/// An action as a student reads it in tcpdump's output: `SET_NW_SRC 10.0.1.1`, `OUTPUT 3`.
public func actionText(_ a: OFAction) -> String {
    switch a {
    case .output(let port, _): "OUTPUT \(OFPort.name(port) ?? String(port))"
    case .setVlanVid(let v): "SET_VLAN_VID \(v)"
    case .setVlanPcp(let v): "SET_VLAN_PCP \(v)"
    case .stripVlan: "STRIP_VLAN"
    case .setDlSrc(let m): "SET_DL_SRC \(m)"
    case .setDlDst(let m): "SET_DL_DST \(m)"
    case .setNwSrc(let a): "SET_NW_SRC \(a)"
    case .setNwDst(let a): "SET_NW_DST \(a)"
    case .setNwTos(let t): "SET_NW_TOS 0x\(hex(UInt64(t), digits: 2))"
    case .setTpSrc(let p): "SET_TP_SRC \(p)"
    case .setTpDst(let p): "SET_TP_DST \(p)"
    case .enqueue(let port, let q): "ENQUEUE \(OFPort.name(port) ?? String(port)) queue \(q)"
    case .vendor(let v, _): "VENDOR 0x\(hex(UInt64(v), digits: 8))"
    case .unknown(let t, _): "action type \(t)"
    }
}
