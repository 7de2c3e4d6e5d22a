import Wire

/// An OpenFlow message in owned, parsed form: what the models hold and the scenario writer emits.
/// `init(parsing:)` checks through `OFMessageView`; `emit()` writes the wire form with every
/// length field filled in, so parse → emit gives the same bytes for well-formed messages
/// (pad bytes are emitted as zeros; a message with stray bytes in padding does not round-trip).
public struct OFMessage: Hashable, Sendable {
    public var version: UInt8
    public var xid: UInt32
    public var body: Body

    public init(version: UInt8 = ofVersion10, xid: UInt32, body: Body) {
        self.version = version; self.xid = xid; self.body = body
    }

    public enum Body: Hashable, Sendable {
        case hello
        case error(type: UInt16, code: UInt16, data: [UInt8])
        case echoRequest([UInt8])
        case echoReply([UInt8])
        case vendor(vendor: UInt32, data: [UInt8])
        case featuresRequest
        case featuresReply(OFFeatures)
        case getConfigRequest
        case getConfigReply(OFSwitchConfig)
        case setConfig(OFSwitchConfig)
        case packetIn(OFPacketIn)
        case flowRemoved(OFFlowRemoved)
        case portStatus(reason: UInt8, desc: OFPhyPort)
        case packetOut(OFPacketOut)
        case flowMod(OFFlowMod)
        case portMod(OFPortMod)
        case statsRequest(OFStatsRequest)
        case statsReply(OFStatsReply)
        case barrierRequest
        case barrierReply
        case queueGetConfigRequest(port: UInt16)
        case queueGetConfigReply(port: UInt16, queues: [OFPacketQueue])
        /// Another version or an unknown type: the type byte and the bytes after the header.
        case raw(type: UInt8, body: [UInt8])
    }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        try self.init(OFMessageView(checking: bytes))
    }

    public init(parsing bytes: [UInt8]) throws(OFDecodeError) {
        let result: Result<OFMessage, OFDecodeError> = bytes.withUnsafeBytes { raw in
            do throws(OFDecodeError) { return .success(try OFMessage(parsing: raw)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// The owned copy of a checked view.
    ///
    /// - Parameter keepingPacketData: false leaves the `data` of a PACKET_IN or PACKET_OUT empty, for
    ///   readers that decode the packet from the view themselves (replay): copying it was two
    ///   allocations per message that nobody read.
    public init(_ v: OFMessageView, keepingPacketData: Bool = true) {
        version = v.header.version
        xid = v.header.xid
        switch v.body {
        case .hello: body = .hello
        case .error(let e): body = .error(type: e.errorType, code: e.code, data: Array(e.data))
        case .echoRequest(let e): body = .echoRequest(Array(e.data))
        case .echoReply(let e): body = .echoReply(Array(e.data))
        case .vendor(let e): body = .vendor(vendor: e.vendor, data: Array(e.data))
        case .featuresRequest: body = .featuresRequest
        case .featuresReply(let f):
            body = .featuresReply(OFFeatures(datapathId: f.datapathId, nBuffers: f.nBuffers, nTables: f.nTables,
                                             capabilities: f.capabilities, actions: f.actions, ports: f.ports.map(OFPhyPort.init)))
        case .getConfigRequest: body = .getConfigRequest
        case .getConfigReply(let c): body = .getConfigReply(OFSwitchConfig(flags: c.flags, missSendLen: c.missSendLen))
        case .setConfig(let c): body = .setConfig(OFSwitchConfig(flags: c.flags, missSendLen: c.missSendLen))
        case .packetIn(let p):
            body = .packetIn(OFPacketIn(bufferId: p.bufferId, totalLen: p.totalLen, inPort: p.inPort, reason: p.reason,
                                        data: keepingPacketData ? Array(p.data) : []))
        case .flowRemoved(let r):
            body = .flowRemoved(OFFlowRemoved(match: r.match, cookie: r.cookie, priority: r.priority, reason: r.reason,
                                              durationSec: r.durationSec, durationNsec: r.durationNsec, idleTimeout: r.idleTimeout,
                                              packetCount: r.packetCount, byteCount: r.byteCount))
        case .portStatus(let s): body = .portStatus(reason: s.reason, desc: OFPhyPort(s.desc))
        case .packetOut(let p):
            body = .packetOut(OFPacketOut(p, actions: p.actions.actions, keepingPacketData: keepingPacketData))
        case .flowMod(let f):
            body = .flowMod(OFFlowMod(f, actions: f.actions.actions))
        case .portMod(let m):
            body = .portMod(OFPortMod(portNo: m.portNo, hwAddr: m.hwAddr, config: m.config, mask: m.mask, advertise: m.advertise))
        case .statsRequest(let s): body = .statsRequest(OFStatsRequest(s))
        case .statsReply(let s): body = .statsReply(OFStatsReply(s))
        case .barrierRequest: body = .barrierRequest
        case .barrierReply: body = .barrierReply
        case .queueGetConfigRequest(let q): body = .queueGetConfigRequest(port: q.port)
        case .queueGetConfigReply(let q):
            body = .queueGetConfigReply(port: q.port, queues: q.queues.map { OFPacketQueue(queueId: $0.queueId, properties: Array($0.properties)) })
        case .raw(let b): body = .raw(type: v.header.rawType, body: Array(b))
        }
    }

    /// `init(_:keepingPacketData:)`, with the action lists of FLOW_MODs and PACKET_OUTs taken from
    /// `actionLists` (shared with earlier messages that carried the same bytes).
    public init(_ v: OFMessageView, keepingPacketData: Bool = true, actionLists: inout OFActionListInterner) {
        switch v.body {
        case .packetOut(let p):
            self.init(version: v.header.version, xid: v.header.xid,
                      body: .packetOut(OFPacketOut(p, actions: actionLists.actions(p.actions), keepingPacketData: keepingPacketData)))
        case .flowMod(let f):
            self.init(version: v.header.version, xid: v.header.xid, body: .flowMod(OFFlowMod(f, actions: actionLists.actions(f.actions))))
        default:
            self.init(v, keepingPacketData: keepingPacketData)
        }
    }
}

extension OFPacketOut {
    /// The owned copy of a view, with its actions already made.
    init(_ p: OFPacketOutView, actions: [OFAction], keepingPacketData: Bool) {
        self.init(bufferId: p.bufferId, inPort: p.inPort, actions: actions, data: keepingPacketData ? Array(p.data) : [])
    }
}

extension OFFlowMod {
    /// The owned copy of a view, with its actions already made (say, by an `OFActionListInterner`).
    public init(_ f: OFFlowModView, actions: [OFAction]) {
        self.init(match: f.match, cookie: f.cookie, command: f.command, idleTimeout: f.idleTimeout, hardTimeout: f.hardTimeout,
                  priority: f.priority, bufferId: f.bufferId, outPort: f.outPort, flags: f.flags, actions: actions)
    }
}

/// `ofp_switch_features` without the header.
public struct OFFeatures: Hashable, Sendable {
    public var datapathId: UInt64
    public var nBuffers: UInt32
    public var nTables: UInt8
    public var capabilities: UInt32
    public var actions: UInt32
    public var ports: [OFPhyPort]
    public init(datapathId: UInt64, nBuffers: UInt32, nTables: UInt8, capabilities: UInt32, actions: UInt32, ports: [OFPhyPort]) {
        self.datapathId = datapathId; self.nBuffers = nBuffers; self.nTables = nTables
        self.capabilities = capabilities; self.actions = actions; self.ports = ports
    }
}

/// `ofp_switch_config` without the header.
public struct OFSwitchConfig: Hashable, Sendable {
    public var flags: UInt16
    public var missSendLen: UInt16
    public init(flags: UInt16, missSendLen: UInt16) { self.flags = flags; self.missSendLen = missSendLen }
}

/// `ofp_packet_in` without the header.
public struct OFPacketIn: Hashable, Sendable {
    public var bufferId: UInt32
    public var totalLen: UInt16
    public var inPort: UInt16
    public var reason: UInt8
    public var data: [UInt8]
    public init(bufferId: UInt32, totalLen: UInt16, inPort: UInt16, reason: UInt8, data: [UInt8]) {
        self.bufferId = bufferId; self.totalLen = totalLen; self.inPort = inPort; self.reason = reason; self.data = data
    }
}

/// `ofp_flow_removed` without the header.
public struct OFFlowRemoved: Hashable, Sendable {
    public var match: OFMatch
    public var cookie: UInt64
    public var priority: UInt16
    public var reason: UInt8
    public var durationSec: UInt32
    public var durationNsec: UInt32
    public var idleTimeout: UInt16
    public var packetCount: UInt64
    public var byteCount: UInt64
    public init(match: OFMatch, cookie: UInt64, priority: UInt16, reason: UInt8, durationSec: UInt32, durationNsec: UInt32,
                idleTimeout: UInt16, packetCount: UInt64, byteCount: UInt64) {
        self.match = match; self.cookie = cookie; self.priority = priority; self.reason = reason
        self.durationSec = durationSec; self.durationNsec = durationNsec; self.idleTimeout = idleTimeout
        self.packetCount = packetCount; self.byteCount = byteCount
    }
}

/// `ofp_packet_out` without the header; `actions_len` is computed when emitting.
public struct OFPacketOut: Hashable, Sendable {
    public var bufferId: UInt32
    public var inPort: UInt16
    public var actions: [OFAction]
    public var data: [UInt8]
    public init(bufferId: UInt32, inPort: UInt16, actions: [OFAction], data: [UInt8]) {
        self.bufferId = bufferId; self.inPort = inPort; self.actions = actions; self.data = data
    }
}

/// `ofp_flow_mod` without the header.
public struct OFFlowMod: Hashable, Sendable {
    public var match: OFMatch
    public var cookie: UInt64
    public var command: UInt16
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var priority: UInt16
    public var bufferId: UInt32
    public var outPort: UInt16
    public var flags: UInt16
    public var actions: [OFAction]
    public init(match: OFMatch, cookie: UInt64 = 0, command: UInt16, idleTimeout: UInt16, hardTimeout: UInt16, priority: UInt16,
                bufferId: UInt32 = ofNoBuffer, outPort: UInt16 = OFPort.none, flags: UInt16 = 0, actions: [OFAction]) {
        self.match = match; self.cookie = cookie; self.command = command; self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout; self.priority = priority; self.bufferId = bufferId; self.outPort = outPort
        self.flags = flags; self.actions = actions
    }
}

/// `ofp_port_mod` without the header.
public struct OFPortMod: Hashable, Sendable {
    public var portNo: UInt16
    public var hwAddr: MACAddress
    public var config: UInt32
    public var mask: UInt32
    public var advertise: UInt32
    public init(portNo: UInt16, hwAddr: MACAddress, config: UInt32, mask: UInt32, advertise: UInt32) {
        self.portNo = portNo; self.hwAddr = hwAddr; self.config = config; self.mask = mask; self.advertise = advertise
    }
}

/// `ofp_packet_queue` with its properties.
public struct OFPacketQueue: Hashable, Sendable {
    public var queueId: UInt32
    public var properties: [OFQueueProperty]
    public init(queueId: UInt32, properties: [OFQueueProperty]) { self.queueId = queueId; self.properties = properties }
}
