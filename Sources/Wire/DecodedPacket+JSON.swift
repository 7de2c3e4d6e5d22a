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
            w.field("payload_offset", payload.lowerBound)
            w.field("payload_len", payload.count)
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
            w.field("type", e.etherType)
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
            w.field("version", c.version)
            w.field("pkttype", c.packetType)
            if let d = c.direction { w.key("direction"); w.string(d.name) }
            w.field("hatype", c.arphrdType)
            w.field("halen", c.addressLength)
            if let mac = c.sourceMAC { w.key("src"); w.string(mac) }
            if let i = c.interfaceIndex { w.field("ifindex", i) }
            w.field("etype", c.protocolType)
            w.endObject()
        case .null(let n):
            w.key("null"); w.beginObject()
            w.field("family", n.addressFamily)
            w.endObject()
        case .raw, nil:
            break
        }
    }

    private func writeTag(_ tag: VLANTag, into w: inout JSONWriter) {
        w.beginObject()
        w.field("tpid", tag.tpid)
        w.field("id", tag.vid)
        w.field("priority", tag.pcp)
        w.key("dei"); w.bool(tag.dei)
        w.endObject()
    }

    private func writeNetwork(into w: inout JSONWriter) {
        switch network {
        case .arp(let a):
            w.key("arp"); w.beginObject()
            w.field("opcode", a.operation)
            w.key("sender_mac"); w.string(a.senderMAC)
            w.key("sender_ip"); w.string(a.senderIP)
            w.key("target_mac"); w.string(a.targetMAC)
            w.key("target_ip"); w.string(a.targetIP)
            w.endObject()
        case .ipv4(let ip):
            w.key("ip"); w.beginObject()
            w.key("src"); w.string(ip.source)
            w.key("dst"); w.string(ip.destination)
            w.field("proto", ip.protocolNumber)
            w.field("ttl", ip.ttl)
            w.field("len", ip.totalLength)
            w.field("id", ip.identification)
            w.field("flags", ip.flags.rawValue)
            w.field("frag_offset", ip.fragmentOffset)
            if let ok = ipChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .ipv6(let ip):
            w.key("ipv6"); w.beginObject()
            w.key("src"); w.string(ip.source)
            w.key("dst"); w.string(ip.destination)
            w.field("next_header", ip.nextHeader)
            w.field("hlim", ip.hopLimit)
            w.field("plen", ip.payloadLength)
            if let u = ip.upperLayer, u.protocolNumber != ip.nextHeader || !u.extensions.isEmpty {
                w.field("upper_proto", u.protocolNumber)
            }
            w.endObject()
        case .other(let t):
            w.field("ethertype", t)
        case nil:
            break
        }
    }

    private func writeTransport(into w: inout JSONWriter) {
        switch transport {
        case .tcp(let t):
            w.key("tcp"); w.beginObject()
            w.field("srcport", t.sourcePort)
            w.field("dstport", t.destinationPort)
            w.field("seq", t.sequenceNumber)
            w.field("ack", t.acknowledgmentNumber)
            w.field("flags", t.flags.rawValue)
            w.key("flags_str"); w.string(t.flags)
            w.field("window", t.window)
            w.field("len", t.payloadLength)
            if let ok = transportChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .udp(let u):
            w.key("udp"); w.beginObject()
            w.field("srcport", u.sourcePort)
            w.field("dstport", u.destinationPort)
            w.field("length", u.payloadLength + UDPDatagram.headerLength)
            if let ok = transportChecksumValid { w.key("checksum_ok"); w.bool(ok) }
            w.endObject()
        case .icmp(let c):
            w.key("icmp"); w.beginObject()
            w.field("type", c.type)
            w.field("code", c.code)
            if let id = c.echoIdentifier, let seq = c.echoSequence {
                w.field("ident", id)
                w.field("seq", seq)
            }
            if let name = c.name { w.key("name"); w.string(name) }
            w.endObject()
        case .icmpv6(let c):
            w.key("icmpv6"); w.beginObject()
            w.field("type", c.type)
            w.field("code", c.code)
            if let name = c.name { w.key("name"); w.string(name) }
            if let target = c.target { w.key("nd_target"); w.string(target) }
            w.endObject()
        case .other(let proto):
            w.field("ip_proto", proto)
        case nil:
            break
        }
    }
}
