import Wire

extension OFMessage {
    /// The type byte the header carries.
    public var rawType: UInt8 {
        let t: OFMessageType
        switch body {
        case .hello: t = .hello
        case .error: t = .error
        case .echoRequest: t = .echoRequest
        case .echoReply: t = .echoReply
        case .vendor: t = .vendor
        case .featuresRequest: t = .featuresRequest
        case .featuresReply: t = .featuresReply
        case .getConfigRequest: t = .getConfigRequest
        case .getConfigReply: t = .getConfigReply
        case .setConfig: t = .setConfig
        case .packetIn: t = .packetIn
        case .flowRemoved: t = .flowRemoved
        case .portStatus: t = .portStatus
        case .packetOut: t = .packetOut
        case .flowMod: t = .flowMod
        case .portMod: t = .portMod
        case .statsRequest: t = .statsRequest
        case .statsReply: t = .statsReply
        case .barrierRequest: t = .barrierRequest
        case .barrierReply: t = .barrierReply
        case .queueGetConfigRequest: t = .queueGetConfigRequest
        case .queueGetConfigReply: t = .queueGetConfigReply
        case .raw(let type, _): return type
        }
        return t.rawValue
    }

    /// The wire form, with the header's length (and every inner length) filled in.
    public func emit() -> [UInt8] {
        var out: [UInt8] = []
        emit(into: &out)
        return out
    }

    /// Appends the wire form. A message longer than 65535 bytes cannot be expressed; its length field wraps.
    public func emit(into out: inout [UInt8]) {
        let start = out.count
        out.appendU8(version); out.appendU8(rawType); out.appendU16(0); out.appendU32(xid)
        switch body {
        case .hello, .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply: break
        case let .error(t, c, d): out.appendU16(t); out.appendU16(c); out.append(contentsOf: d)
        case let .echoRequest(d), let .echoReply(d): out.append(contentsOf: d)
        case let .vendor(v, d): out.appendU32(v); out.append(contentsOf: d)
        case let .featuresReply(f):
            out.appendU64(f.datapathId); out.appendU32(f.nBuffers); out.appendU8(f.nTables); out.appendZeros(3)
            out.appendU32(f.capabilities); out.appendU32(f.actions)
            for p in f.ports { p.emit(into: &out) }
        case let .getConfigReply(c), let .setConfig(c): out.appendU16(c.flags); out.appendU16(c.missSendLen)
        case let .packetIn(p):
            out.appendU32(p.bufferId); out.appendU16(p.totalLen); out.appendU16(p.inPort); out.appendU8(p.reason)
            out.appendZeros(1); out.append(contentsOf: p.data)
        case let .flowRemoved(r):
            r.match.emit(into: &out); out.appendU64(r.cookie); out.appendU16(r.priority); out.appendU8(r.reason); out.appendZeros(1)
            out.appendU32(r.durationSec); out.appendU32(r.durationNsec); out.appendU16(r.idleTimeout); out.appendZeros(2)
            out.appendU64(r.packetCount); out.appendU64(r.byteCount)
        case let .portStatus(reason, desc): out.appendU8(reason); out.appendZeros(7); desc.emit(into: &out)
        case let .packetOut(p):
            out.appendU32(p.bufferId); out.appendU16(p.inPort)
            let lengthAt = out.count
            out.appendU16(0)
            let n = p.actions.emit(into: &out)
            out.setU16(UInt16(truncatingIfNeeded: n), at: lengthAt)
            out.append(contentsOf: p.data)
        case let .flowMod(f):
            f.match.emit(into: &out); out.appendU64(f.cookie); out.appendU16(f.command); out.appendU16(f.idleTimeout)
            out.appendU16(f.hardTimeout); out.appendU16(f.priority); out.appendU32(f.bufferId); out.appendU16(f.outPort)
            out.appendU16(f.flags)
            f.actions.emit(into: &out)
        case let .portMod(m):
            out.appendU16(m.portNo); m.hwAddr.emit(into: &out); out.appendU32(m.config); out.appendU32(m.mask)
            out.appendU32(m.advertise); out.appendZeros(4)
        case let .statsRequest(s): s.emit(into: &out)
        case let .statsReply(s): s.emit(into: &out)
        case let .queueGetConfigRequest(port): out.appendU16(port); out.appendZeros(2)
        case let .queueGetConfigReply(port, queues):
            out.appendU16(port); out.appendZeros(6)
            for q in queues {
                let qStart = out.count
                out.appendU32(q.queueId); out.appendU16(0); out.appendZeros(2)
                for p in q.properties { p.emit(into: &out) }
                out.setU16(UInt16(truncatingIfNeeded: out.count - qStart), at: qStart + 4)
            }
        case let .raw(_, b): out.append(contentsOf: b)
        }
        out.setU16(UInt16(truncatingIfNeeded: out.count - start), at: start + 2)
    }
}
