import Wire

/// `ofp_stats_request` without the header.
public struct OFStatsRequest: Hashable, Sendable {
    public var flags: UInt16
    public var body: Body
    public init(flags: UInt16 = 0, body: Body) { self.flags = flags; self.body = body }

    public enum Body: Hashable, Sendable {
        case desc
        case flow(match: OFMatch, tableId: UInt8, outPort: UInt16)
        case aggregate(match: OFMatch, tableId: UInt8, outPort: UInt16)
        case table
        case port(portNo: UInt16)
        case queue(portNo: UInt16, queueId: UInt32)
        case vendor(vendor: UInt32, data: [UInt8])
        /// A stats type 1.0 does not define: its number and body.
        case unknown(type: UInt16, data: [UInt8])
    }

    public init(_ v: OFStatsRequestView) {
        flags = v.flags
        let b = v.body
        switch OFStatsType(rawValue: v.statsType) {
        case .desc: body = .desc
        case .flow: body = .flow(match: OFMatch(unchecked: b), tableId: b.u8(40), outPort: b.u16(42))
        case .aggregate: body = .aggregate(match: OFMatch(unchecked: b), tableId: b.u8(40), outPort: b.u16(42))
        case .table: body = .table
        case .port: body = .port(portNo: b.u16(0))
        case .queue: body = .queue(portNo: b.u16(0), queueId: b.u32(4))
        case .vendor: body = .vendor(vendor: b.u32(0), data: Array(b[4...]))
        case nil: body = .unknown(type: v.statsType, data: Array(b))
        }
    }

    public var statsType: UInt16 {
        switch body {
        case .desc: 0
        case .flow: 1
        case .aggregate: 2
        case .table: 3
        case .port: 4
        case .queue: 5
        case .vendor: 0xffff
        case .unknown(let t, _): t
        }
    }

    /// Appends type, flags and body (the part after `ofp_header`).
    public func emit(into out: inout [UInt8]) {
        out.appendU16(statsType)
        out.appendU16(flags)
        switch body {
        case .desc, .table: break
        case let .flow(m, t, p), let .aggregate(m, t, p):
            m.emit(into: &out); out.appendU8(t); out.appendZeros(1); out.appendU16(p)
        case let .port(p): out.appendU16(p); out.appendZeros(6)
        case let .queue(p, q): out.appendU16(p); out.appendZeros(2); out.appendU32(q)
        case let .vendor(v, d): out.appendU32(v); out.append(contentsOf: d)
        case let .unknown(_, d): out.append(contentsOf: d)
        }
    }
}

/// `ofp_stats_reply` without the header.
public struct OFStatsReply: Hashable, Sendable {
    public var flags: UInt16
    public var body: Body
    public init(flags: UInt16 = 0, body: Body) { self.flags = flags; self.body = body }

    public enum Body: Hashable, Sendable {
        case desc(OFDescStats)
        case flow([OFFlowStats])
        case aggregate(packetCount: UInt64, byteCount: UInt64, flowCount: UInt32)
        case table([OFTableStats])
        case port([OFPortStats])
        case queue([OFQueueStats])
        case vendor(vendor: UInt32, data: [UInt8])
        case unknown(type: UInt16, data: [UInt8])
    }

    public init(_ v: OFStatsReplyView) {
        flags = v.flags
        if let d = v.desc {
            func s(_ b: UnsafeRawBufferPointer) -> String { String(decoding: b, as: UTF8.self) }
            body = .desc(OFDescStats(mfrDesc: s(d.mfrDesc), hwDesc: s(d.hwDesc), swDesc: s(d.swDesc),
                                     serialNum: s(d.serialNum), dpDesc: s(d.dpDesc)))
        } else if let list = v.flowStats {
            body = .flow(list.map { f in
                OFFlowStats(tableId: f.tableId, match: f.match, durationSec: f.durationSec, durationNsec: f.durationNsec,
                            priority: f.priority, idleTimeout: f.idleTimeout, hardTimeout: f.hardTimeout, cookie: f.cookie,
                            packetCount: f.packetCount, byteCount: f.byteCount, actions: f.actions.actions)
            })
        } else if let a = v.aggregate {
            body = .aggregate(packetCount: a.packetCount, byteCount: a.byteCount, flowCount: a.flowCount)
        } else if let list = v.tableStats {
            body = .table(list.map { t in
                OFTableStats(tableId: t.tableId, name: String(decoding: t.name, as: UTF8.self), wildcards: t.wildcards,
                             maxEntries: t.maxEntries, activeCount: t.activeCount, lookupCount: t.lookupCount, matchedCount: t.matchedCount)
            })
        } else if let list = v.portStats {
            body = .port(list.map { p in OFPortStats(portNo: p.portNo, counters: (0..<12).map(p.counter)) })
        } else if let list = v.queueStats {
            body = .queue(list.map { q in
                OFQueueStats(portNo: q.portNo, queueId: q.queueId, txBytes: q.txBytes, txPackets: q.txPackets, txErrors: q.txErrors)
            })
        } else if let vendor = v.vendor {
            body = .vendor(vendor: vendor, data: Array(v.body[4...]))
        } else {
            body = .unknown(type: v.statsType, data: Array(v.body))
        }
    }

    public var statsType: UInt16 {
        switch body {
        case .desc: 0
        case .flow: 1
        case .aggregate: 2
        case .table: 3
        case .port: 4
        case .queue: 5
        case .vendor: 0xffff
        case .unknown(let t, _): t
        }
    }

    /// Appends type, flags and body (the part after `ofp_header`), with flow-stats lengths filled in.
    public func emit(into out: inout [UInt8]) {
        out.appendU16(statsType)
        out.appendU16(flags)
        switch body {
        case .desc(let d):
            out.appendFixedString(d.mfrDesc, width: OFDescStatsView.descLength)
            out.appendFixedString(d.hwDesc, width: OFDescStatsView.descLength)
            out.appendFixedString(d.swDesc, width: OFDescStatsView.descLength)
            out.appendFixedString(d.serialNum, width: OFDescStatsView.serialLength)
            out.appendFixedString(d.dpDesc, width: OFDescStatsView.descLength)
        case .flow(let entries):
            for f in entries {
                let start = out.count
                out.appendU16(0); out.appendU8(f.tableId); out.appendZeros(1)
                f.match.emit(into: &out)
                out.appendU32(f.durationSec); out.appendU32(f.durationNsec)
                out.appendU16(f.priority); out.appendU16(f.idleTimeout); out.appendU16(f.hardTimeout); out.appendZeros(6)
                out.appendU64(f.cookie); out.appendU64(f.packetCount); out.appendU64(f.byteCount)
                f.actions.emit(into: &out)
                out.setU16(UInt16(truncatingIfNeeded: out.count - start), at: start)
            }
        case let .aggregate(p, b, n): out.appendU64(p); out.appendU64(b); out.appendU32(n); out.appendZeros(4)
        case .table(let tables):
            for t in tables {
                out.appendU8(t.tableId); out.appendZeros(3); out.appendFixedString(t.name, width: 32)
                out.appendU32(t.wildcards); out.appendU32(t.maxEntries); out.appendU32(t.activeCount)
                out.appendU64(t.lookupCount); out.appendU64(t.matchedCount)
            }
        case .port(let ports):
            for p in ports {
                out.appendU16(p.portNo); out.appendZeros(6)
                for i in 0..<12 { out.appendU64(i < p.counters.count ? p.counters[i] : 0) }
            }
        case .queue(let queues):
            for q in queues {
                out.appendU16(q.portNo); out.appendZeros(2); out.appendU32(q.queueId)
                out.appendU64(q.txBytes); out.appendU64(q.txPackets); out.appendU64(q.txErrors)
            }
        case let .vendor(v, d): out.appendU32(v); out.append(contentsOf: d)
        case let .unknown(_, d): out.append(contentsOf: d)
        }
    }
}

/// `ofp_desc_stats`: strings up to their first NUL.
public struct OFDescStats: Hashable, Sendable {
    public var mfrDesc, hwDesc, swDesc, serialNum, dpDesc: String
    public init(mfrDesc: String, hwDesc: String, swDesc: String, serialNum: String, dpDesc: String) {
        self.mfrDesc = mfrDesc; self.hwDesc = hwDesc; self.swDesc = swDesc; self.serialNum = serialNum; self.dpDesc = dpDesc
    }
}

/// `ofp_flow_stats` with its actions.
public struct OFFlowStats: Hashable, Sendable {
    public var tableId: UInt8
    public var match: OFMatch
    public var durationSec: UInt32
    public var durationNsec: UInt32
    public var priority: UInt16
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var cookie: UInt64
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var actions: [OFAction]
    public init(tableId: UInt8, match: OFMatch, durationSec: UInt32, durationNsec: UInt32, priority: UInt16, idleTimeout: UInt16,
                hardTimeout: UInt16, cookie: UInt64, packetCount: UInt64, byteCount: UInt64, actions: [OFAction]) {
        self.tableId = tableId; self.match = match; self.durationSec = durationSec; self.durationNsec = durationNsec
        self.priority = priority; self.idleTimeout = idleTimeout; self.hardTimeout = hardTimeout; self.cookie = cookie
        self.packetCount = packetCount; self.byteCount = byteCount; self.actions = actions
    }
}

/// `ofp_table_stats`.
public struct OFTableStats: Hashable, Sendable {
    public var tableId: UInt8
    public var name: String
    public var wildcards, maxEntries, activeCount: UInt32
    public var lookupCount, matchedCount: UInt64
    public init(tableId: UInt8, name: String, wildcards: UInt32, maxEntries: UInt32, activeCount: UInt32,
                lookupCount: UInt64, matchedCount: UInt64) {
        self.tableId = tableId; self.name = name; self.wildcards = wildcards; self.maxEntries = maxEntries
        self.activeCount = activeCount; self.lookupCount = lookupCount; self.matchedCount = matchedCount
    }
}

/// `ofp_port_stats`: the twelve counters in spec order (`OFPortStatsView.counterNames`).
public struct OFPortStats: Hashable, Sendable {
    public var portNo: UInt16
    public var counters: [UInt64]
    public init(portNo: UInt16, counters: [UInt64]) { self.portNo = portNo; self.counters = counters }
}

/// `ofp_queue_stats`.
public struct OFQueueStats: Hashable, Sendable {
    public var portNo: UInt16
    public var queueId: UInt32
    public var txBytes, txPackets, txErrors: UInt64
    public init(portNo: UInt16, queueId: UInt32, txBytes: UInt64, txPackets: UInt64, txErrors: UInt64) {
        self.portNo = portNo; self.queueId = queueId; self.txBytes = txBytes; self.txPackets = txPackets; self.txErrors = txErrors
    }
}
