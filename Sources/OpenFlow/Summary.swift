import Wire

// One-line, tshark-like text summaries for `lbtrace decode`. Each is written as UTF-8 into a byte
// buffer (`writeSummary(into:)`), which is what `decode` uses per message; the `summary` Strings
// are that text decoded, for tests and people.

extension OFMatch {
    /// `match{in_port=3,dl_type=0x0800,nw_src=10.0.0.3,...}` with the fields that take part, `match{*}` for none.
    public var summary: String {
        var out = ByteSink()
        writeSummary(into: &out)
        return out.string
    }

    /// Appends `summary` as UTF-8 without building Strings.
    public func writeSummary(into out: inout ByteSink) {
        out.appendText("match{")
        let start = out.count
        /// `name` with the comma before it, except for the first field: one copy, not two. Always
        /// inlined: with the name's length known, the copy folds to a few moves (a call per field
        /// was a twentieth of decoding a FLOW_MOD's line).
        @inline(__always)
        func field(_ name: StaticString, _ out: inout ByteSink) {
            let skip = out.count == start ? 1 : 0   // every name starts with its comma
            out.append(UnsafeRawBufferPointer(start: name.utf8Start + skip, count: name.utf8CodeUnitCount - skip))
        }
        if isExact(Wildcards.inPort) { field(",in_port=", &out); out.appendPort(inPort) }
        if isExact(Wildcards.dlSrc) { field(",dl_src=", &out); out.appendMAC(dlSrc) }
        if isExact(Wildcards.dlDst) { field(",dl_dst=", &out); out.appendMAC(dlDst) }
        if isExact(Wildcards.dlVlan) {
            field(",dl_vlan=", &out)
            if dlVlan == 0xffff { out.appendText("none") } else { out.appendDecimal(dlVlan) }
        }
        if isExact(Wildcards.dlVlanPcp) { field(",dl_vlan_pcp=", &out); out.appendDecimal(dlVlanPcp) }
        if isExact(Wildcards.dlType) { field(",dl_type=", &out); out.appendHexLiteral(dlType, width: 4) }
        if isExact(Wildcards.nwTos) { field(",nw_tos=", &out); out.appendDecimal(nwTos) }
        if isExact(Wildcards.nwProto) { field(",nw_proto=", &out); out.appendDecimal(nwProto) }
        if nwSrcPrefixLength > 0 {
            field(",nw_src=", &out); out.appendIPv4(nwSrc)
            if nwSrcPrefixLength < 32 { out.appendText("/"); out.appendDecimal(nwSrcPrefixLength) }
        }
        if nwDstPrefixLength > 0 {
            field(",nw_dst=", &out); out.appendIPv4(nwDst)
            if nwDstPrefixLength < 32 { out.appendText("/"); out.appendDecimal(nwDstPrefixLength) }
        }
        if isExact(Wildcards.tpSrc) { field(",tp_src=", &out); out.appendDecimal(tpSrc) }
        if isExact(Wildcards.tpDst) { field(",tp_dst=", &out); out.appendDecimal(tpDst) }
        if out.count == start { out.appendText("*") }
        out.appendText("}")
    }
}

extension OFActionElement {
    /// `OUTPUT 1`, `OUTPUT FLOOD`, `SET_DL_DST 00:00:00:00:00:01`, `SET_NW_DST 10.0.0.1`, ...
    public var summary: String {
        var out = ByteSink()
        writeSummary(into: &out)
        return out.string
    }

    /// Appends `summary` as UTF-8 without building Strings.
    public func writeSummary(into out: inout ByteSink) {
        switch self {
        case let .output(p, m):
            out.appendText("OUTPUT "); out.appendPort(p)
            if p == OFPort.controller { out.appendText(" max_len="); out.appendDecimal(m) }
        case let .setVlanVid(v): out.appendText("SET_VLAN_VID "); out.appendDecimal(v)
        case let .setVlanPcp(v): out.appendText("SET_VLAN_PCP "); out.appendDecimal(v)
        case .stripVlan: out.appendText("STRIP_VLAN")
        case let .setDlSrc(a): out.appendText("SET_DL_SRC "); out.appendMAC(a)
        case let .setDlDst(a): out.appendText("SET_DL_DST "); out.appendMAC(a)
        case let .setNwSrc(a): out.appendText("SET_NW_SRC "); out.appendIPv4(a)
        case let .setNwDst(a): out.appendText("SET_NW_DST "); out.appendIPv4(a)
        case let .setNwTos(v): out.appendText("SET_NW_TOS "); out.appendDecimal(v)
        case let .setTpSrc(v): out.appendText("SET_TP_SRC "); out.appendDecimal(v)
        case let .setTpDst(v): out.appendText("SET_TP_DST "); out.appendDecimal(v)
        case let .enqueue(p, q): out.appendText("ENQUEUE "); out.appendPort(p); out.appendText(":"); out.appendDecimal(q)
        case let .vendor(v, b):
            out.appendText("VENDOR "); out.appendHexLiteral(v, width: 8); out.appendText(" len="); out.appendDecimal(b.count)
        case let .unknown(t, b):
            out.appendText("UNKNOWN("); out.appendDecimal(t); out.appendText(") len="); out.appendDecimal(b.count)
        }
    }
}

extension OFActionList {
    /// `actions[SET_DL_DST 00:00:00:00:00:01, OUTPUT 1]`, `actions[]` for a drop.
    public var summary: String {
        var out = ByteSink()
        writeSummary(into: &out)
        return out.string
    }

    /// Appends `summary` as UTF-8 without building Strings.
    public func writeSummary(into out: inout ByteSink) {
        out.appendText("actions[")
        var first = true
        for a in self {
            if !first { out.appendText(", ") }
            first = false
            a.writeSummary(into: &out)
        }
        out.appendText("]")
    }
}

extension OFMessageView {
    /// A one-line summary: type (and its subtype), xid, then the fields that tell messages apart.
    public var summary: String {
        var out = ByteSink()
        writeSummary(into: &out)
        return out.string
    }

    /// Appends `summary` as UTF-8. `lbtrace decode` writes every message this way: building the
    /// line from interpolated Strings made the text output fifteen times slower than decoding.
    /// The common messages build no String; rare ones (names read from the wire) still may.
    public func writeSummary(into out: inout ByteSink) {
        guard let type = header.type else {
            out.appendText("OFPT(version="); out.appendDecimal(header.version)
            out.appendText(",type="); out.appendDecimal(header.rawType)
            out.appendText(") xid="); out.appendDecimal(header.xid)
            out.appendText(" len="); out.appendDecimal(header.length)
            return
        }
        out.appendText(type.nameText)
        /// " xid=N": after the name, or after the subtype the name is followed by.
        func xid(_ out: inout ByteSink) { out.appendText(" xid="); out.appendDecimal(header.xid) }
        /// A spec name when there is one, the number otherwise.
        func named(_ name: String?, _ number: some BinaryInteger, _ out: inout ByteSink) {
            if let name { out.appendText(name) } else { out.appendDecimal(number) }
        }
        func named(_ name: StaticString?, _ number: some BinaryInteger, _ out: inout ByteSink) {
            if let name { out.appendText(name) } else { out.appendDecimal(number) }
        }
        switch body {
        case .hello, .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply, .raw:
            xid(&out)
        case .error(let e):
            xid(&out)
            out.appendText(" type="); named(OFErrorNames.type(e.errorType), e.errorType, &out)
            out.appendText(" code="); named(OFErrorNames.code(type: e.errorType, code: e.code), e.code, &out)
            out.appendText(" data_len="); out.appendDecimal(e.data.count)
        case .echoRequest(let e), .echoReply(let e):
            xid(&out)
            out.appendText(" len="); out.appendDecimal(e.data.count)
        case .vendor(let v):
            xid(&out)
            out.appendText(" vendor="); out.appendHexLiteral(v.vendor, width: 8)
            out.appendText(" len="); out.appendDecimal(v.data.count)
        case .featuresReply(let f):
            xid(&out)
            out.appendText(" dpid="); out.appendHexLiteral(f.datapathId, width: 16)
            out.appendText(" n_buffers="); out.appendDecimal(f.nBuffers)
            out.appendText(" n_tables="); out.appendDecimal(f.nTables)
            out.appendText(" ports=[")
            var first = true
            for p in f.ports {
                if !first { out.appendText(",") }
                first = false
                out.appendPort(p.portNo); out.appendText(":"); out.appendText(p.name)
            }
            out.appendText("]")
        case .getConfigReply(let c), .setConfig(let c):
            xid(&out)
            out.appendText(" flags="); out.appendDecimal(c.flags)
            out.appendText(" miss_send_len="); out.appendDecimal(c.missSendLen)
        case .packetIn(let p):
            xid(&out)
            out.appendText(" buffer="); out.appendBuffer(p.bufferId)
            out.appendText(" in_port="); out.appendPort(p.inPort)
            out.appendText(" reason="); named(OFNames.packetInReasonText(p.reason), p.reason, &out)
            out.appendText(" len="); out.appendDecimal(p.totalLen)
            if p.dataRange.count != Int(p.totalLen) { out.appendText(" captured="); out.appendDecimal(p.dataRange.count) }
        case .flowRemoved(let r):
            out.appendText(" "); named(OFNames.flowRemovedReasonText(r.reason), r.reason, &out)
            xid(&out)
            out.appendText(" "); r.match.writeSummary(into: &out)
            out.appendText(" priority="); out.appendDecimal(r.priority)
            out.appendText(" duration="); out.appendDecimal(r.durationSec)
            out.appendText("s packets="); out.appendDecimal(r.packetCount)
            out.appendText(" bytes="); out.appendDecimal(r.byteCount)
        case .portStatus(let s):
            out.appendText(" "); named(OFNames.portReasonText(s.reason), s.reason, &out)
            xid(&out)
            out.appendText(" port="); out.appendPort(s.desc.portNo)
            out.appendText("("); out.appendText(s.desc.name); out.appendText(")")
            out.appendText(" config="); out.appendHexLiteral(s.desc.config, width: 1)
            out.appendText(" state="); out.appendHexLiteral(s.desc.state, width: 1)
        case .packetOut(let p):
            xid(&out)
            if p.bufferId != ofNoBuffer { out.appendText(" buffer="); out.appendDecimal(p.bufferId) }
            out.appendText(" in_port="); out.appendPort(p.inPort)
            out.appendText(" "); p.actions.writeSummary(into: &out)
            out.appendText(" len="); out.appendDecimal(p.dataRange.count)
        case .flowMod(let f):
            out.appendText(" "); named(OFNames.flowModCommandText(f.command), f.command, &out)
            xid(&out)
            out.appendText(" "); f.match.writeSummary(into: &out)
            out.appendText(" "); f.actions.writeSummary(into: &out)
            if f.idleTimeout != 0 { out.appendText(" idle="); out.appendDecimal(f.idleTimeout) }
            if f.hardTimeout != 0 { out.appendText(" hard="); out.appendDecimal(f.hardTimeout) }
            // OFP_DEFAULT_PRIORITY is not worth a word.
            if f.priority != 0x8000 { out.appendText(" priority="); out.appendDecimal(f.priority) }
            if f.bufferId != ofNoBuffer { out.appendText(" buffer="); out.appendDecimal(f.bufferId) }
            if f.outPort != OFPort.none { out.appendText(" out_port="); out.appendPort(f.outPort) }
            if f.cookie != 0 { out.appendText(" cookie="); out.appendHexLiteral(f.cookie, width: 1) }
            if f.flags != 0 { out.appendText(" flags="); out.appendHexLiteral(f.flags, width: 1) }
        case .portMod(let m):
            xid(&out)
            out.appendText(" port="); out.appendPort(m.portNo)
            out.appendText(" hw_addr="); out.appendMAC(m.hwAddr)
            out.appendText(" config="); out.appendHexLiteral(m.config, width: 1)
            out.appendText(" mask="); out.appendHexLiteral(m.mask, width: 1)
            out.appendText(" advertise="); out.appendHexLiteral(m.advertise, width: 1)
        case .statsRequest(let s):
            out.appendText(" "); named(OFNames.statsTypeText(s.statsType), s.statsType, &out)
            xid(&out)
            if let m = s.match { out.appendText(" "); m.writeSummary(into: &out) }
            if let p = s.portNo { out.appendText(" port="); out.appendPort(p) }
        case .statsReply(let s):
            out.appendText(" "); named(OFNames.statsTypeText(s.statsType), s.statsType, &out)
            xid(&out)
            if s.flags & 1 != 0 { out.appendText(" more") }
            if let d = s.desc {
                // Through String(decoding:) as before: it replaces bytes that are not UTF-8.
                func q(_ key: StaticString, _ b: UnsafeRawBufferPointer, _ out: inout ByteSink) {
                    out.appendText(key); out.appendText("\""); out.appendText(String(decoding: b, as: UTF8.self)); out.appendText("\"")
                }
                q(" mfr=", d.mfrDesc, &out); q(" hw=", d.hwDesc, &out); q(" sw=", d.swDesc, &out)
                q(" serial=", d.serialNum, &out); q(" dp=", d.dpDesc, &out)
            } else if let a = s.aggregate {
                out.appendText(" packets="); out.appendDecimal(a.packetCount)
                out.appendText(" bytes="); out.appendDecimal(a.byteCount)
                out.appendText(" flows="); out.appendDecimal(a.flowCount)
            } else if let f = s.flowStats {
                out.appendText(" flows="); out.appendDecimal(f.reduce(0) { n, _ in n + 1 })
            } else if let t = s.tableStats {
                out.appendText(" tables="); out.appendDecimal(t.count)
            } else if let p = s.portStats {
                out.appendText(" ports="); out.appendDecimal(p.count)
            } else if let q = s.queueStats {
                out.appendText(" queues="); out.appendDecimal(q.count)
            }
        case .queueGetConfigRequest(let q):
            xid(&out)
            out.appendText(" port="); out.appendPort(q.port)
        case .queueGetConfigReply(let q):
            xid(&out)
            out.appendText(" port="); out.appendPort(q.port)
            out.appendText(" queues=[")
            var first = true
            for queue in q.queues {
                if !first { out.appendText(",") }
                first = false
                out.appendDecimal(queue.queueId)
            }
            out.appendText("]")
        }
    }
}

extension ByteSink {
    /// A port: the spec name for special ports (`FLOOD`), the number otherwise.
    mutating func appendPort(_ port: UInt16) {
        if let name = OFPort.nameText(port) { appendText(name) } else { appendDecimal(port) }
    }

    /// `0x` and at least `width` lower-case hex digits.
    mutating func appendHexLiteral<T: FixedWidthInteger>(_ v: T, width: Int) {
        appendText("0x"); appendHex(v, minDigits: width)
    }

    /// A buffer id: `none` for OFP_NO_BUFFER, the number otherwise.
    mutating func appendBuffer(_ id: UInt32) {
        if id == ofNoBuffer { appendText("none") } else { appendDecimal(id) }
    }
}

extension OFMessage {
    /// The same summary as the view's, by way of the wire form.
    public var summary: String {
        emit().withUnsafeBytes { raw in (try? OFMessageView(checking: raw))?.summary ?? "malformed OpenFlow message" }
    }
}
