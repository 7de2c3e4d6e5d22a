import Capture
import OpenFlow
import Wire

extension BalancerModel {
    /// What the controller should do about a PACKET_IN carrying `packet`, which
    /// entered the switch on `inPort` (this wins over `packet.match.inPort`).
    ///
    /// TCP from a server is reverse traffic, TCP to the service IP forward
    /// traffic; other TCP is ignored, ARP is ignored here (replies go through
    /// `arpReply`), anything else is dropped.
    /// `opensConnection`: the packet is a SYN without ACK, or its flags are not known. Only a
    /// capture that began mid-session reads it: another packet of a connection it does not know
    /// belongs to one that began before, which the controller may remember.
    public mutating func tcpPacketIn(_ packet: PacketKey, inPort: UInt16, at t: Timestamp, evidence: Int,
                                     opensConnection: Bool = true) -> Expectation {
        advance(to: t, evidence: evidence)
        var packet = packet
        packet.match.inPort = inPort
        packet.match.wildcards = 0
        let m = packet.match
        var x = Expectation(kind: .ignore(.notBalanced), time: t, evidence: evidence, packet: packet)
        if m.dlType == 0x0806 {
            x.kind = .ignore(.arp)
            return x
        }
        guard m.dlType == 0x0800 && m.nwProto == 6 else {
            x.kind = .drop(.notTCPOrARP)
            x.release = .forDrop(packet)
            return x
        }
        if config.servers.contains(m.nwSrc) { reverse(&x) } else if m.nwDst == config.serviceIP { forward(&x, opensConnection: opensConnection) }
        return x
    }

    /// Fills in `x` for reverse traffic (in place: as a value in and out it was copied twice).
    private mutating func reverse(_ x: inout Expectation) {
        let m = x.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        guard let id = memory.id(for: key), let entry = memory[id] else {
            if let start = joinedLateAt, x.time <= flowMemoryDeadline(after: start) {
                x.kind = .ignore(.startedBeforeCapture)
                return
            }
            x.kind = .drop(.unknownReverse)
            x.release = .forDrop(x.packet)
            return
        }
        memory.refresh(id, until: flowMemoryDeadline(after: x.time))
        x.clientPort = entry.clientPort
        guard location(of: entry.server) != nil else {
            x.kind = .ignore(.reverseServerNotLive)
            return
        }
        x.kind = .reverse
        x.release = .forInstall(x.packet)
        x.flowMod = ExpectedFlowMod(
            match: m,
            actions: reverseActions(toClientPort: entry.clientPort),
            idleTimeout: config.flowIdleTimeout, hardTimeout: config.flowHardTimeout,
            priority: config.flowPriority, releasesPacket: .forInstall(x.packet), anyDlSrc: balancerMAC == nil)
    }

    /// Fills in `x` for forward traffic.
    private mutating func forward(_ x: inout Expectation, opensConnection: Bool) {
        let m = x.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        let live = liveServerIPs
        // The lookup below and, for a new connection, the reverse key stored after it each miss the
        // cache in a window of thousands of connections: fetched together, they miss it once.
        memory.prefetch(key)
        for server in live.prefix(4) { memory.prefetch(FlowKey(srcIP: server, dstIP: m.nwSrc, srcPort: m.tpDst, dstPort: m.tpSrc)) }
        x.release = .forInstall(x.packet)
        if let id = memory.id(for: key), let entry = memory[id], let i = liveIndex(of: entry.server) {
            memory.refresh(id, until: flowMemoryDeadline(after: x.time))
            x.kind = .forward
            x.decision = DecisionInfo(kind: .flowMemoryHit, server: entry.server, validChoices: liveServerChoices[i],
                                      liveServers: live, roundRobinIndex: nil, labCodeWouldFail: false,
                                      decisionIndex: entry.decision)
            x.flowMod = forwardFlowMod(x, toLive: i)
            return
        }
        if !opensConnection, let start = joinedLateAt, x.time <= flowMemoryDeadline(after: start),
           !(live.isEmpty && unresolvedServers.isEmpty) {
            // A packet, not the SYN, of a connection the model does not know, early in a capture that
            // began mid-session: it began before, and the controller may well remember it. Its choice
            // is followed as a memory hit (`commitRemembered`): the rotation does not move.
            follow(&x, as: .flowMemoryHit, live: live)
            return
        }
        if rotationUnknown || !unresolvedServers.isEmpty {
            follow(&x, as: .newDecision, live: live)
            return
        }
        guard !live.isEmpty else {
            x.kind = .drop(.noLiveServer)
            x.release = .forDrop(x.packet)
            return
        }
        x.kind = .forward
        let pick = config.policy.pick(from: live, singletons: liveServerChoices, index: &roundRobinIndex)
        var info = DecisionInfo(kind: .newDecision, server: pick.server, validChoices: pick.validChoices,
                                liveServers: live, roundRobinIndex: pick.index,
                                labCodeWouldFail: pick.labCodeWouldFail, decisionIndex: nil)
        if let server = pick.server, let i = liveIndex(of: server) {
            info.decisionIndex = remember(x, server: server, index: pick.index, wouldFail: pick.labCodeWouldFail)
            x.flowMod = forwardFlowMod(x, toLive: i)
        } else {
            for s in pick.validChoices {
                if let i = liveIndex(of: s) { x.candidateFlowMods[s] = forwardFlowMod(x, toLive: i) }
            }
        }
        x.decision = info
    }

    /// A forward packet whose server the model cannot tell (a capture that began mid-session: the
    /// controller's state, see `unresolvedServers` and `rotationUnknown`, or its memory of a connection
    /// from before, is not known): any live or unresolved server is a valid choice, and the
    /// controller's is followed (`commitChoice` for a new decision, `commitRemembered` for a memory hit).
    private func follow(_ x: inout Expectation, as kind: DecisionInfo.Kind, live: [IPv4Address]) {
        x.kind = .forward
        x.decision = DecisionInfo(kind: kind, server: nil, validChoices: live + unresolvedServers.filter { !live.contains($0) },
                                  liveServers: live, roundRobinIndex: nil, labCodeWouldFail: false, decisionIndex: nil,
                                  mayDrop: kind == .newDecision && live.allSatisfy { unresolvedServers.contains($0) })
        for i in live.indices { x.candidateFlowMods[live[i]] = forwardFlowMod(x, toLive: i) }
    }

    /// The controller sent the connection of `expectation`, one it remembered from before the
    /// capture (see `forward`), to `server`: stored as it is in the controller's memory.
    /// Returns the FLOW_MOD that implies, or nil when `server` is not a valid choice or not live.
    @discardableResult
    public mutating func commitRemembered(_ server: IPv4Address, for expectation: Expectation) -> ExpectedFlowMod? {
        guard let info = expectation.decision, info.kind == .flowMemoryHit, info.server == nil,
              info.validChoices.contains(server), let i = liveIndex(of: server) else { return nil }
        let flowMod = expectation.candidateFlowMods[server] ?? forwardFlowMod(expectation, toLive: i)
        store(expectation, server: server, decision: MemoryEntry.beforeCapture)
        return flowMod
    }

    /// The controller chose `server` for the new, undetermined decision of `expectation` (a
    /// random one, or one made while the state was unknown): records it in flow memory and the
    /// decision log; under round robin the rotation goes on after it. Returns the FLOW_MOD that
    /// choice implies, or nil when it was not a valid choice or `server` is not live (then
    /// nothing is recorded).
    @discardableResult
    public mutating func commitChoice(_ server: IPv4Address, for expectation: Expectation) -> ExpectedFlowMod? {
        guard let info = expectation.decision, info.kind == .newDecision, info.server == nil,
              info.validChoices.contains(server), let i = liveIndex(of: server)
        else { return nil }
        // A server learned from this very FLOW_MOD (`learnServer`) has no candidate made for it.
        let flowMod = expectation.candidateFlowMods[server] ?? forwardFlowMod(expectation, toLive: i)
        remember(expectation, server: server, index: nil, wouldFail: false)
        if config.policy == .roundRobin {
            roundRobinIndex = i + 1
            if config.servers.count <= 2 { rotationUnknown = false }
        }
        return flowMod
    }

    /// The forward rewrite to `liveServers[i]` (any SET_DL_DST and OUTPUT while its location has not shown).
    private func forwardFlowMod(_ x: Expectation, toLive i: Int) -> ExpectedFlowMod {
        ExpectedFlowMod(
            match: x.packet.match,
            actions: forwardActions[i],
            idleTimeout: config.flowIdleTimeout, hardTimeout: config.flowHardTimeout,
            priority: config.flowPriority, releasesPacket: .forInstall(x.packet), anyLocation: !liveServers[i].verified)
    }

    /// The reverse rewrite's actions: SET_DL_SRC the balancer's MAC, SET_NW_SRC the service IP,
    /// OUTPUT to the client's port. Shared per port (see `reverseActionsByPort`).
    private mutating func reverseActions(toClientPort port: UInt16) -> [OFAction] {
        if let cached = reverseActionsByPort.first(where: { $0.port == port }) { return cached.actions }
        let actions: [OFAction] = [.setDlSrc(balancerMAC ?? .zero), .setNwSrc(config.serviceIP), .output(port: port, maxLen: 0xffff)]
        if reverseActionsByPort.count < 64 { reverseActionsByPort.append((port, actions)) }
        return actions
    }

    /// Logs a new decision and stores it under both directions' keys; returns its index (in the log,
    /// when kept). A pick the lab's code raises on (`wouldFail`) is not stored: that code raised
    /// before storing it, and left any entry the keys held as it was; `adoptActualChoice` stores it
    /// once a FLOW_MOD shows the controller wrapped instead.
    @discardableResult
    private mutating func remember(_ x: Expectation, server: IPv4Address, index: Int?, wouldFail: Bool) -> Int {
        let m = x.packet.match
        let n = decisionCount
        decisionCount += 1
        if decisionLog.count < config.decisionLogLimit {
            decisionLog.append(DecisionRecord(client: m.nwSrc, clientPort: m.tpSrc, server: server, time: x.time,
                                              evidence: x.evidence, policy: config.policy, liveServers: liveServerIPs,
                                              roundRobinIndex: index, labCodeWouldFail: wouldFail))
        }
        if !wouldFail { store(x, server: server, decision: n) }
        return n
    }

    /// Stores decision `n` of `x`, to `server`, under both directions' keys.
    private mutating func store(_ x: Expectation, server: IPv4Address, decision n: Int) {
        let m = x.packet.match
        memory.insert(MemoryEntry(
            server: server, clientPort: m.inPort,
            forwardKey: FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst),
            reverseKey: FlowKey(srcIP: server, dstIP: m.nwSrc, srcPort: m.tpDst, dstPort: m.tpSrc),
            expiresAt: flowMemoryDeadline(after: x.time), decision: n))
    }
}

extension BalancerModel {
    /// The controller chose `server` for the new decision of `expectation`, where the round-robin
    /// model expected another, or where the lab's code would have raised (`labCodeWouldFail`).
    ///
    /// Another server: the model follows the controller from here on, so that one wrong pick is
    /// reported once rather than shifting every later expectation: flow memory remembers the
    /// server actually chosen, and the rotation continues after it (the next live server after the
    /// one chosen last). A pick the lab's code would have raised on, answered: the controller
    /// wraps on `>=`, so the connection is stored now (see `remember`) and the index moves on past
    /// the server chosen, if no later pick has been made from the index since. (With two servers a
    /// pick made meanwhile gives what wrapping gives; with three or more, a wrapping controller
    /// answering two such PACKET_INs that both arrived before its first FLOW_MOD is blamed once
    /// for the second.) Returns the FLOW_MOD the actual choice implies, or nil when `server` is
    /// not live (then nothing changes: a dead-server finding, not a new rotation).
    @discardableResult
    public mutating func adoptActualChoice(_ server: IPv4Address, for expectation: Expectation) -> ExpectedFlowMod? {
        guard let info = expectation.decision, info.kind == .newDecision, let loc = location(of: server) else { return nil }
        if info.server == nil { return commitChoice(server, for: expectation) }
        let m = expectation.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        if info.labCodeWouldFail, let n = info.decisionIndex {
            if memory.id(for: key).flatMap({ memory[$0] })?.decision != n { store(expectation, server: server, decision: n) }
            if config.policy == .roundRobin, n == decisionCount - 1, let pos = liveServerIPs.firstIndex(of: server) { roundRobinIndex = pos + 1 }
        }
        guard info.server != server else { return expectation.flowMod }
        if let id = memory.id(for: key) { memory.reassign(id, to: server) }
        if let n = info.decisionIndex, n < decisionLog.count { decisionLog[n].server = server }
        if config.policy == .roundRobin, let pos = liveServerIPs.firstIndex(of: server) { roundRobinIndex = pos + 1 }
        var flowMod = expectation.flowMod
        flowMod?.actions = [.setDlDst(loc.mac), .setNwDst(loc.ip), .output(port: loc.port, maxLen: 0xffff)]
        flowMod?.anyLocation = !loc.verified
        return flowMod
    }
}
