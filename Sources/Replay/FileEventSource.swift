import Capture
import OpenFlow
import Wire

/// Streams one capture file as session events: control-channel TCP is reassembled and framed
/// into OpenFlow messages, everything else becomes data-plane packets.
///
/// Memory: one frame's events at a time plus the control channel's per-stream buffers; nothing
/// is kept per packet. Damage to the file ends the stream with a diagnostic; what came before
/// has been delivered.
final class FileEventSource {
    let fileIndex: Int
    let path: String
    let switchPort: UInt16?
    private let reader: CaptureReader
    private let channel: ControlChannel
    // `@exclusivity(unchecked)` (why: see ReplayEngine): only this class's methods touch these, and
    // the channel's callback (`handle`) only appends to `pending`, never while `next` holds it.
    /// The current frame's events, last first.
    @exclusivity(unchecked) private var pending: [SessionEvent] = []
    @exclusivity(unchecked) private var finished = false
    @exclusivity(unchecked) private(set) var diagnostics: [InputDiagnostic] = []
    /// Diagnostics beyond `ReplayLimits.diagnosticsPerFile`, counted and named in one closing line.
    @exclusivity(unchecked) private var unlistedDiagnostics = 0
    private let diagnosticsLimit = ReplayLimits().diagnosticsPerFile
    @exclusivity(unchecked) private(set) var frames = 0
    @exclusivity(unchecked) private(set) var bytes = 0

    /// Whether PACKET_IN and PACKET_OUT messages keep their data (see `SessionScanner.init`).
    private let keepsPacketData: Bool
    /// The action lists of recent FLOW_MODs and PACKET_OUTs, shared by the messages repeating them.
    @exclusivity(unchecked) private var actionLists = OFActionListInterner()

    init(fileIndex: Int, path: String, switchPort: UInt16?, controllerPorts: Set<UInt16>,
         keepsPacketData: Bool = true) throws(CaptureError) {
        self.fileIndex = fileIndex
        self.keepsPacketData = keepsPacketData
        self.path = path
        self.switchPort = switchPort
        reader = try CaptureReader(path: path)
        var configuration = ControlChannel.Configuration()
        configuration.controllerPorts = controllerPorts
        channel = ControlChannel(configuration: configuration)
    }

    /// Where `drain` sends events; nil while events are queued for `next`. Unmanaged: `drain` holds
    /// the engine while this is set, and a strong reference (or a closure calling it) was retained
    /// and released around every message handed over.
    @exclusivity(unchecked) private var sink: Unmanaged<ReplayEngine>?

    /// Hands every remaining event of the file, in order, to `engine` as it is decoded: for a
    /// session of one file, where there is nothing to merge. No event is boxed or queued (each
    /// used to be allocated, queued, and copied out again: a tenth of `check`). Events already
    /// queued for `next` go first. The engine must not call back into this source.
    func drain(into engine: ReplayEngine) {
        while let e = pending.popLast() {
            switch e {
            case .control(let c): engine.consume(c)
            case .data(let d): engine.consume(d)
            }
        }
        sink = Unmanaged.passUnretained(engine)
        withExtendedLifetime(engine) {
            while !finished { readFrame() }
        }
        sink = nil
    }

    private func deliver(_ c: ControlMessage) {
        if let sink { sink._withUnsafeGuaranteedRef { $0.consume(c) } } else { pending.append(.control(c)) }
    }

    private func deliver(_ d: DataPacket) {
        if let sink { sink._withUnsafeGuaranteedRef { $0.consume(d) } } else { pending.append(.data(d)) }
    }

    /// The next event of this file in capture order, nil at the end.
    func next() -> SessionEvent? {
        while pending.isEmpty {
            if finished { return nil }
            readFrame()
            // Reversed, so that events leave by popLast: moved out, not copied (they are large).
            pending.reverse()
        }
        return pending.popLast()
    }

    private func readFrame() {
        let frame: Frame?
        do {
            frame = try reader.next()
        } catch {
            // Always listed, whatever the limit: it ends the file.
            diagnostics.append(InputDiagnostic(severity: .error, file: path, frame: error.frame, offset: error.offset,
                                               message: "\(error.detail); the rest of this file was skipped"))
            frame = nil
        }
        guard let frame else {
            finished = true
            channel.finish { handle($0, time: nil) }
            if unlistedDiagnostics > 0 {
                diagnostics.append(InputDiagnostic(severity: .warning, file: path,
                                                   message: "\(unlistedDiagnostics) more problems in this file were not listed (at most \(diagnosticsLimit) are)"))
            }
            return
        }
        frames += 1
        bytes += frame.capturedLength
        if let claimed = frame.claimedBeyondSnapshot {
            report(InputDiagnostic(severity: .warning, file: path, frame: frame.number, offset: frame.fileOffset,
                                   message: "the record claims \(claimed) bytes, more than the file's snapshot length \(reader.snapshotLength); only \(frame.capturedLength) were read"))
        } else if frame.capturedLength == 0 {
            report(InputDiagnostic(severity: .warning, file: path, frame: frame.number, offset: frame.fileOffset,
                                   message: "an empty record (0 bytes captured, \(frame.originalLength) on the wire)"))
        }
        let linkType = reader.linkType.linktypeValue
        // Control-channel frames need only their TCP fields: read those alone when the frame is plain
        // Ethernet/IPv4/TCP, and decode every layer only for what the channel does not take.
        let fast = DecodedPacket.ipv4TCP(linkType: linkType, frame.bytes)
        if let fast, channel.process(TCPSegmentInfo(fast, frameBytes: frame.bytes, frame: frame.number,
                                                    seconds: frame.timestamp.seconds, nanoseconds: frame.timestamp.nanoseconds),
                                     { handle($0, time: frame.timestamp) }) {
            return
        }
        let ref = FrameRef(file: fileIndex, frame: frame.number)
        // A plain IPv4 TCP frame the channel declined is data plane: its facts are the fast path's.
        if let fast {
            deliver(DataPacket(ref: ref, time: frame.timestamp, switchPort: switchPort, fields: fast))
            return
        }
        // No check reads checksum validity (and control-channel captures on loopback carry
        // offloaded, unfinished checksums anyway): not verifying them saves a pass over every byte.
        let decoded = DecodedPacket.decode(linkType: linkType, frame.bytes, verifyingChecksums: false)
        if let segment = TCPSegmentInfo(decoded, frameBytes: frame.bytes, frame: frame.number,
                                        seconds: frame.timestamp.seconds, nanoseconds: frame.timestamp.nanoseconds),
           channel.process(segment, { handle($0, time: frame.timestamp) }) {
            return
        }
        deliver(DataPacket(ref: ref, time: frame.timestamp, switchPort: switchPort, packet: decoded))
    }

    private func report(_ d: InputDiagnostic) {
        if diagnostics.count < diagnosticsLimit { diagnostics.append(d) } else { unlistedDiagnostics += 1 }
    }

    /// The packet a PACKET_IN or PACKET_OUT carries, what replay needs of it; a PACKET_IN's that is
    /// cut short or malformed is reported (replay needs its headers to key it).
    private func carriedPacket(_ view: OFMessageView, _ m: OFStreamMessage) -> CarriedPacket? {
        guard let range = view.dataRange else { return nil }
        if case .packetIn = view.body { return carriedPacket(range, m, isPacketIn: true) }
        return carriedPacket(range, m, isPacketIn: false)
    }

    /// The same from the data's place in the message (a body view's `dataRange`).
    private func carriedPacket(_ range: Range<Int>, _ m: OFStreamMessage, isPacketIn: Bool) -> CarriedPacket? {
        guard let data = m.bytes.slice(range), !data.isEmpty else { return nil }
        let packet = CarriedPacket(frame: data)
        if isPacketIn, let error = packet.error {
            report(InputDiagnostic(severity: .warning, file: path, frame: m.frame,
                                   message: "PACKET_IN (xid \(m.xid)) carries a packet cut short or malformed (\(error)); it was not replayed"))
        }
        return packet
    }

    /// Hands a message whose body the engine does not read (`ReplayEngine.readsBody(ofType:)`:
    /// echoes, statistics, another version's messages) to the engine as its facts alone, without
    /// the owned message: building, moving and destroying it cost more than the engine's work on
    /// it. False: the message needs building (the handshake, errors, and the types
    /// `handOverFromHeader` takes when they go the other way).
    private func handOverCounted(_ view: OFMessageView, _ m: OFStreamMessage, time: Timestamp,
                                 to sink: Unmanaged<ReplayEngine>) -> Bool {
        guard !ReplayEngine.readsBody(ofType: view.header.type) else { return false }
        let facts = facts(m, version: view.header.version, time: time)
        sink._withUnsafeGuaranteedRef { $0.consumeCounted(facts) }
        return true
    }

    /// What the engine reads of every message handed over without it.
    private func facts(_ m: OFStreamMessage, version: UInt8, time: Timestamp) -> MessageFacts {
        MessageFacts(ref: FrameRef(file: fileIndex, frame: m.frame), time: time, connection: m.context.connection.serial,
                     version: version, datapathID: m.context.datapathID)
    }

    /// Hands a session's common messages to the engine from their header and the one body view
    /// each needs, without the message view (its enum of every type's view cost a fifth of checking
    /// a message): barriers (four in ten messages; no body) as counts, PACKET_INs to the controller,
    /// PACKET_OUTs and FLOW_MODs to the switch, with the fields the engine reads of them (a FLOW_MOD
    /// owned: its PACKET_IN keeps it). The checks are the message view's, so what passes here
    /// would pass there. False for any other message, or one whose checks fail: the general path
    /// then decodes it, or reports it.
    private func handOverFromHeader(_ m: OFStreamMessage, time: Timestamp, to sink: Unmanaged<ReplayEngine>) -> Bool {
        guard let header = try? OFHeader(checking: m.bytes), let type = header.type else { return false }
        let facts = facts(m, version: header.version, time: time)
        switch type {
        case .barrierRequest, .barrierReply:
            sink._withUnsafeGuaranteedRef { $0.consumeCounted(facts) }
        case .packetIn where m.context.direction == .toController:
            guard let p = try? OFPacketInView(headerChecked: m.bytes) else { return false }
            let packet = carriedPacket(p.dataRange, m, isPacketIn: true)
            sink._withUnsafeGuaranteedRef { $0.consumePacketIn(facts, bufferId: p.bufferId, inPort: p.inPort, packet: packet) }
        case .packetOut where m.context.direction == .toSwitch:
            guard let p = try? OFPacketOutView(headerChecked: m.bytes) else { return false }
            let packet = carriedPacket(p.dataRange, m, isPacketIn: false)
            sink._withUnsafeGuaranteedRef {
                $0.consumePacketOut(facts, bufferId: p.bufferId, inPort: p.inPort, actions: ReleaseActions(p.actions), packet: packet)
            }
        case .flowMod where m.context.direction == .toSwitch:
            guard let f = try? OFFlowModView(headerChecked: m.bytes) else { return false }
            let mod = OFFlowMod(f, actions: actionLists.actions(f.actions))
            sink._withUnsafeGuaranteedRef { $0.consumeFlowMod(facts, mod) }
        default:
            return false
        }
        return true
    }

    private func handle(_ event: OFStreamEvent, time: Timestamp?) {
        switch event {
        case .message(let m):
            let ref = FrameRef(file: fileIndex, frame: m.frame)
            if let sink, handOverFromHeader(m, time: time ?? Timestamp(m.timestamp), to: sink) { return }
            do {
                // One check of the bytes serves both the owned message and the carried packet.
                let view = try OFMessageView(checking: m.bytes)
                if let sink, handOverCounted(view, m, time: time ?? Timestamp(m.timestamp), to: sink) { return }
                let message = OFMessage(view, keepingPacketData: keepsPacketData, actionLists: &actionLists)
                let packet = carriedPacket(view, m)
                deliver(ControlMessage(
                    ref: ref, firstFrame: m.firstFrame, time: time ?? Timestamp(m.timestamp), direction: m.context.direction,
                    connection: m.context.connection.serial, datapathID: m.context.datapathID, message: message, packet: packet))
            } catch {
                report(InputDiagnostic(severity: .error, file: path, frame: m.frame,
                                                   message: "OpenFlow message at stream offset \(m.streamOffset) (type \(m.type), xid \(m.xid)) could not be decoded: \(error); it was skipped"))
            }
        case .gap(let g):
            report(InputDiagnostic(severity: .warning, file: path, frame: g.firstFrameAfter,
                                               message: "control channel \(g.context.stream): \(g.missingBytes) bytes missing after frame \(g.lastFrameBefore) (stream offset \(g.streamOffset)); messages in the hole were lost\(g.discardedBytes > 0 ? ", \(g.discardedBytes) bytes skipped to resynchronise" : "")"))
        case .garbage(let g):
            report(InputDiagnostic(severity: .error, file: path, frame: g.frame,
                                               message: "control channel \(g.context.stream): \(g.reason.summary) at stream offset \(g.streamOffset); \(g.skipText)"))
        case .connectionOpened, .connectionClosed:
            break
        }
    }
}

extension OFStreamGarbage {
    /// How many bytes this report covers. A bad-length header's bytes are counted again in the
    /// `.skippedToResync` report that follows it (which starts at the header), so it says so
    /// rather than adding to the total.
    var skipText: String {
        if case .lengthBelowHeader = reason { return "the bytes skipped from it are reported next" }
        return "\(byteCount) bytes skipped"
    }
}
