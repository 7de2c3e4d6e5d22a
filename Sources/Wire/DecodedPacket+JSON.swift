extension DecodedPacket {
    /// Writes the decoded layers as members of the JSON object the caller has begun
    /// (`w.beginObject(); w.key("frame"); ...; packet.writeJSON(into: &w); w.endObject()`).
    ///
    /// Member names follow tshark's field names where natural (`eth.src`, `ip.proto`,
    /// `tcp.srcport`, ...); addresses are text, numbers are JSON numbers, TCP sequence
    /// numbers absolute. Allocates nothing once the writer's buffer has grown.
    public func writeJSON(into w: inout JSONWriter) {
        writeLink(into: &w)
        writeNetwork(into: &w)
        writeTransport(into: &w)
        if payload.count > 0 {
            w.key("payload_offset"); w.number(payload.lowerBound)
            w.key("payload_len"); w.number(payload.count)
        }
        if let error {
            w.key("error"); w.value(error)
        }
    }

    private func writeLink(into w: inout JSONWriter) {
        switch link {
        case .ethernet(let e):
            w.key("eth"); w.beginObject()
            w.key("src"); w.string(e.source)
            w.key("dst"); w.string(e.destination)
            w.key("type"); w.number(e.etherType)
            w.endObject()
            if !e.vlan.isEmpty {
                w.key("vlan"); w.beginArray()
                // Two explicit writes: an array literal here would allocate per packet.
                if let tag = e.vlan.outer { writeTag(tag, into: &w) }
                if let tag = e.vlan.inner { writeTag(tag, into: &w) }
                w.endArray()
            }
        case .cooked(let c):
            w.key("sll"); w.beginObject()
            w.key("version"); w.number(c.version)
            w.key("pkttype"); w.number(c.packetType)
            if let d = c.direction { w.key("direction"); w.string(d.name) }
            w.key("hatype"); w.number(c.arphrdType)
            w.key("halen"); w.number(c.addressLength)
            if let mac = c.sourceMAC { w.key("src"); w.string(mac) }
            if let i = c.interfaceIndex { w.key("ifindex"); w.number(i) }
            w.key("etype"); w.number(c.protocolType)
            w.endObject()
        case .null(let n):
            w.key("null"); w.beginObject()
            w.key("family"); w.number(n.addressFamily)
            w.endObject()
        case .raw, nil:
            break
        }
    }

    private func writeTag(_ tag: VLANTag, into w: inout JSONWriter) {
        w.beginObject()
        w.key("tpid"); w.number(tag.tpid)
        w.key("id"); w.number(tag.vid)
        w.key("priority"); w.number(tag.pcp)
        w.key("dei"); w.bool(tag.dei)
        w.endObject()
    }

    private func writeNetwork(into w: inout JSONWriter) {
        switch network {
        case .arp(let a):
            w.key("arp"); w.beginObject()
            w.key("opcode"); w.number(a.operation)
            w.key("sender_mac"); w.string(a.senderMAC)
            w.key("sender_ip"); w.string(a.senderIP)
            w.key("target_mac"); w.string(a.targetMAC)
            w.key("target_ip"); w.string(a.targetIP)
            w.endObject()
        case .ipv4(let ip):
            w.key("ip"); w.beginObject()
            w.key("src"); w.string(ip.source)
            w.key("dst"); w.string(ip.destination)
            w.key("proto"); w.number(ip.protocolNumber)
            w.key("ttl"); w.number(ip.ttl)
            w.key("len"); w.number(ip.totalLength)
            w.key("id"); w.number(ip.identification)
            w.key("flags"); w.number(ip.flags.rawValue)
            w.key("frag_offset"); w.number(ip.fragmentOffset)
            if let ok = ipChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .ipv6(let ip):
            w.key("ipv6"); w.beginObject()
            w.key("src"); w.string(ip.source)
            w.key("dst"); w.string(ip.destination)
            w.key("next_header"); w.number(ip.nextHeader)
            w.key("hlim"); w.number(ip.hopLimit)
            w.key("plen"); w.number(ip.payloadLength)
            if let u = ip.upperLayer, u.protocolNumber != ip.nextHeader || !u.extensions.isEmpty {
                w.key("upper_proto"); w.number(u.protocolNumber)
            }
            w.endObject()
        case .other(let t):
            w.key("ethertype"); w.number(t)
        case nil:
            break
        }
    }

    private func writeTransport(into w: inout JSONWriter) {
        switch transport {
        case .tcp(let t):
            w.key("tcp"); w.beginObject()
            w.key("srcport"); w.number(t.sourcePort)
            w.key("dstport"); w.number(t.destinationPort)
            w.key("seq"); w.number(t.sequenceNumber)
            w.key("ack"); w.number(t.acknowledgmentNumber)
            w.key("flags"); w.number(t.flags.rawValue)
            w.key("flags_str"); w.string(t.flags)
            w.key("window"); w.number(t.window)
            w.key("len"); w.number(t.payloadLength)
            if let ok = transportChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .udp(let u):
            w.key("udp"); w.beginObject()
            w.key("srcport"); w.number(u.sourcePort)
            w.key("dstport"); w.number(u.destinationPort)
            w.key("length"); w.number(u.payloadLength + UDPDatagram.headerLength)
            if let ok = transportChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .icmp(let c):
            w.key("icmp"); w.beginObject()
            w.key("type"); w.number(c.type)
            w.key("code"); w.number(c.code)
            if let id = c.echoIdentifier, let seq = c.echoSequence {
                w.key("ident"); w.number(id)
                w.key("seq"); w.number(seq)
            }
            if let name = c.name { w.key("name"); w.string(name) }
            w.endObject()
        case .icmpv6(let c):
            w.key("icmpv6"); w.beginObject()
            w.key("type"); w.number(c.type)
            w.key("code"); w.number(c.code)
            if let name = c.name { w.key("name"); w.string(name) }
            if let target = c.target { w.key("nd_target"); w.string(target) }
            w.endObject()
        case .other(let proto):
            w.key("ip_proto"); w.number(proto)
        case nil:
            break
        }
    }
}
