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
        w.key("version"); w.number(header.version)
        w.key("type")
        if let t = header.type { w.string(t.nameText) } else { w.string("UNKNOWN"); w.key("type_number"); w.number(header.rawType) }
        w.key("xid"); w.number(header.xid)
        if let direction { w.key("direction"); w.string(direction) }
        w.key("length"); w.number(header.length)
        switch body {
        case .hello, .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply: break
        case .error(let e):
            w.key("error"); w.beginObject()
            w.named("type", "type_name", e.errorType, OFErrorNames.type(e.errorType))
            w.named("code", "code_name", e.code, OFErrorNames.code(type: e.errorType, code: e.code))
            w.key("data"); w.hexString(e.data)
            w.endObject()
        case .echoRequest(let e), .echoReply(let e): w.key("data"); w.hexString(e.data)
        case .vendor(let v): w.key("vendor"); w.number(v.vendor); w.key("data"); w.hexString(v.data)
        case .featuresReply(let f):
            w.key("datapath_id"); w.number(f.datapathId)
            w.key("datapath_id_hex"); w.datapathHex(f.datapathId)
            w.key("n_buffers"); w.number(f.nBuffers)
            w.key("n_tables"); w.number(f.nTables)
            w.key("capabilities"); w.number(f.capabilities)
            w.key("actions"); w.number(f.actions)
            w.key("ports"); w.beginArray()
            for p in f.ports { p.writeJSON(into: &w) }
            w.endArray()
        case .getConfigReply(let c), .setConfig(let c):
            w.key("flags"); w.number(c.flags)
            w.key("miss_send_len"); w.number(c.missSendLen)
        case .packetIn(let p):
            w.key("buffer_id"); w.number(p.bufferId)
            w.key("total_len"); w.number(p.totalLen)
            w.ofPort("in_port", "in_port_name", p.inPort)
            w.named("reason", "reason_name", p.reason, OFNames.packetInReasonText(p.reason))
            w.key("data_len"); w.number(p.dataRange.count)
            data(&w, p.data)
        case .flowRemoved(let r):
            w.key("match"); r.match.writeJSON(into: &w)
            w.key("cookie"); w.number(r.cookie)
            w.key("priority"); w.number(r.priority)
            w.named("reason", "reason_name", r.reason, OFNames.flowRemovedReasonText(r.reason))
            w.key("duration_sec"); w.number(r.durationSec)
            w.key("duration_nsec"); w.number(r.durationNsec)
            w.key("idle_timeout"); w.number(r.idleTimeout)
            w.key("packet_count"); w.number(r.packetCount)
            w.key("byte_count"); w.number(r.byteCount)
        case .portStatus(let s):
            w.named("reason", "reason_name", s.reason, OFNames.portReasonText(s.reason))
            w.key("desc"); s.desc.writeJSON(into: &w)
        case .packetOut(let p):
            w.key("buffer_id"); w.number(p.bufferId)
            w.ofPort("in_port", "in_port_name", p.inPort)
            w.key("actions_len"); w.number(p.actionsLen)
            w.key("actions"); p.actions.writeJSON(into: &w)
            w.key("data_len"); w.number(p.dataRange.count)
            data(&w, p.data)
        case .flowMod(let f):
            w.key("match"); f.match.writeJSON(into: &w)
            w.key("cookie"); w.number(f.cookie)
            w.named("command", "command_name", f.command, OFNames.flowModCommandText(f.command))
            w.key("idle_timeout"); w.number(f.idleTimeout)
            w.key("hard_timeout"); w.number(f.hardTimeout)
            w.key("priority"); w.number(f.priority)
            w.key("buffer_id"); w.number(f.bufferId)
            w.ofPort("out_port", "out_port_name", f.outPort)
            w.key("flags"); w.number(f.flags)
            w.key("actions"); f.actions.writeJSON(into: &w)
        case .portMod(let m):
            w.ofPort("port_no", "port_name", m.portNo)
            w.key("hw_addr"); w.string(m.hwAddr)
            w.key("config"); w.number(m.config)
            w.key("mask"); w.number(m.mask)
            w.key("advertise"); w.number(m.advertise)
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
                w.key("queue_id"); w.number(queue.queueId)
                w.key("properties"); w.beginArray()
                var p = OFPacketQueueView.fixedSize
                while p < queue.bytes.count {   // read in place: the iterator copies unknown bodies
                    let type = queue.bytes.u16(p), len = Int(queue.bytes.u16(p + 2))
                    w.beginObject()
                    w.named("property", "property_name", type, type == 1 ? "MIN_RATE" : type == 0 ? "NONE" : nil)
                    if type == OFQueueProperty.minRateType { w.key("rate"); w.number(queue.bytes.u16(p + 8)) }
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
        w.key("flags"); w.number(flags)
        w.key("body"); w.beginObject()
        if let match, let tableId, let outPort {
            w.key("match"); match.writeJSON(into: &w)
            w.key("table_id"); w.number(tableId)
            w.ofPort("out_port", "out_port_name", outPort)
        } else if let portNo {
            w.ofPort("port_no", "port_name", portNo)
            if let queueId { w.key("queue_id"); w.number(queueId) }
        } else if let vendor {
            w.key("vendor"); w.number(vendor)
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
        w.key("flags"); w.number(flags)
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
            w.key("packet_count"); w.number(a.packetCount)
            w.key("byte_count"); w.number(a.byteCount)
            w.key("flow_count"); w.number(a.flowCount)
            w.endObject()
        } else if let list = flowStats {
            w.beginArray()
            for f in list {
                w.beginObject()
                w.key("length"); w.number(f.length)
                w.key("table_id"); w.number(f.tableId)
                w.key("match"); f.match.writeJSON(into: &w)
                w.key("duration_sec"); w.number(f.durationSec)
                w.key("duration_nsec"); w.number(f.durationNsec)
                w.key("priority"); w.number(f.priority)
                w.key("idle_timeout"); w.number(f.idleTimeout)
                w.key("hard_timeout"); w.number(f.hardTimeout)
                w.key("cookie"); w.number(f.cookie)
                w.key("packet_count"); w.number(f.packetCount)
                w.key("byte_count"); w.number(f.byteCount)
                w.key("actions"); f.actions.writeJSON(into: &w)
                w.endObject()
            }
            w.endArray()
        } else if let list = tableStats {
            w.beginArray()
            for t in list {
                w.beginObject()
                w.key("table_id"); w.number(t.tableId)
                w.key("name"); w.cString(t.name)
                w.key("wildcards"); w.number(t.wildcards)
                w.key("max_entries"); w.number(t.maxEntries)
                w.key("active_count"); w.number(t.activeCount)
                w.key("lookup_count"); w.number(t.lookupCount)
                w.key("matched_count"); w.number(t.matchedCount)
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
                w.key("queue_id"); w.number(q.queueId)
                w.key("tx_bytes"); w.number(q.txBytes)
                w.key("tx_packets"); w.number(q.txPackets)
                w.key("tx_errors"); w.number(q.txErrors)
                w.endObject()
            }
            w.endArray()
        } else if let vendor {
            w.beginObject()
            w.key("vendor"); w.number(vendor)
            w.key("data"); w.hexString(UnsafeRawBufferPointer(rebasing: body[4...]))
            w.endObject()
        } else {
            w.beginObject(); w.key("data"); w.hexString(body); w.endObject()
        }
        w.endObject()
    }
}
