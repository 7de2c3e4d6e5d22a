import Capture
import Model
import OpenFlow
import Wire

/// One message of the expected control channel.
public struct ExpectedMessage: Sendable {
    public enum Origin: Sendable, Equatable {
        /// As captured, at this frame.
        case captured(FrameRef)
        /// What the model says the controller should have sent for the PACKET_IN at this frame.
        case expected(forPacketIn: FrameRef)
    }

    public var time: Timestamp
    public var direction: OFStreamDirection
    /// The control connection (1 for the first switch connection).
    public var connection: Int
    public var message: OFMessage
    public var origin: Origin
}

/// Where what the controller sent for one PACKET_IN differs from what the model expected.
public struct ExpectedDifference: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case missing, differs, unexpected, release }
    public var kind: Kind
    public var packetIn: FrameRef
    public var direction: InstallTrace.Direction
    public var packet: OFMatch
    public var expected: ExpectedFlowMod?
    public var actual: OFFlowMod?
    public var actualFrame: FrameRef?
    public var discrepancies: [FlowModDiscrepancy]
    public var releaseProblem: String?
    /// File names for frame references.
    var files: [String]

    func name(_ r: FrameRef) -> String { "\(r.file < files.count ? files[r.file] : "?")#\(r.frame)" }

    public var description: String {
        let head = "PACKET_IN \(name(packetIn)) (\(direction.rawValue) \(packet.nwSrc):\(packet.tpSrc) > \(packet.nwDst):\(packet.tpDst))"
        let exp = expected.map { $0.actions.map(actionText).joined(separator: ", ") } ?? "nothing"
        let act = actual.map { $0.actions.map(actionText).joined(separator: ", ") } ?? "nothing"
        switch kind {
        case .missing:
            return "\(head): expected FLOW_MOD [\(exp)], none sent"
        case .differs:
            return "\(head): expected FLOW_MOD [\(exp)], actual \(actualFrame.map(name) ?? "?") [\(act)]: "
                + discrepancies.map(\.description).joined(separator: "; ")
        case .unexpected:
            return "\(head): expected no FLOW_MOD, actual \(actualFrame.map(name) ?? "?") [\(act)]"
        case .release:
            return "\(head): \(releaseProblem ?? "the packet was not released")"
        }
    }
}

/// The control channel the model says the controller should have sent, interleaved with what the
/// switch really sent.
///
/// Every message of the capture is kept as captured, except the FLOW_MODs the replay matched to a
/// PACKET_IN: each is replaced by the FLOW_MOD the model expected (at the actual one's time), or
/// dropped when the model expected none. A PACKET_IN the controller never answered gets its expected
/// FLOW_MOD right after it, and — when the switch did not buffer the packet and nothing released it —
/// the PACKET_OUT to OFPP_TABLE that carries the packet on.
public enum ExpectedTrace {
    /// Installs keyed by the frame and content of the FLOW_MOD that answered them (a segment can
    /// complete several FLOW_MODs, so the frame alone is not enough).
    struct ModKey: Hashable { var ref: FrameRef; var mod: OFFlowMod }
    struct PacketInKey: Hashable { var ref: FrameRef; var packet: OFMatch }

    public static func installs(_ a: SessionAnalysis) -> [InstallTrace] {
        (a.connections.flatMap { $0.forward + $0.reverse } + a.strayInstalls).sorted { ($0.time, $0.packetIn) < ($1.time, $1.packetIn) }
    }

    public static func build(_ sources: SessionSources, analysis: SessionAnalysis,
                             controllerPorts: Set<UInt16> = [6633, 6653]) -> [ExpectedMessage] {
        let all = installs(analysis)
        var byMod: [ModKey: [InstallTrace]] = [:]
        var unanswered: [PacketInKey: [InstallTrace]] = [:]
        // PACKET_INs whose packet nothing released: their data goes into the expected PACKET_OUT.
        var needData = Set<PacketInKey>()
        var packetData: [PacketInKey: [UInt8]] = [:]
        for t in all {
            if t.release == nil, case .viaPacketOut = t.expected?.releasesPacket { needData.insert(PacketInKey(ref: t.packetIn, packet: t.packet)) }
            if let ref = t.flowMod, let mod = t.installed { byMod[ModKey(ref: ref, mod: mod), default: []].append(t) }
            else if t.expected != nil { unanswered[PacketInKey(ref: t.packetIn, packet: t.packet), default: []].append(t) }
        }
        var out: [ExpectedMessage] = []
        var xid: UInt32 = 0xe000_0000
        func expectedMessages(_ t: InstallTrace, at time: Timestamp, connection: Int, packetIn data: [UInt8]?) {
            guard let e = t.expected else { return }
            let buffer: UInt32 = if case .viaBuffer(let b) = e.releasesPacket { b } else { PacketKey.noBuffer }
            let mod = OFFlowMod(match: e.match, command: 0, idleTimeout: e.idleTimeout, hardTimeout: e.hardTimeout,
                                priority: e.priority, bufferId: buffer, actions: e.actions)
            xid &+= 1
            out.append(ExpectedMessage(time: time, direction: .toSwitch, connection: connection,
                                       message: OFMessage(xid: xid, body: .flowMod(mod)), origin: .expected(forPacketIn: t.packetIn)))
            if case .viaPacketOut = e.releasesPacket, t.release == nil, let data {
                xid &+= 1
                let po = OFPacketOut(bufferId: PacketKey.noBuffer, inPort: e.match.inPort,
                                     actions: [.output(port: OFPort.table, maxLen: 0)], data: data)
                out.append(ExpectedMessage(time: time, direction: .toSwitch, connection: connection,
                                           message: OFMessage(xid: xid, body: .packetOut(po)), origin: .expected(forPacketIn: t.packetIn)))
            }
        }
        let scanner = SessionScanner(sources: sources, controllerPorts: controllerPorts)
        while let event = scanner.next() {
            guard case .control(let c) = event else { continue }
            switch c.message.body {
            case .flowMod(let mod) where c.direction == .toSwitch:
                if var ts = byMod[ModKey(ref: c.ref, mod: mod)], !ts.isEmpty {
                    // Replaced by what was expected (nothing, for an install the model did not want).
                    let t = ts.removeFirst()
                    byMod[ModKey(ref: c.ref, mod: mod)] = ts
                    expectedMessages(t, at: c.time, connection: c.connection,
                                     packetIn: packetData[PacketInKey(ref: t.packetIn, packet: t.packet)])
                    continue
                }
            case .packetIn(let p) where c.direction == .toController:
                out.append(ExpectedMessage(time: c.time, direction: c.direction, connection: c.connection, message: c.message, origin: .captured(c.ref)))
                let key = c.packet?.exactMatch(inPort: p.inPort)
                if let key, needData.contains(PacketInKey(ref: c.ref, packet: key)) { packetData[PacketInKey(ref: c.ref, packet: key)] = p.data }
                if let key, var ts = unanswered[PacketInKey(ref: c.ref, packet: key)], !ts.isEmpty {
                    let t = ts.removeFirst()
                    unanswered[PacketInKey(ref: c.ref, packet: key)] = ts
                    expectedMessages(t, at: c.time, connection: c.connection, packetIn: p.data)
                }
                continue
            default:
                break
            }
            out.append(ExpectedMessage(time: c.time, direction: c.direction, connection: c.connection, message: c.message, origin: .captured(c.ref)))
        }
        return out
    }

    /// Per PACKET_IN, where the controller's answer differs from the model's, in capture order.
    public static func differences(_ a: SessionAnalysis) -> [ExpectedDifference] {
        var out: [ExpectedDifference] = []
        for t in installs(a) {
            func add(_ k: ExpectedDifference.Kind) {
                out.append(ExpectedDifference(kind: k, packetIn: t.packetIn, direction: t.direction, packet: t.packet, expected: t.expected,
                                              actual: t.installed, actualFrame: t.flowMod, discrepancies: t.discrepancies,
                                              releaseProblem: t.releaseProblem, files: a.files))
            }
            if t.unexpectedInstall { add(.unexpected); continue }
            if t.expected != nil && t.flowMod == nil { add(.missing) } else if !t.discrepancies.isEmpty { add(.differs) }
            if t.releaseProblem != nil && t.flowMod != nil { add(.release) }
        }
        return out
    }
}
