import Wire

// One-line, tshark-like text summaries for `lbtrace decode`. These build Strings (they allocate);
// the per-packet path that must not allocate is `writeJSON`.

extension OFMatch {
    /// `match{in_port=3,dl_type=0x0800,nw_src=10.0.0.3,...}` with the fields that take part, `match{*}` for none.
    public var summary: String {
        var parts: [String] = []
        if isExact(Wildcards.inPort) { parts.append("in_port=\(portText(inPort))") }
        if isExact(Wildcards.dlSrc) { parts.append("dl_src=\(dlSrc)") }
        if isExact(Wildcards.dlDst) { parts.append("dl_dst=\(dlDst)") }
        if isExact(Wildcards.dlVlan) { parts.append("dl_vlan=\(dlVlan == 0xffff ? "none" : String(dlVlan))") }
        if isExact(Wildcards.dlVlanPcp) { parts.append("dl_vlan_pcp=\(dlVlanPcp)") }
        if isExact(Wildcards.dlType) { parts.append("dl_type=\(hex(dlType, width: 4))") }
        if isExact(Wildcards.nwTos) { parts.append("nw_tos=\(nwTos)") }
        if isExact(Wildcards.nwProto) { parts.append("nw_proto=\(nwProto)") }
        if nwSrcPrefixLength > 0 { parts.append("nw_src=\(nwSrc)" + (nwSrcPrefixLength < 32 ? "/\(nwSrcPrefixLength)" : "")) }
        if nwDstPrefixLength > 0 { parts.append("nw_dst=\(nwDst)" + (nwDstPrefixLength < 32 ? "/\(nwDstPrefixLength)" : "")) }
        if isExact(Wildcards.tpSrc) { parts.append("tp_src=\(tpSrc)") }
        if isExact(Wildcards.tpDst) { parts.append("tp_dst=\(tpDst)") }
        return "match{" + (parts.isEmpty ? "*" : parts.joined(separator: ",")) + "}"
    }
}

/// A port as text: the spec name for special ports, the number otherwise.
func portText(_ port: UInt16) -> String { OFPort.name(port) ?? String(port) }

func hex<T: BinaryInteger>(_ v: T, width: Int) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension OFActionElement {
    /// `OUTPUT 1`, `OUTPUT FLOOD`, `SET_DL_DST 00:00:00:00:00:01`, `SET_NW_DST 10.0.0.1`, ...
    public var summary: String {
        switch self {
        case let .output(p, m): "OUTPUT \(portText(p))" + (p == OFPort.controller ? " max_len=\(m)" : "")
        case let .setVlanVid(v): "SET_VLAN_VID \(v)"
        case let .setVlanPcp(v): "SET_VLAN_PCP \(v)"
        case .stripVlan: "STRIP_VLAN"
        case let .setDlSrc(a): "SET_DL_SRC \(a)"
        case let .setDlDst(a): "SET_DL_DST \(a)"
        case let .setNwSrc(a): "SET_NW_SRC \(a)"
        case let .setNwDst(a): "SET_NW_DST \(a)"
        case let .setNwTos(v): "SET_NW_TOS \(v)"
        case let .setTpSrc(v): "SET_TP_SRC \(v)"
        case let .setTpDst(v): "SET_TP_DST \(v)"
        case let .enqueue(p, q): "ENQUEUE \(portText(p)):\(q)"
        case let .vendor(v, b): "VENDOR \(hex(v, width: 8)) len=\(b.count)"
        case let .unknown(t, b): "UNKNOWN(\(t)) len=\(b.count)"
        }
    }
}

extension OFActionList {
    /// `actions[SET_DL_DST 00:00:00:00:00:01, OUTPUT 1]`, `actions[]` for a drop.
    public var summary: String { "actions[" + map(\.summary).joined(separator: ", ") + "]" }
}

extension OFMessageView {
    /// A one-line summary: type (and its subtype), xid, then the fields that tell messages apart.
    public var summary: String {
        let xid = "xid=\(header.xid)"
        guard let type = header.type else {
            return "OFPT(version=\(header.version),type=\(header.rawType)) \(xid) len=\(header.length)"
        }
        let name = type.name
        switch body {
        case .hello, .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply, .raw:
            return "\(name) \(xid)"
        case .error(let e):
            let t = OFErrorNames.type(e.errorType) ?? String(e.errorType)
            let c = OFErrorNames.code(type: e.errorType, code: e.code) ?? String(e.code)
            return "\(name) \(xid) type=\(t) code=\(c) data_len=\(e.data.count)"
        case .echoRequest(let e), .echoReply(let e):
            return "\(name) \(xid) len=\(e.data.count)"
        case .vendor(let v):
            return "\(name) \(xid) vendor=\(hex(v.vendor, width: 8)) len=\(v.data.count)"
        case .featuresReply(let f):
            return "\(name) \(xid) dpid=\(hex(f.datapathId, width: 16)) n_buffers=\(f.nBuffers) n_tables=\(f.nTables) "
                + "ports=[" + f.ports.map { "\(portText($0.portNo)):\($0.name)" }.joined(separator: ",") + "]"
        case .getConfigReply(let c), .setConfig(let c):
            return "\(name) \(xid) flags=\(c.flags) miss_send_len=\(c.missSendLen)"
        case .packetIn(let p):
            let reason = OFNames.packetInReason(p.reason) ?? String(p.reason)
            var s = "\(name) \(xid) buffer=\(bufferText(p.bufferId)) in_port=\(portText(p.inPort)) reason=\(reason) len=\(p.totalLen)"
            if p.dataRange.count != Int(p.totalLen) { s += " captured=\(p.dataRange.count)" }
            return s
        case .flowRemoved(let r):
            let reason = OFNames.flowRemovedReason(r.reason) ?? String(r.reason)
            return "\(name) \(reason) \(xid) \(r.match.summary) priority=\(r.priority) duration=\(r.durationSec)s "
                + "packets=\(r.packetCount) bytes=\(r.byteCount)"
        case .portStatus(let s):
            let reason = OFNames.portReason(s.reason) ?? String(s.reason)
            return "\(name) \(reason) \(xid) port=\(portText(s.desc.portNo))(\(s.desc.name)) config=\(hex(s.desc.config, width: 1)) "
                + "state=\(hex(s.desc.state, width: 1))"
        case .packetOut(let p):
            var s = "\(name) \(xid)"
            if p.bufferId != ofNoBuffer { s += " buffer=\(p.bufferId)" }
            return s + " in_port=\(portText(p.inPort)) \(p.actions.summary) len=\(p.dataRange.count)"
        case .flowMod(let f):
            let command = OFNames.flowModCommand(f.command) ?? String(f.command)
            var s = "\(name) \(command) \(xid) \(f.match.summary) \(f.actions.summary)"
            if f.idleTimeout != 0 { s += " idle=\(f.idleTimeout)" }
            if f.hardTimeout != 0 { s += " hard=\(f.hardTimeout)" }
            if f.priority != 0x8000 { s += " priority=\(f.priority)" }   // OFP_DEFAULT_PRIORITY is not worth a word
            if f.bufferId != ofNoBuffer { s += " buffer=\(f.bufferId)" }
            if f.outPort != OFPort.none { s += " out_port=\(portText(f.outPort))" }
            if f.cookie != 0 { s += " cookie=\(hex(f.cookie, width: 1))" }
            if f.flags != 0 { s += " flags=\(hex(f.flags, width: 1))" }
            return s
        case .portMod(let m):
            return "\(name) \(xid) port=\(portText(m.portNo)) hw_addr=\(m.hwAddr) config=\(hex(m.config, width: 1)) "
                + "mask=\(hex(m.mask, width: 1)) advertise=\(hex(m.advertise, width: 1))"
        case .statsRequest(let s):
            return "\(name) \(OFNames.statsType(s.statsType) ?? String(s.statsType)) \(xid)"
                + (s.match.map { " " + $0.summary } ?? "") + (s.portNo.map { " port=\(portText($0))" } ?? "")
        case .statsReply(let s):
            var text = "\(name) \(OFNames.statsType(s.statsType) ?? String(s.statsType)) \(xid)"
            if s.flags & 1 != 0 { text += " more" }
            if let d = s.desc {
                func q(_ b: UnsafeRawBufferPointer) -> String { "\"" + String(decoding: b, as: UTF8.self) + "\"" }
                text += " mfr=\(q(d.mfrDesc)) hw=\(q(d.hwDesc)) sw=\(q(d.swDesc)) serial=\(q(d.serialNum)) dp=\(q(d.dpDesc))"
            } else if let a = s.aggregate {
                text += " packets=\(a.packetCount) bytes=\(a.byteCount) flows=\(a.flowCount)"
            } else if let f = s.flowStats {
                text += " flows=\(f.reduce(0) { n, _ in n + 1 })"
            } else if let t = s.tableStats {
                text += " tables=\(t.count)"
            } else if let p = s.portStats {
                text += " ports=\(p.count)"
            } else if let q = s.queueStats {
                text += " queues=\(q.count)"
            }
            return text
        case .queueGetConfigRequest(let q):
            return "\(name) \(xid) port=\(portText(q.port))"
        case .queueGetConfigReply(let q):
            return "\(name) \(xid) port=\(portText(q.port)) queues=[" + q.queues.map { String($0.queueId) }.joined(separator: ",") + "]"
        }
    }
}

/// `none` for OFP_NO_BUFFER, the number otherwise.
func bufferText(_ id: UInt32) -> String { id == ofNoBuffer ? "none" : String(id) }

extension OFMessage {
    /// The same summary as the view's, by way of the wire form.
    public var summary: String {
        emit().withUnsafeBytes { raw in (try? OFMessageView(checking: raw))?.summary ?? "malformed OpenFlow message" }
    }
}
