import Capture
import Model
import OpenFlow
import Wire

extension ReplayEngine {
    /// Whether `control` reads anything of a message with this body beyond what every message gives
    /// (time, connection, version, datapath id): the cases `control` switches on. A message it does
    /// not read is handed over by `consumeCounted`, never made into a `ControlMessage` (in a lab
    /// session four messages in ten are barriers, and building, moving and destroying each cost
    /// more than the rest of its way through the engine).
    ///
    /// `type` is the OpenFlow 1.0 type (nil for another version, whose body `control` never reads).
    static func readsBody(ofType type: OFMessageType?) -> Bool {
        switch type {
        case .hello, .featuresRequest, .featuresReply, .error, .packetIn, .packetOut, .flowMod: true
        default: false
        }
    }

    /// Feeds the next event of the timeline, a control message whose body `control` does not read
    /// (`readsBody(ofType:)` is false): what `consume(_: ControlMessage)` does with it, from its facts alone.
    func consumeCounted(_ m: MessageFacts) {
        arrive(m)
    }

    /// Feeds the next event of the timeline, a PACKET_IN to the controller, from the fields the
    /// engine reads (what `consume(_: ControlMessage)` does with it, without the owned message).
    func consumePacketIn(_ m: MessageFacts, bufferId: UInt32, inPort: UInt16, packet: CarriedPacket?) {
        arrive(m)
        packetIn(ref: m.ref, time: m.time, bufferId: bufferId, inPort: inPort, packet: packet)
    }

    /// Feeds the next event of the timeline, a FLOW_MOD to the switch, as `consumePacketIn` does
    /// (the FLOW_MOD itself is owned: a PACKET_IN it answers keeps it).
    func consumeFlowMod(_ m: MessageFacts, _ f: OFFlowMod) {
        arrive(m)
        flowMod(f, ref: m.ref, time: m.time)
    }

    /// Feeds the next event of the timeline, a PACKET_OUT to the switch, as `consumePacketIn` does.
    func consumePacketOut(_ m: MessageFacts, bufferId: UInt32, inPort: UInt16, actions: ReleaseActions, packet: CarriedPacket?) {
        arrive(m)
        packetOut(ref: m.ref, time: m.time, bufferId: bufferId, inPort: inPort, actions: actions, packet: packet)
    }

    /// What every message handed over by its facts does first: the clock moves, the message is counted.
    private func arrive(_ m: MessageFacts) {
        // The first message, not a HELLO (those of OpenFlow 1.0 go through `control`; one of another
        // version is a HELLO offering it, what a switch sends first).
        if controlChannel.messages == 0 && m.version == 1 { model.joinedLate(at: m.time) }
        advance(to: m.time)
        count(connection: m.connection, version: m.version, datapathID: m.datapathID)
    }

    /// What every control message adds to the control channel's trace. Inlined, its rare part
    /// apart: as one call, saving and restoring registers for the set inserts took half its cost.
    @inline(__always)
    private func count(connection: Int, version: UInt8, datapathID: UInt64?) {
        controlChannel.messages += 1
        // Sets hash on every insert: skip the message that repeats the last connection and version.
        if connection != lastConnection || version != lastVersion { noteChannel(connection: connection, version: version) }
        if controlChannel.datapathID == nil, let d = datapathID { controlChannel.datapathID = d }
    }

    @inline(never)
    private func noteChannel(connection: Int, version: UInt8) {
        controlChannel.connections.insert(connection)
        controlChannel.versions.insert(version)
        (lastConnection, lastVersion) = (connection, version)
    }

    func control(_ c: ControlMessage) {
        if controlChannel.messages == 0 && c.message.version == 1 {  // as in `arrive`
            if case .hello = c.message.body {} else { model.joinedLate(at: c.time) }
        }
        count(connection: c.connection, version: c.message.version, datapathID: c.datapathID)
        switch c.message.body {
        case .hello:
            if c.direction == .toSwitch { controlChannel.helloToSwitch = controlChannel.helloToSwitch ?? c.ref }
            else { controlChannel.helloToController = controlChannel.helloToController ?? c.ref }
        case .featuresRequest:
            controlChannel.featuresRequest = controlChannel.featuresRequest ?? c.ref
        case .featuresReply(let f):
            controlChannel.featuresReply = controlChannel.featuresReply ?? c.ref
            controlChannel.datapathID = controlChannel.datapathID ?? f.datapathId
        case .error(let type, let code, _) where c.direction == .toController:
            let text = "\(OFErrorNames.type(type) ?? "type \(type)")/\(OFErrorNames.code(type: type, code: code) ?? "code \(code)")"
            controlChannel.errors.append((c.ref, type, code, text), boundedBy: limits.controlErrors, omitted: &omitted.controlErrors)
        case .packetIn(let p) where c.direction == .toController:
            packetIn(ref: c.ref, time: c.time, bufferId: p.bufferId, inPort: p.inPort, packet: c.packet)
        case .packetOut(let p) where c.direction == .toSwitch:
            packetOut(ref: c.ref, time: c.time, bufferId: p.bufferId, inPort: p.inPort, actions: ReleaseActions(p.actions), packet: c.packet)
        case .flowMod(let f) where c.direction == .toSwitch:
            flowMod(f, ref: c.ref, time: c.time)
        default:
            break
        }
    }

    // MARK: PACKET_IN

    /// A PACKET_IN to the controller: the fields of the message the engine reads, and the packet it carries.
    private func packetIn(ref: FrameRef, time: Timestamp, bufferId: UInt32, inPort: UInt16, packet: CarriedPacket?) {
        guard let packet else { return }
        let token = Self.token(ref)
        recordLiveness(model.advance(to: time, evidence: token))
        if let arp = packet.arp {
            // A reply to the controller's probe (who-has server, tell service IP).
            if arp.operation == 2 && config.servers.value.contains(arp.senderIP) {
                liveness.replies[arp.senderIP, default: []].append(ref, boundedBy: limits.probesPerServer, omitted: &omitted.probes)
                switch model.arpReply(from: arp.senderIP, mac: arp.senderMAC, port: inPort, at: time, evidence: token) {
                case .up(let e): recordLiveness([e])
                case .stillUp: break
                case .unsolicited: liveness.unsolicitedReplies.append(ref, boundedBy: limits.probesPerServer, omitted: &omitted.probes)
                }
            }
            return
        }
        guard packet.isIPv4TCP, let key = packet.exactMatch(inPort: inPort) else { return }
        // A new connection's key misses the cache in the table of live ones: fetched while the model
        // works, it is there when the connection is looked up below.
        if key.nwDst == config.serviceIP.value {
            connectionIndex.prefetch(ConnectionKey(client: key.nwSrc, clientPort: key.tpSrc, servicePort: key.tpDst))
        }
        let livenessBefore = model.livenessLog.count
        let x = model.tcpPacketIn(PacketKey(match: key, bufferId: bufferId), inPort: inPort, at: time, evidence: token,
                                  opensConnection: packet.opensConnection)
        if model.livenessLog.count > livenessBefore { recordLiveness(Array(model.livenessLog[livenessBefore...])) }
        var connection: ConnectionKey?
        // The connection's number, looked up once here and kept with the pending PACKET_IN: each
        // lookup of this table of every live connection is a cache miss or two.
        var number: Int?
        switch x.kind {
        case .forward, .drop(.noLiveServer):
            let k = ConnectionKey(client: key.nwSrc, clientPort: key.tpSrc, servicePort: key.tpDst)
            connection = k
            number = connectionIndex[k]
            if number == nil {
                number = liveBase + liveConnections.count
                connectionIndex[k] = number
                liveConnections.append(ConnectionTrace(client: k.client, clientPort: k.clientPort, servicePort: k.servicePort,
                                                       clientSwitchPort: inPort, firstPacketIn: ref, firstTime: time))
                lastSeen.append(time)
                lastInstall.append(nil)
            }
        case .reverse, .drop(.unknownReverse), .ignore(.reverseServerNotLive):
            let k = ConnectionKey(client: key.nwDst, clientPort: key.tpDst, servicePort: key.tpSrc)
            connection = k
            number = connectionIndex[k]
        case .ignore(.startedBeforeCapture):
            controlChannel.repliesBeforeCapture += 1
            if controlChannel.firstReplyBeforeCapture == nil { controlChannel.firstReplyBeforeCapture = ref }
            return
        default:
            return
        }
        if let i = number { touch(number: i, at: time) }
        if pending.count >= limits.pendingPacketIns { settleOldest() }
        pending.append(PendingPacketIn(ref: ref, time: time, key: key, bufferId: bufferId, expectation: x,
                                       connection: connection, connectionNumber: number,
                                       liveServers: model.liveServerIPs))
    }

    // MARK: PACKET_OUT

    /// A PACKET_OUT to the switch: the fields of the message the engine reads, what its actions do
    /// to the packet, and the packet it carries.
    private func packetOut(ref: FrameRef, time: Timestamp, bufferId: UInt32, inPort: UInt16, actions: ReleaseActions,
                           packet: CarriedPacket?) {
        pendingMayBeAnswered = true  // it may release a waiting PACKET_IN: the next settle pass looks
        if let arp = packet?.arp {
            // The controller's liveness probe: who-has <server> tell <service IP>.
            if arp.operation == 1 && arp.senderIP == config.serviceIP.value && config.servers.value.contains(arp.targetIP) {
                liveness.probes[arp.targetIP, default: []].append(ref, boundedBy: limits.probesPerServer, omitted: &omitted.probes)
                var ignored = 0 // counted once, with the refs above
                liveness.probeTimes[arp.targetIP, default: []].append(time, boundedBy: limits.probesPerServer, omitted: &ignored)
                recordLiveness(model.probeSent(to: arp.targetIP, sourceMAC: arp.senderMAC, at: time, evidence: Self.token(ref)))
            }
            return
        }
        // Releasing a packet that reached the controller: by buffer, or by carrying the frame again.
        if bufferId != PacketKey.noBuffer {
            if let i = pending.firstIndex(where: { $0.bufferId == bufferId && $0.release == nil }) {
                pending[i].release = ref
                if actions.isEmpty && pending[i].expectsInstall {
                    pending[i].releaseProblem = "the PACKET_OUT has no actions, so the buffered packet is dropped"
                }
            }
            return
        }
        guard let packet, let key = packet.exactMatch(inPort: inPort) else { return }
        guard let i = pending.firstIndex(where: { $0.release == nil && $0.key == key }) else { return }
        pending[i].release = ref
        if !actions.outputs {
            pending[i].releaseProblem = "the PACKET_OUT carrying the packet has no OUTPUT action, so the packet is dropped"
        } else if actions.outputToTable && pending[i].flowModRef == nil && pending[i].expectsInstall {
            pending[i].releaseProblem = "the packet was sent through the flow table (OUTPUT TABLE) before its FLOW_MOD was installed"
        }
    }

    // MARK: FLOW_MOD

    private func flowMod(_ f: OFFlowMod, ref: FrameRef, time: Timestamp) {
        pendingMayBeAnswered = true  // it may answer a waiting PACKET_IN: the next settle pass looks
        guard f.command == 0 || f.command == 1 || f.command == 2 else { return } // ADD, MODIFY, MODIFY_STRICT
        // The earliest unanswered PACKET_IN whose packet this FLOW_MOD matches (exactly, or through its wildcards).
        var exact = pending.firstIndex { $0.flowModRef == nil && $0.key == f.match }
        // A pick the lab's code raises on is rarely answered, and then at once: with the same packet
        // waiting again (the client's SYN sent again), the FLOW_MOD answers the later one.
        if let i = exact, pending[i].expectation.decision?.labCodeWouldFail == true,
           let j = pending[(i + 1)...].firstIndex(where: { $0.flowModRef == nil && $0.key == f.match }) { exact = j }
        guard let i = exact ?? pending.firstIndex(where: { $0.flowModRef == nil && FlowTable.matches(f.match, packet: $0.key) }) else { return }
        let waiting = pending[i]
        (waiting.flowModRef, waiting.flowModTime) = (ref, time)
        // Kept only when asked: storing a copy retained its action list, and settling released it.
        if keepsFlowMods { waiting.flowModMessage = f }
        if f.bufferId != PacketKey.noBuffer && f.bufferId == waiting.bufferId { waiting.release = waiting.release ?? ref }
        // Compared here, where `f` is borrowed, once what follows has settled which FLOW_MOD was
        // expected (only this handler adopts one, and only for the PACKET_IN it answers). At
        // settling, the stored message was copied out of its optional to be compared.
        defer { waiting.compare(with: f) }
        // `waiting.expectation` is read in place (a class's `let`): binding it to a local copied it.
        guard case .forward = waiting.expectation.kind else { return }
        // Which server did the controller send the connection to?
        let named = f.actions.lazy.compactMap { a -> IPv4Address? in if case .setNwDst(let ip) = a { ip } else { nil } }.first
        let port = f.actions.lazy.compactMap { a -> UInt16? in if case .output(let p, _) = a { p } else { nil } }.first
        let actual = named ?? port.flatMap { p in model.liveServers.first { $0.port == p }?.ip }
        waiting.actualServer = actual
        // The decision's fields read one by one: binding the decision copied it, its lists included.
        guard let actual, let kind = waiting.expectation.decision?.kind else { return }
        if !model.liveServerIPs.contains(actual) {
            // Joined late: a server whose state the capture has not shown is not dead; the
            // controller's choice of it says it is live (where, its probe reply will say).
            guard model.unresolvedServers.contains(actual) else { waiting.deadServer = true; return }
            guard waiting.expectation.decision?.server == nil, model.learnServer(actual, at: time, evidence: Self.token(ref)) else { return }
        }
        let expectedServer = waiting.expectation.decision?.server
        switch kind {
        case .newDecision:
            // The model's own choice confirmed leaves its expected FLOW_MOD as it is (what adopting it
            // would return): asked only when the controller chose otherwise, or the model could not,
            // or the choice shows the controller wrapped where the lab's code would have raised.
            if expectedServer != actual || waiting.expectation.decision?.labCodeWouldFail == true,
               let adopted = model.adoptActualChoice(actual, for: waiting.expectation), expectedServer != actual {
                waiting.adoptedFlowMod = adopted
            }
        case .flowMemoryHit where expectedServer == nil:
            // A connection from before a capture that began mid-session: the controller's memory is followed.
            if let adopted = model.commitRemembered(actual, for: waiting.expectation) { waiting.adoptedFlowMod = adopted }
        case .flowMemoryHit:
            if expectedServer != actual {
                waiting.memoryBroken = true
                if let loc = model.location(of: actual), var e = waiting.expectedFlowMod {
                    e.actions = [.setDlDst(loc.mac), .setNwDst(loc.ip), .output(port: loc.port, maxLen: 0xffff)]
                    e.anyLocation = !loc.verified
                    waiting.adoptedFlowMod = e
                }
            }
        }
    }
}

/// What every control message tells the engine, whatever its body.
struct MessageFacts {
    var ref: FrameRef
    var time: Timestamp
    /// The control connection's serial number.
    var connection: Int
    var version: UInt8
    var datapathID: UInt64?
}

/// What a PACKET_OUT's actions do to the packet it releases: all the engine reads of them. Read from
/// the owned actions or straight from the message's bytes (a single-file replay builds no message).
struct ReleaseActions {
    private(set) var isEmpty = true
    /// Some action is an OUTPUT.
    private(set) var outputs = false
    /// Some OUTPUT is to OFPP_TABLE.
    private(set) var outputToTable = false

    init(_ actions: [OFAction]) {
        for a in actions {
            if case .output(let port, _) = a { add(outputTo: port) } else { isEmpty = false }
        }
    }

    init(_ actions: OFActionList) {
        for a in actions {
            if case .output(let port, _) = a { add(outputTo: port) } else { isEmpty = false }
        }
    }

    private mutating func add(outputTo port: UInt16) {
        isEmpty = false
        outputs = true
        if port == OFPort.table { outputToTable = true }
    }
}
