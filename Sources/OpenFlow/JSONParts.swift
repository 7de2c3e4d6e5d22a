import Wire

// JSON pieces shared by the message renderer: match, actions, ports, and text that JSONWriter
// has no call for. Nothing here allocates: names are string literals, text is written straight into
// the writer's buffer (`JSONWriter.rawString`).

extension JSONWriter {
    /// A port number, with `nameKey` beside it when the port is a special one (never instead of it).
    mutating func ofPort(_ key: StaticString, _ nameKey: StaticString, _ port: UInt16) {
        field(key, port)
        if let name = OFPort.nameText(port) { self.key(nameKey); string(name) }
    }

    /// A number with its spec name beside it when it has one.
    mutating func named<T: BinaryInteger>(_ key: StaticString, _ nameKey: StaticString, _ value: T, _ name: String?) {
        field(key, value)
        if let name { self.key(nameKey); string(name) }
    }

    /// The same with a literal name (written without escaping: spec names are plain ASCII).
    mutating func named<T: BinaryInteger>(_ key: StaticString, _ nameKey: StaticString, _ value: T, _ name: StaticString?) {
        field(key, value)
        if let name { self.key(nameKey); string(name) }
    }

    /// A C string field (bytes up to the NUL) as a JSON string: quote, backslash and control bytes
    /// escaped, bytes above 0x7e replaced by '?' since the field need not be valid UTF-8.
    mutating func cString(_ raw: UnsafeRawBufferPointer) {
        rawString { out in
            for b in raw {
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
                case 0x20...0x7e: out.append(b)
                case 0..<0x20:
                    out.appendText("\\u00")
                    out.append(hexDigitByte(b >> 4)); out.append(hexDigitByte(b & 0xf))
                default: out.append(UInt8(ascii: "?"))
                }
            }
        }
    }

    /// A datapath id as "00:00:00:00:00:00:00:01".
    mutating func datapathHex(_ id: UInt64) {
        rawString { out in
            for i in stride(from: 56, through: 0, by: -8) {
                let b = UInt8(truncatingIfNeeded: id >> UInt64(i))
                out.append(hexDigitByte(b >> 4)); out.append(hexDigitByte(b & 0xf))
                if i > 0 { out.append(UInt8(ascii: ":")) }
            }
        }
    }

    /// An IPv4 address as "a.b.c.d/N".
    mutating func prefix(_ ip: IPv4Address, _ length: Int) {
        rawString { out in
            for shift in stride(from: 24, through: 0, by: -8) {
                out.appendDecimal((ip.rawValue >> UInt32(shift)) & 0xff)
                if shift > 0 { out.append(UInt8(ascii: ".")) }
            }
            out.append(UInt8(ascii: "/"))
            out.appendDecimal(length)
        }
    }
}

extension OFMatch {
    /// `{"wildcards": N, ...}` with only the fields that take part in matching.
    /// nw_src/nw_dst: "a.b.c.d" when exact, "a.b.c.d/N" when the CIDR count masks part, absent when all is masked.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.field("wildcards", wildcards)
        if isExact(Wildcards.inPort) { w.ofPort("in_port", "in_port_name", inPort) }
        if isExact(Wildcards.dlSrc) { w.key("dl_src"); w.string(dlSrc) }
        if isExact(Wildcards.dlDst) { w.key("dl_dst"); w.string(dlDst) }
        if isExact(Wildcards.dlVlan) { w.field("dl_vlan", dlVlan) }
        if isExact(Wildcards.dlVlanPcp) { w.field("dl_vlan_pcp", dlVlanPcp) }
        if isExact(Wildcards.dlType) { w.field("dl_type", dlType) }
        if isExact(Wildcards.nwTos) { w.field("nw_tos", nwTos) }
        if isExact(Wildcards.nwProto) { w.field("nw_proto", nwProto) }
        Self.writeAddress(&w, "nw_src", nwSrc, nwSrcPrefixLength)
        Self.writeAddress(&w, "nw_dst", nwDst, nwDstPrefixLength)
        if isExact(Wildcards.tpSrc) { w.field("tp_src", tpSrc) }
        if isExact(Wildcards.tpDst) { w.field("tp_dst", tpDst) }
        w.endObject()
    }

    static func writeAddress(_ w: inout JSONWriter, _ key: StaticString, _ ip: IPv4Address, _ prefix: Int) {
        guard prefix > 0 else { return }
        w.key(key)
        if prefix == 32 { w.string(ip) } else { w.prefix(ip, prefix) }
    }
}

extension OFActionElement {
    /// `{"type": "OUTPUT", "port": 1, "max_len": 0}`: the spec's type name and field names.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.key("type")
        if let t = OFActionType(rawValue: rawType) { w.string(t.nameText) } else { w.string("UNKNOWN") }
        switch self {
        case let .output(p, m): w.ofPort("port", "port_name", p); w.field("max_len", m)
        case let .setVlanVid(v): w.field("vlan_vid", v)
        case let .setVlanPcp(v): w.field("vlan_pcp", v)
        case .stripVlan: break
        case let .setDlSrc(a), let .setDlDst(a): w.key("dl_addr"); w.string(a)
        case let .setNwSrc(a), let .setNwDst(a): w.key("nw_addr"); w.string(a)
        case let .setNwTos(v): w.field("nw_tos", v)
        case let .setTpSrc(v), let .setTpDst(v): w.field("tp_port", v)
        case let .enqueue(p, q): w.ofPort("port", "port_name", p); w.field("queue_id", q)
        case let .vendor(v, body): w.field("vendor", v); w.key("body"); w.hexString(body)
        case let .unknown(t, body): w.field("type_number", t); w.key("body"); w.hexString(body)
        }
        w.endObject()
    }
}

extension OFActionList {
    /// A JSON array of the actions.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginArray()
        for a in self { a.writeJSON(into: &w) }
        w.endArray()
    }
}

extension OFPhyPortView {
    /// `ofp_phy_port` as an object with the spec's field names.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.ofPort("port_no", "port_name", portNo)
        w.key("hw_addr"); w.string(hwAddr)
        w.key("name"); w.cString(nameBytes)
        w.field("config", config)
        w.field("state", state)
        w.field("curr", curr)
        w.field("advertised", advertised)
        w.field("supported", supported)
        w.field("peer", peer)
        w.endObject()
    }
}
