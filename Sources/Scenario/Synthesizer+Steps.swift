import Capture
import Model
import OpenFlow
import Wire

extension Synthesizer {
    /// Runs one step of connection `id` at `t` (µs into the session) and schedules the next.
    func advance(_ id: Int, _ step: ConnectionStep, at t: Int64) throws(ScenarioError) {
        guard var c = connections[id] else { return }
        defer { if connections[id] != nil { connections[id] = c } }
        switch step {
        case .clientSYN: try clientSYN(&c, at: t)
        case .controllerForward: try controllerForward(&c, at: t)
        case .forwardInstalled: try forwardInstalled(&c, at: t)
        case .retransmittedSYN: try retransmittedSYN(&c, at: t)
        case .serverSynAck: try serverSynAck(&c, at: t)
        case .controllerReverse: try controllerReverse(&c, at: t)
        case .reverseInstalled: try reverseInstalled(&c, at: t)
        case .transfer: try transfer(&c, at: t)
        }
    }

    private func end(_ c: inout Connection) {
        connections[c.index] = c
        finish(c.index)
    }

    // MARK: Forward direction

    private func clientSYN(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        let syn = c.fromClient(setup, seq: c.clientISN, ack: 0, flags: .syn)
        let entered = try dp.entered(syn, at: abs(t))
        c.record.clientSYN = c.record.clientSYN ?? entered
        let inPort = UInt16(c.host)
        let match = Connection.exactMatch(syn, inPort: inPort)
        // An earlier too-broad entry may catch this SYN before the controller sees it.
        if let i = broadFlows.firstIndex(where: { abs(t) - $0.lastUsed < 10_000_000 && FlowTable.matches($0.match, packet: match) }) {
            broadFlows[i].lastUsed = abs(t)
            let (out, port) = apply(broadFlows[i].actions, to: syn)
            try dp.left(out, at: abs(t) + DataPlaneWriter.switchLatency)
            c.server = out.dstIP
            if let port, accepts(out, onPort: port, at: t) {
                queue.push(.step(c.index, .serverSynAck), at: t + 100)
            } else {
                end(&c)
            }
            return
        }
        let pin = OFPacketIn(bufferId: ofNoBuffer, totalLen: UInt16(dp.frame.bytes.count), inPort: inPort, reason: 0,
                             data: dp.frame.bytes)
        let sent = try cc.send([OFMessage(xid: 0, body: .packetIn(pin))], .toController, at: abs(t) + 400)
        c.record.forwardPacketIn = c.record.forwardPacketIn ?? sent.frame
        let x = model.tcpPacketIn(PacketKey(match: match), inPort: inPort, at: ts(sent.time), evidence: sent.frame)
        guard x.kind == .forward, var server = x.decision?.server ?? pickRandom(x) else {
            end(&c) // no live server: the controller drops the SYN ("No servers!")
            return
        }
        if x.decision?.labCodeWouldFail == true {
            guard !c.faults.labIndexError else {
                // The lab's code raised: no answer, nothing stored (the model stores such a pick only once answered).
                // The client's kernel sends the SYN again after 1 s (its first retry; later ones
                // are not written): the controller sees the connection anew.
                c.unansweredSYNs += 1
                if c.unansweredSYNs < 2 { queue.push(.step(c.index, .clientSYN), at: t + 1_000_000) } else { end(&c) }
                return
            }
            model.adoptActualChoice(server, for: x)  // this controller wraps on >=: the index moves on
        }
        c.record.expectedServer = server
        if x.decision?.server != nil, x.decision?.kind == .newDecision, decisions.count < 10_000 { decisions.append(server) }
        let live = model.liveServerIPs
        if c.faults.skipRoundRobinStep {
            if live.count >= 2, let i = live.firstIndex(of: server) {
                server = live[(i + 1) % live.count]
                model.adoptActualChoice(server, for: x)
                if decisions.count <= 10_000, !decisions.isEmpty { decisions[decisions.count - 1] = server }
            } else {
                note("connection \(c.index): skip_round_robin_step needs two live servers")
            }
        }
        if c.faults.deadServer {
            if let dead = setup.servers.first(where: { !live.contains($0) }) {
                server = dead
            } else {
                note("connection \(c.index): dead_server needs a server the controller holds down; all were up")
            }
        }
        c.server = server
        c.record.server = server
        let serverHost = LabSetup.host(of: server)!
        var outPort = UInt16(serverHost)
        if c.faults.wrongOutputPort {
            outPort = UInt16((1...setup.hosts).first { $0 != serverHost && $0 != c.host }!)
        }
        var actions: [OFAction] = []
        if !c.faults.missingActions.contains(.setDlDst) { actions.append(.setDlDst(LabSetup.hostMAC(serverHost))) }
        if !c.faults.missingActions.contains(.setNwDst) { actions.append(.setNwDst(server)) }
        actions.append(.output(port: outPort, maxLen: 0xffff))
        c.forwardActions = actions
        queue.push(.step(c.index, .controllerForward), at: t + 1100)
    }

    private func pickRandom(_ x: Expectation) -> IPv4Address? {
        guard let info = x.decision, info.server == nil, !info.validChoices.isEmpty else { return nil }
        let s = info.validChoices[Int(rng.next() % UInt64(info.validChoices.count))]
        model.commitChoice(s, for: x)
        if decisions.count < 10_000 { decisions.append(s) }
        return s
    }

    private func controllerForward(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        let syn = c.fromClient(setup, seq: c.clientISN, ack: 0, flags: .syn)
        var match = Connection.exactMatch(syn, inPort: UInt16(c.host))
        for f in c.faults.broadFields { widen(&match, f) }
        let mod = OFFlowMod(match: match, command: 0, idleTimeout: 10, hardTimeout: 0, priority: 0x8000,
                            actions: c.forwardActions)
        var messages = [OFMessage(xid: cc.xid(), body: .flowMod(mod)), OFMessage(xid: cc.xid(), body: .barrierRequest)]
        if !c.faults.lostFirstPacket {
            var frame = FrameBuilder()
            frame.tcp(syn)
            let out = OFPacketOut(bufferId: ofNoBuffer, inPort: UInt16(c.host), actions: [.output(port: OFPort.table, maxLen: 0)],
                                  data: frame.bytes)
            messages.append(OFMessage(xid: cc.xid(), body: .packetOut(out)))
        }
        c.record.forwardFlowMod = try cc.send(messages, .toSwitch, at: abs(t)).frame
        if !c.faults.broadFields.isEmpty {
            broadFlows.removeAll { abs(t) - $0.lastUsed >= 10_000_000 }
            broadFlows.append(BroadFlow(match: match, actions: c.forwardActions, lastUsed: abs(t)))
        }
        queue.push(.step(c.index, .forwardInstalled), at: t + 200)
    }

    private func widen(_ m: inout OFMatch, _ f: Scenario.MatchFieldName) {
        typealias W = OFMatch.Wildcards
        switch f {
        case .inPort: m.wildcards |= W.inPort
        case .dlSrc: m.wildcards |= W.dlSrc
        case .dlDst: m.wildcards |= W.dlDst
        case .nwSrc: m.wildcards = m.wildcards & ~W.nwSrcMask | 32 << W.nwSrcShift
        case .nwDst: m.wildcards = m.wildcards & ~W.nwDstMask | 32 << W.nwDstShift
        case .tpSrc: m.wildcards |= W.tpSrc
        case .tpDst: m.wildcards |= W.tpDst
        }
    }

    private func forwardInstalled(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        try cc.send([OFMessage(xid: 0, body: .barrierReply)], .toController, at: abs(t))
        if c.faults.lostFirstPacket {
            // Nothing carried the SYN on; the client's retransmission finds the entry in place.
            queue.push(.step(c.index, .retransmittedSYN), at: t + 1_000_000)
            return
        }
        try forwardSYN(&c, at: t + 50)
    }

    private func retransmittedSYN(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        let syn = c.fromClient(setup, seq: c.clientISN, ack: 0, flags: .syn)
        try dp.entered(syn, at: abs(t))
        try forwardSYN(&c, at: t + DataPlaneWriter.switchLatency)
    }

    /// The SYN leaves through the forward entry; the host behind the port answers if it is the server and up.
    private func forwardSYN(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        let (out, port) = apply(c.forwardActions, to: c.fromClient(setup, seq: c.clientISN, ack: 0, flags: .syn))
        try dp.left(out, at: abs(t))
        if let port, accepts(out, onPort: port, at: t) {
            queue.push(.step(c.index, .serverSynAck), at: t + 100)
        } else {
            end(&c)
        }
    }

    /// Whether the host on switch port `port` takes `p`: a server that is up, and the frame
    /// addressed to its MAC and IP (a NIC drops other unicast; the stack drops other addresses).
    func accepts(_ p: TCPPacket, onPort port: UInt16, at t: Int64) -> Bool {
        let host = Int(port)
        guard (1...setup.hosts).contains(host) else { return false }
        let ip = LabSetup.hostIP(host)
        return setup.servers.contains(ip) && setup.isUp(ip, at: t) && p.dstMAC == LabSetup.hostMAC(host) && p.dstIP == ip
    }
}
