/// Something that can write the columns of a summary line: a full decode, or the fast path's fields.
public protocol SummaryColumns {
    func writeSummary(_ column: DecodedPacket.SummaryColumn, into out: inout ByteSink)
}

extension DecodedPacket: SummaryColumns {
    /// The columns of a summary line.
    public enum SummaryColumn: Sendable {
        case source, destination, `protocol`, info
    }

    /// A one-line account in the spirit of tshark's summary columns, e.g.
    /// `TCP  49514 → 80 [SYN] Seq=906922559 Win=42340 Len=0` or
    /// `ARP  Who has 10.0.0.1? Tell 10.0.1.1`. Sequence numbers are absolute
    /// (tshark shows relative ones). Allocates: for people and tests; `lbtrace decode` writes the
    /// same text with `writeSummary(_:into:)`.
    public var summary: (source: String, destination: String, protocol: String, info: String) {
        func text(_ column: SummaryColumn) -> String {
            var out = ByteSink()
            writeSummary(column, into: &out)
            return out.string
        }
        return (text(.source), text(.destination), text(.protocol), text(.info))
    }

    /// Appends one column of `summary` as UTF-8, building no String (bar error texts). The text
    /// path of `lbtrace decode` spent most of its time building these columns as Strings.
    ///
    /// Each column is the top-most layer's say: the network addresses over the link's, the
    /// transport's protocol and info over the network's, over the link's.
    public func writeSummary(_ column: SummaryColumn, into out: inout ByteSink) {
        switch column {
        case .source:
            switch network {
            case .ipv4(let ip): out.appendIPv4(ip.source)
            case .ipv6(let ip): out.appendIPv6(ip.source)
            case .arp, .other, nil:
                switch link {
                case .ethernet(let e): out.appendMAC(e.source)
                case .cooked(let c): if let mac = c.sourceMAC { out.appendMAC(mac) }
                case .null, .raw, nil: break
                }
            }
        case .destination:
            switch network {
            case .ipv4(let ip): out.appendIPv4(ip.destination)
            case .ipv6(let ip): out.appendIPv6(ip.destination)
            case .arp, .other, nil:
                // A cooked header names only the sender.
                if case .ethernet(let e) = link { out.appendMAC(e.destination) }
            }
        case .protocol:
            switch transport {
            case .tcp: out.appendText("TCP"); return
            case .udp: out.appendText("UDP"); return
            case .icmp: out.appendText("ICMP"); return
            case .icmpv6: out.appendText("ICMPv6"); return
            case .other, nil: break
            }
            switch network {
            case .arp: out.appendText("ARP"); return
            case .ipv4: out.appendText("IPv4"); return
            case .ipv6: out.appendText("IPv6"); return
            case .other, nil: break
            }
            switch link {
            case .ethernet(let e): out.appendText("0x"); out.appendHex(e.etherType, minDigits: 4)
            case .cooked(let c): out.appendText("0x"); out.appendHex(c.protocolType, minDigits: 4)
            case .null, .raw, nil: break
            }
        case .info:
            let start = out.count
            if transport != nil { writeTransportInfo(into: &out) } else { writeNetworkInfo(into: &out) }
            if let error {
                let empty = out.count == start
                switch error {
                case .truncated:
                    if empty { out.appendText("[Packet size limited during capture: ") } else { out.appendText(" [") }
                case .malformed:
                    if !empty { out.appendText(" ") }
                    out.appendText("[Malformed Packet: ")
                }
                out.appendText(error.description)
                out.appendText("]")
            }
        }
    }

    /// A TCP segment's info column: `49514 → 80 [SYN] Seq=906922559 Win=42340 Len=0`.
    static func writeTCPInfo(sourcePort: UInt16, destinationPort: UInt16, flags: TCPFlags, sequenceNumber: UInt32,
                             acknowledgmentNumber: UInt32, window: UInt16, payloadLength: Int, into out: inout ByteSink) {
        out.appendDecimal(sourcePort); out.appendText(" → "); out.appendDecimal(destinationPort)
        out.appendText(" "); out.appendTCPFlags(flags)
        out.appendText(" Seq="); out.appendDecimal(sequenceNumber)
        if flags.contains(.ack) { out.appendText(" Ack="); out.appendDecimal(acknowledgmentNumber) }
        out.appendText(" Win="); out.appendDecimal(window)
        out.appendText(" Len="); out.appendDecimal(payloadLength)
    }

    private func writeNetworkInfo(into out: inout ByteSink) {
        switch network {
        case .arp(let a):
            switch a.operation {
            case ARPRepr.request where a.senderIP == .any:
                out.appendText("Who has "); out.appendIPv4(a.targetIP); out.appendText("? (ARP Probe)")
            case ARPRepr.request where a.senderIP == a.targetIP:
                out.appendText("ARP Announcement for "); out.appendIPv4(a.targetIP)
            case ARPRepr.request:
                out.appendText("Who has "); out.appendIPv4(a.targetIP); out.appendText("? Tell "); out.appendIPv4(a.senderIP)
            case ARPRepr.reply:
                out.appendIPv4(a.senderIP); out.appendText(" is at "); out.appendMAC(a.senderMAC)
            default:
                out.appendText("opcode "); out.appendDecimal(a.operation)
            }
        case .ipv4(let ip):
            if ip.isFragment {
                out.appendText("Fragmented IP protocol (proto="); out.appendDecimal(ip.protocolNumber)
                out.appendText(", off="); out.appendDecimal(ip.fragmentOffset)
                out.appendText(", ID="); out.appendHex(ip.identification, minDigits: 4); out.appendText(")")
            } else {
                out.appendText("protocol "); out.appendDecimal(ip.protocolNumber)
            }
        case .ipv6(let ip):
            out.appendText("next header "); out.appendDecimal(ip.upperLayer?.protocolNumber ?? ip.nextHeader)
        case .other(let t):
            out.appendText("Ethernet type 0x"); out.appendHex(t, minDigits: 4)
        case nil:
            break
        }
    }

    private func writeTransportInfo(into out: inout ByteSink) {
        switch transport {
        case .tcp(let t):
            Self.writeTCPInfo(sourcePort: t.sourcePort, destinationPort: t.destinationPort, flags: t.flags,
                              sequenceNumber: t.sequenceNumber, acknowledgmentNumber: t.acknowledgmentNumber,
                              window: t.window, payloadLength: t.payloadLength, into: &out)
        case .udp(let u):
            out.appendDecimal(u.sourcePort); out.appendText(" → "); out.appendDecimal(u.destinationPort)
            out.appendText(" Len="); out.appendDecimal(u.payloadLength)
        case .icmp(let c):
            if let name = c.name { out.appendText(name) } else { out.appendText("type "); out.appendDecimal(c.type) }
            if let id = c.echoIdentifier, let seq = c.echoSequence {
                out.appendText(" id=0x"); out.appendHex(id, minDigits: 4)
                out.appendText(", seq="); out.appendDecimal(seq)
            }
            if c.name == nil || !c.isEcho { out.appendText(" code="); out.appendDecimal(c.code) }
        case .icmpv6(let c):
            if let name = c.name {
                out.appendText(name)
            } else {
                out.appendText("type "); out.appendDecimal(c.type); out.appendText(" code "); out.appendDecimal(c.code)
            }
            if let target = c.target { out.appendText(" for "); out.appendIPv6(target) }
        case .other(let p):
            out.appendText("IP protocol "); out.appendDecimal(p)
        case nil:
            break
        }
    }
}

extension IPv4TCPFields: SummaryColumns {
    /// The columns `DecodedPacket.writeSummary` writes for the same frame (which, the fast path
    /// having answered, decodes to IPv4 TCP with no error).
    public func writeSummary(_ column: DecodedPacket.SummaryColumn, into out: inout ByteSink) {
        switch column {
        case .source: out.appendIPv4(source)
        case .destination: out.appendIPv4(destination)
        case .protocol: out.appendText("TCP")
        case .info:
            DecodedPacket.writeTCPInfo(sourcePort: sourcePort, destinationPort: destinationPort, flags: flags,
                                       sequenceNumber: sequenceNumber, acknowledgmentNumber: acknowledgmentNumber,
                                       window: window, payloadLength: payload.count, into: &out)
        }
    }
}
