import Model
import OpenFlow
import Wire

extension DecodedPacket {
    /// The packet's exact OpenFlow 1.0 twelve-tuple, as a controller builds a match from a packet
    /// (`in_port` set by the caller): dl_vlan 0xffff when untagged; for ARP nw_proto is the
    /// opcode and nw_src/nw_dst the protocol addresses; for ICMP tp_src/tp_dst are type and code.
    /// Nil for frames without an Ethernet-like link layer.
    public func exactMatch(inPort: UInt16) -> OFMatch? {
        var m = OFMatch(wildcards: 0, inPort: inPort)
        switch link {
        case .ethernet(let e):
            m.dlSrc = e.source; m.dlDst = e.destination
            if let tag = e.vlan.outer { m.dlVlan = tag.vid; m.dlVlanPcp = tag.pcp } else { m.dlVlan = 0xffff }
            m.dlType = e.etherType
        default:
            return nil
        }
        switch network {
        case .arp(let a):
            m.nwProto = UInt8(truncatingIfNeeded: a.operation)
            m.nwSrc = a.senderIP; m.nwDst = a.targetIP
        case .ipv4(let ip):
            m.nwTos = ip.tos & 0xfc
            m.nwProto = ip.protocolNumber
            m.nwSrc = ip.source; m.nwDst = ip.destination
            switch transport {
            case .tcp(let t): m.tpSrc = t.sourcePort; m.tpDst = t.destinationPort
            case .udp(let u): m.tpSrc = u.sourcePort; m.tpDst = u.destinationPort
            case .icmp(let i): m.tpSrc = UInt16(i.type); m.tpDst = UInt16(i.code)
            default: break
            }
        default:
            break
        }
        return m
    }
}
