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
    public mutating func tcpPacketIn(_ packet: PacketKey, inPort: UInt16, at t: Timestamp, evidence: Int) -> Expectation {
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
        if config.servers.contains(m.nwSrc) { reverse(&x) } else if m.nwDst == config.serviceIP { forward(&x) }
        return x
    }

    /// Fills in `x` for reverse traffic (in place: as a value in and out it was copied twice).
    private mutating func reverse(_ x: inout Expectation) {
        let m = x.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        guard let id = memory.id(for: key), let entry = memory[id] else {
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
    private mutating func forward(_ x: inout Expectation) {
        let m = x.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        let live = liveServerIPs
        // The lookup below and, for a new connection, the reverse key stored after it each miss the
        // cache in a window of thousands of connections: fetched together, they miss it once.
        memory.prefetch(key)
        for server in live.prefix(4) { memory.prefetch(FlowKey(srcIP: server, dstIP: m.nwSrc, srcPort: m.tpDst, dstPort: m.tpSrc)) }
        x.release = .forInstall(x.packet)
        if let id = memory.id(for: key), let entry = memory[id], !entry.tentative, let i = liveIndex(of: entry.server) {
            memory.refresh(id, until: flowMemoryDeadline(after: x.time))
            x.kind = .forward
            x.decision = DecisionInfo(kind: .flowMemoryHit, server: entry.server, validChoices: liveServerChoices[i],
                                      liveServers: live, roundRobinIndex: nil, labCodeWouldFail: false,
                                      decisionIndex: entry.decision)
            x.flowMod = forwardFlowMod(x, toLive: i)
            return
        }
        if !unresolvedServers.isEmpty {
            decideWithStateUnknown(&x, live: live)
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

    /// A new connection while the controller's state is not known (see `unresolvedServers`): any
    /// live or unresolved server is a valid choice, and the controller's is followed.
    private func decideWithStateUnknown(_ x: inout Expectation, live: [IPv4Address]) {
        x.kind = .forward
        x.decision = DecisionInfo(kind: .newDecision, server: nil, validChoices: live + unresolvedServers, liveServers: live,
                                  roundRobinIndex: nil, labCodeWouldFail: false, decisionIndex: nil)
        for i in live.indices { x.candidateFlowMods[live[i]] = forwardFlowMod(x, toLive: i) }
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
        if config.policy == .roundRobin { roundRobinIndex = i + 1 }
        return flowMod
    }

    /// The forward rewrite to `liveServers[i]`.
    private func forwardFlowMod(_ x: Expectation, toLive i: Int) -> ExpectedFlowMod {
        ExpectedFlowMod(
            match: x.packet.match,
            actions: forwardActions[i],
            idleTimeout: config.flowIdleTimeout, hardTimeout: config.flowHardTimeout,
            priority: config.flowPriority, releasesPacket: .forInstall(x.packet))
    }

    /// The reverse rewrite's actions: SET_DL_SRC the balancer's MAC, SET_NW_SRC the service IP,
    /// OUTPUT to the client's port. Shared per port (see `reverseActionsByPort`).
    private mutating func reverseActions(toClientPort port: UInt16) -> [OFAction] {
        if let cached = reverseActionsByPort.first(where: { $0.port == port }) { return cached.actions }
        let actions: [OFAction] = [.setDlSrc(balancerMAC ?? .zero), .setNwSrc(config.serviceIP), .output(port: port, maxLen: 0xffff)]
        if reverseActionsByPort.count < 64 { reverseActionsByPort.append((port, actions)) }
        return actions
    }

    /// Stores a new decision under both directions' keys and logs it; returns its index (in the log, when kept).
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
        memory.insert(MemoryEntry(
            server: server, clientPort: m.inPort,
            forwardKey: FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst),
            reverseKey: FlowKey(srcIP: server, dstIP: m.nwSrc, srcPort: m.tpDst, dstPort: m.tpSrc),
            expiresAt: flowMemoryDeadline(after: x.time), decision: n, tentative: wouldFail))
        return n
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
    /// wraps on `>=`, so the index moves on past the server chosen as that code moves it, if no
    /// later pick has been made from the index since (one made from it would have wrapped too:
    /// it stays as it was). Returns the FLOW_MOD the actual choice implies, or nil when `server`
    /// is not live (then nothing changes: a dead-server finding, not a new rotation).
    @discardableResult
    public mutating func adoptActualChoice(_ server: IPv4Address, for expectation: Expectation) -> ExpectedFlowMod? {
        guard let info = expectation.decision, info.kind == .newDecision, let loc = location(of: server) else { return nil }
        if info.server == nil { return commitChoice(server, for: expectation) }
        let m = expectation.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        if info.labCodeWouldFail, let id = memory.id(for: key), memory[id]?.decision == info.decisionIndex { memory.confirm(id) }
        guard info.server != server else {
            if info.labCodeWouldFail, config.policy == .roundRobin, info.decisionIndex == decisionCount - 1,
               let pos = liveServerIPs.firstIndex(of: server) { roundRobinIndex = pos + 1 }
            return expectation.flowMod
        }
        if let id = memory.id(for: key) { memory.reassign(id, to: server) }
        if let n = info.decisionIndex, n < decisionLog.count { decisionLog[n].server = server }
        if config.policy == .roundRobin, let pos = liveServerIPs.firstIndex(of: server) { roundRobinIndex = pos + 1 }
        var flowMod = expectation.flowMod
        flowMod?.actions = [.setDlDst(loc.mac), .setNwDst(loc.ip), .output(port: loc.port, maxLen: 0xffff)]
        return flowMod
    }

    /// Nothing answered the new decision of `expectation`: no FLOW_MOD, no PACKET_OUT. Where the
    /// lab's code would have raised (`labCodeWouldFail`), that is what it did: it raised before
    /// storing the connection, so the model forgets the tentative entry it stored for the pick
    /// (until now only a memory hit ignored it). The index was
    /// never moved for such a pick (see `ServerPolicy.roundRobin`). Any other unanswered decision
    /// is left as it is: why the controller sent nothing is not known, so neither is what it kept.
    /// Returns whether an entry was forgotten.
    @discardableResult
    public mutating func abandonDecision(_ expectation: Expectation) -> Bool {
        guard let info = expectation.decision, info.kind == .newDecision, info.labCodeWouldFail,
              let n = info.decisionIndex else { return false }
        let m = expectation.packet.match
        let key = FlowKey(srcIP: m.nwSrc, dstIP: m.nwDst, srcPort: m.tpSrc, dstPort: m.tpDst)
        guard let id = memory.id(for: key), let entry = memory[id], entry.decision == n, entry.tentative else { return false }
        memory.forget(id)
        return true
    }
}
