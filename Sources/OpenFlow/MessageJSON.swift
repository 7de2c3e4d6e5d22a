import Wire

extension OFMessageView {
    /// Writes the message as one JSON object without allocating (beyond the writer's buffer growing).
    ///
    /// Keys: `version`, `type` (spec name without OFPT_, "UNKNOWN" with `type_number` for others), `xid`,
    /// `length`, then the body's fields named as in the 1.0 spec structs. ERROR and STATS bodies sit in
    /// nested `error` / `stats` objects because their own `type` field would clash with the message's.
    ///
    /// - Parameter direction: written as `direction` after `xid` when given (`to_controller`, `to_switch`).
    /// - Parameter data: called inside the object for PACKET_IN/PACKET_OUT with the carried packet,
    ///   so the caller can write its decoded `data` member (a `data_len` number is always written).
    public func writeJSON(into w: inout JSONWriter, direction: StaticString? = nil,
                          data: (inout JSONWriter, UnsafeRawBufferPointer) -> Void = { _, _ in }) {
        w.beginObject()
        w.field("version", header.version)
        w.key("type")
        if let t = header.type { w.string(t.nameText) } else { w.string("UNKNOWN"); w.field("type_number", header.rawType) }
        w.field("xid", header.xid)
        if let direction { w.key("direction"); w.string(direction) }
        w.field("length", header.length)
        switch body {
        case .hello, .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply: break
        case .error(let e):
            w.key("error"); w.beginObject()
            w.named("type", "type_name", e.errorType, OFErrorNames.type(e.errorType))
            w.named("code", "code_name", e.code, OFErrorNames.code(type: e.errorType, code: e.code))
            w.key("data"); w.hexString(e.data)
            w.endObject()
        case .echoRequest(let e), .echoReply(let e): w.key("data"); w.hexString(e.data)
        case .vendor(let v): w.field("vendor", v.vendor); w.key("data"); w.hexString(v.data)
        case .featuresReply(let f):
            w.field("datapath_id", f.datapathId)
            w.key("datapath_id_hex"); w.datapathHex(f.datapathId)
            w.field("n_buffers", f.nBuffers)
            w.field("n_tables", f.nTables)
            w.field("capabilities", f.capabilities)
            w.field("actions", f.actions)
            w.key("ports"); w.beginArray()
            for p in f.ports { p.writeJSON(into: &w) }
            w.endArray()
        case .getConfigReply(let c), .setConfig(let c):
            w.field("flags", c.flags)
            w.field("miss_send_len", c.missSendLen)
        case .packetIn(let p):
            w.field("buffer_id", p.bufferId)
            w.field("total_len", p.totalLen)
            w.ofPort("in_port", "in_port_name", p.inPort)
            w.named("reason", "reason_name", p.reason, OFNames.packetInReasonText(p.reason))
            w.field("data_len", p.dataRange.count)
            data(&w, p.data)
        case .flowRemoved(let r):
            w.key("match"); r.match.writeJSON(into: &w)
            w.field("cookie", r.cookie)
            w.field("priority", r.priority)
            w.named("reason", "reason_name", r.reason, OFNames.flowRemovedReasonText(r.reason))
            w.field("duration_sec", r.durationSec)
            w.field("duration_nsec", r.durationNsec)
            w.field("idle_timeout", r.idleTimeout)
            w.field("packet_count", r.packetCount)
            w.field("byte_count", r.byteCount)
        case .portStatus(let s):
            w.named("reason", "reason_name", s.reason, OFNames.portReasonText(s.reason))
            w.key("desc"); s.desc.writeJSON(into: &w)
        case .packetOut(let p):
            w.field("buffer_id", p.bufferId)
            w.ofPort("in_port", "in_port_name", p.inPort)
            w.field("actions_len", p.actionsLen)
            w.key("actions"); p.actions.writeJSON(into: &w)
            w.field("data_len", p.dataRange.count)
            data(&w, p.data)
        case .flowMod(let f):
            w.key("match"); f.match.writeJSON(into: &w)
            w.field("cookie", f.cookie)
            w.named("command", "command_name", f.command, OFNames.flowModCommandText(f.command))
            w.field("idle_timeout", f.idleTimeout)
            w.field("hard_timeout", f.hardTimeout)
            w.field("priority", f.priority)
            w.field("buffer_id", f.bufferId)
            w.ofPort("out_port", "out_port_name", f.outPort)
            w.field("flags", f.flags)
            w.key("actions"); f.actions.writeJSON(into: &w)
        case .portMod(let m):
            w.ofPort("port_no", "port_name", m.portNo)
            w.key("hw_addr"); w.string(m.hwAddr)
            w.field("config", m.config)
            w.field("mask", m.mask)
            w.field("advertise", m.advertise)
        case .statsRequest(let s):
            w.key("stats"); s.writeJSON(into: &w)
        case .statsReply(let s):
            w.key("stats"); s.writeJSON(into: &w)
        case .queueGetConfigRequest(let q): w.ofPort("port", "port_name", q.port)
        case .queueGetConfigReply(let q):
            w.ofPort("port", "port_name", q.port)
            w.key("queues"); w.beginArray()
            for queue in q.queues {
                w.beginObject()
                w.field("queue_id", queue.queueId)
                w.key("properties"); w.beginArray()
                var p = OFPacketQueueView.fixedSize
                while p < queue.bytes.count {   // read in place: the iterator copies unknown bodies
                    let type = queue.bytes.u16(p), len = Int(queue.bytes.u16(p + 2))
                    w.beginObject()
                    w.named("property", "property_name", type, type == 1 ? "MIN_RATE" : type == 0 ? "NONE" : nil)
                    if type == OFQueueProperty.minRateType { w.field("rate", queue.bytes.u16(p + 8)) }
                    w.endObject()
                    p += len
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
        case .raw(let b): w.key("body"); w.hexString(b)
        }
        w.endObject()
    }
}

extension OFStatsRequestView {
    /// `{"type": 1, "type_name": "FLOW", "flags": 0, "body": {...}}`.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.named("type", "type_name", statsType, OFNames.statsTypeText(statsType))
        w.field("flags", flags)
        w.key("body"); w.beginObject()
        if let match, let tableId, let outPort {
            w.key("match"); match.writeJSON(into: &w)
            w.field("table_id", tableId)
            w.ofPort("out_port", "out_port_name", outPort)
        } else if let portNo {
            w.ofPort("port_no", "port_name", portNo)
            if let queueId { w.field("queue_id", queueId) }
        } else if let vendor {
            w.field("vendor", vendor)
            w.key("data"); w.hexString(UnsafeRawBufferPointer(rebasing: body[4...]))
        } else if !body.isEmpty {
            w.key("data"); w.hexString(body)
        }
        w.endObject()
        w.endObject()
    }
}

extension OFStatsReplyView {
    /// `{"type": 0, "type_name": "DESC", "flags": 0, "body": ...}`: an object for DESC, AGGREGATE
    /// and VENDOR, an array of entries for FLOW, TABLE, PORT and QUEUE.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.named("type", "type_name", statsType, OFNames.statsTypeText(statsType))
        w.field("flags", flags)
        w.key("body")
        if let d = desc {
            w.beginObject()
            w.key("mfr_desc"); w.cString(d.mfrDesc)
            w.key("hw_desc"); w.cString(d.hwDesc)
            w.key("sw_desc"); w.cString(d.swDesc)
            w.key("serial_num"); w.cString(d.serialNum)
            w.key("dp_desc"); w.cString(d.dpDesc)
            w.endObject()
        } else if let a = aggregate {
            w.beginObject()
            w.field("packet_count", a.packetCount)
            w.field("byte_count", a.byteCount)
            w.field("flow_count", a.flowCount)
            w.endObject()
        } else if let list = flowStats {
            w.beginArray()
            for f in list {
                w.beginObject()
                w.field("length", f.length)
                w.field("table_id", f.tableId)
                w.key("match"); f.match.writeJSON(into: &w)
                w.field("duration_sec", f.durationSec)
                w.field("duration_nsec", f.durationNsec)
                w.field("priority", f.priority)
                w.field("idle_timeout", f.idleTimeout)
                w.field("hard_timeout", f.hardTimeout)
                w.field("cookie", f.cookie)
                w.field("packet_count", f.packetCount)
                w.field("byte_count", f.byteCount)
                w.key("actions"); f.actions.writeJSON(into: &w)
                w.endObject()
            }
            w.endArray()
        } else if let list = tableStats {
            w.beginArray()
            for t in list {
                w.beginObject()
                w.field("table_id", t.tableId)
                w.key("name"); w.cString(t.name)
                w.field("wildcards", t.wildcards)
                w.field("max_entries", t.maxEntries)
                w.field("active_count", t.activeCount)
                w.field("lookup_count", t.lookupCount)
                w.field("matched_count", t.matchedCount)
                w.endObject()
            }
            w.endArray()
        } else if let list = portStats {
            w.beginArray()
            for p in list {
                w.beginObject()
                w.ofPort("port_no", "port_name", p.portNo)
                for i in 0..<OFPortStatsView.counterNames.count { w.key(OFPortStatsView.counterNames[i]); w.number(p.counter(i)) }
                w.endObject()
            }
            w.endArray()
        } else if let list = queueStats {
            w.beginArray()
            for q in list {
                w.beginObject()
                w.ofPort("port_no", "port_name", q.portNo)
                w.field("queue_id", q.queueId)
                w.field("tx_bytes", q.txBytes)
                w.field("tx_packets", q.txPackets)
                w.field("tx_errors", q.txErrors)
                w.endObject()
            }
            w.endArray()
        } else if let vendor {
            w.beginObject()
            w.field("vendor", vendor)
            w.key("data"); w.hexString(UnsafeRawBufferPointer(rebasing: body[4...]))
            w.endObject()
        } else {
            w.beginObject(); w.key("data"); w.hexString(body); w.endObject()
        }
        w.endObject()
    }
}
