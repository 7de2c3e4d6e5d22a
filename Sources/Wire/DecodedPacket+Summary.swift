extension DecodedPacket {
    /// A one-line account in the spirit of tshark's summary columns, e.g.
    /// `TCP  49514 → 80 [SYN] Seq=906922559 Win=42340 Len=0` or
    /// `ARP  Who has 10.0.0.1? Tell 10.0.1.1`. Sequence numbers are absolute
    /// (tshark shows relative ones). Allocates: for people, not for the hot path.
    public var summary: (source: String, destination: String, protocol: String, info: String) {
        var source = "", destination = "", proto = "", info = ""
        switch link {
        case .ethernet(let e):
            source = e.source.description
            destination = e.destination.description
            proto = "0x" + hex16(e.etherType)
        case .cooked(let c):
            source = c.sourceMAC?.description ?? ""
            proto = "0x" + hex16(c.protocolType)
        case .null, .raw, nil:
            break
        }
        switch network {
        case .arp(let a):
            proto = "ARP"
            switch a.operation {
            case ARPRepr.request where a.senderIP == .any:
                info = "Who has \(a.targetIP)? (ARP Probe)"
            case ARPRepr.request where a.senderIP == a.targetIP:
                info = "ARP Announcement for \(a.targetIP)"
            case ARPRepr.request:
                info = "Who has \(a.targetIP)? Tell \(a.senderIP)"
            case ARPRepr.reply:
                info = "\(a.senderIP) is at \(a.senderMAC)"
            default:
                info = "opcode \(a.operation)"
            }
        case .ipv4(let ip):
            source = ip.source.description
            destination = ip.destination.description
            proto = "IPv4"
            info = "protocol \(ip.protocolNumber)"
            if ip.isFragment {
                info = "Fragmented IP protocol (proto=\(ip.protocolNumber), off=\(ip.fragmentOffset), ID=\(hex16(ip.identification)))"
            }
        case .ipv6(let ip):
            source = ip.source.description
            destination = ip.destination.description
            proto = "IPv6"
            info = "next header \(ip.upperLayer?.protocolNumber ?? ip.nextHeader)"
        case .other(let t):
            info = "Ethernet type 0x\(hex16(t))"
        case nil:
            break
        }
        switch transport {
        case .tcp(let t):
            proto = "TCP"
            info = "\(t.sourcePort) → \(t.destinationPort) \(t.flags) Seq=\(t.sequenceNumber)"
            if t.flags.contains(.ack) { info += " Ack=\(t.acknowledgmentNumber)" }
            info += " Win=\(t.window) Len=\(t.payloadLength)"
        case .udp(let u):
            proto = "UDP"
            info = "\(u.sourcePort) → \(u.destinationPort) Len=\(u.payloadLength)"
        case .icmp(let c):
            proto = "ICMP"
            info = c.name?.description ?? "type \(c.type)"
            if let id = c.echoIdentifier, let seq = c.echoSequence { info += " id=0x\(hex16(id)), seq=\(seq)" }
            if c.name == nil || !c.isEcho { info += " code=\(c.code)" }
        case .icmpv6(let c):
            proto = "ICMPv6"
            info = c.name?.description ?? "type \(c.type) code \(c.code)"
            if let target = c.target { info += " for \(target)" }
        case .other(let p):
            info = "IP protocol \(p)"
        case nil:
            break
        }
        if let error {
            switch error {
            case .truncated: info += info.isEmpty ? "[Packet size limited during capture: \(error)]" : " [\(error)]"
            case .malformed: info += (info.isEmpty ? "" : " ") + "[Malformed Packet: \(error)]"
            }
        }
        return (source, destination, proto, info)
    }
}

private func hex16(_ v: UInt16) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 4 - s.count) + s
}
