import Capture
import Model
import OpenFlow
import Wire

extension Synthesizer {
    // MARK: Reverse direction

    func serverSynAck(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        guard let server = c.server, let serverHost = LabSetup.host(of: server) else { return finishNow(&c) }
        let synAck = c.fromServer(server, seq: c.serverISN, ack: c.clientISN &+ 1, flags: [.syn, .ack])
        try dp.entered(synAck, at: abs(t))
        let inPort = UInt16(serverHost)
        let pin = OFPacketIn(bufferId: ofNoBuffer, totalLen: UInt16(dp.frame.bytes.count), inPort: inPort, reason: 0,
                             data: dp.frame.bytes)
        let sent = try cc.send([OFMessage(xid: 0, body: .packetIn(pin))], .toController, at: abs(t) + 400)
        c.record.reversePacketIn = sent.frame
        let x = model.tcpPacketIn(PacketKey(match: Connection.exactMatch(synAck, inPort: inPort)), inPort: inPort,
                                  at: ts(sent.time), evidence: sent.frame)
        // Unknown reverse traffic (a connection that bypassed the controller) is dropped; so is
        // everything when the reverse flow is the missing piece.
        guard x.kind == .reverse, let clientPort = x.clientPort, !c.faults.missingReverseFlow else { return finishNow(&c) }
        var actions: [OFAction] = []
        if !c.faults.missingActions.contains(.setDlSrc) { actions.append(.setDlSrc(LabSetup.balancerMAC)) }
        if !c.faults.missingActions.contains(.setNwSrc) { actions.append(.setNwSrc(setup.serviceIP)) }
        actions.append(.output(port: clientPort, maxLen: 0xffff))
        c.reverseActions = actions
        queue.push(.step(c.index, .controllerReverse), at: t + 1100)
    }

    func controllerReverse(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        guard let server = c.server, let serverHost = LabSetup.host(of: server) else { return finishNow(&c) }
        let synAck = c.fromServer(server, seq: c.serverISN, ack: c.clientISN &+ 1, flags: [.syn, .ack])
        let inPort = UInt16(serverHost)
        let mod = OFFlowMod(match: Connection.exactMatch(synAck, inPort: inPort), command: 0, idleTimeout: 10, hardTimeout: 0,
                            priority: 0x8000, actions: c.reverseActions)
        var frame = FrameBuilder()
        frame.tcp(synAck)
        let out = OFPacketOut(bufferId: ofNoBuffer, inPort: inPort, actions: [.output(port: OFPort.table, maxLen: 0)],
                              data: frame.bytes)
        c.record.reverseFlowMod = try cc.send([OFMessage(xid: cc.xid(), body: .flowMod(mod)),
                                               OFMessage(xid: cc.xid(), body: .barrierRequest),
                                               OFMessage(xid: cc.xid(), body: .packetOut(out))], .toSwitch, at: abs(t)).frame
        queue.push(.step(c.index, .reverseInstalled), at: t + 200)
    }

    func reverseInstalled(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        guard let server = c.server else { return finishNow(&c) }
        try cc.send([OFMessage(xid: 0, body: .barrierReply)], .toController, at: abs(t))
        let synAck = c.fromServer(server, seq: c.serverISN, ack: c.clientISN &+ 1, flags: [.syn, .ack])
        let (out, port) = apply(c.reverseActions, to: synAck)
        try dp.left(out, at: abs(t) + 50)
        guard port == UInt16(c.host), out.dstMAC == c.clientMAC, out.dstIP == c.clientIP else { return finishNow(&c) }
        guard out.srcIP == setup.serviceIP else {
            // The client never sent to this address: its stack answers the SYN-ACK with a reset,
            // which no entry matches, so the switch hands it to the controller (which ignores it).
            var rst = c.fromClient(setup, seq: c.clientISN &+ 1, ack: 0, flags: .rst)
            rst.dstIP = out.srcIP
            rst.dstMAC = out.srcMAC
            rst.window = 0
            try dp.entered(rst, at: abs(t) + 80)
            let pin = OFPacketIn(bufferId: ofNoBuffer, totalLen: UInt16(dp.frame.bytes.count), inPort: UInt16(c.host),
                                 reason: 0, data: dp.frame.bytes)
            let sent = try cc.send([OFMessage(xid: 0, body: .packetIn(pin))], .toController, at: abs(t) + 400)
            _ = model.tcpPacketIn(PacketKey(match: Connection.exactMatch(rst, inPort: UInt16(c.host))), inPort: UInt16(c.host),
                              at: ts(sent.time), evidence: sent.frame)
            return finishNow(&c)
        }
        queue.push(.step(c.index, .transfer), at: t + 150)
    }

    /// The rest of the connection through both entries: ACK, GET, the response, and both FINs.
    func transfer(_ c: inout Connection, at t: Int64) throws(ScenarioError) {
        guard let server = c.server, let serverHost = LabSetup.host(of: server) else { return finishNow(&c) }
        let request = HTTPExchange.request
        let response = responses[serverHost] ?? HTTPExchange.response(host: serverHost)
        responses[serverHost] = response
        let cs = c.clientISN &+ 1, ss = c.serverISN &+ 1
        let g = UInt32(request.count), r = UInt32(response.count)
        var time = abs(t)
        func client(_ seq: UInt32, _ ack: UInt32, _ flags: TCPFlags, _ payload: [UInt8] = []) throws(ScenarioError) {
            let p = c.fromClient(setup, seq: seq, ack: ack, flags: flags)
            try dp.entered(p, payload: payload, at: time)
            try dp.left(apply(c.forwardActions, to: p).packet, payload: payload, at: time + DataPlaneWriter.switchLatency)
            time += 60
        }
        func fromServer(_ seq: UInt32, _ ack: UInt32, _ flags: TCPFlags, _ payload: [UInt8] = []) throws(ScenarioError) {
            let p = c.fromServer(server, seq: seq, ack: ack, flags: flags)
            try dp.entered(p, payload: payload, at: time)
            try dp.left(apply(c.reverseActions, to: p).packet, payload: payload, at: time + DataPlaneWriter.switchLatency)
            time += 60
        }
        try client(cs, ss, .ack)
        try client(cs, ss, [.psh, .ack], request)
        try fromServer(ss, cs &+ g, .ack)
        try fromServer(ss, cs &+ g, [.psh, .ack], response)
        try fromServer(ss &+ r, cs &+ g, [.fin, .ack])
        try client(cs &+ g, ss &+ r &+ 1, .ack)
        try client(cs &+ g, ss &+ r &+ 1, [.fin, .ack])
        try fromServer(ss &+ r &+ 1, cs &+ g &+ 1, .ack)
        c.record.completed = true
        finishNow(&c)
    }

    private func finishNow(_ c: inout Connection) {
        connections[c.index] = c
        finish(c.index)
    }
}
