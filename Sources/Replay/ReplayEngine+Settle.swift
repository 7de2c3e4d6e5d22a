import Capture
import Model
import OpenFlow
import Wire

extension ReplayEngine {
    /// Settles every pending PACKET_IN that is fully answered, or whose response window closed
    /// before `t` (all of them when `t` is nil: the end of the capture).
    ///
    /// Cost: `pending` is in time order, so when no PACKET_OUT or FLOW_MOD has come since the last
    /// pass (nothing can have been answered) and the oldest has not expired, there is nothing to do.
    /// Without this, a flood of unanswered PACKET_INs made every event walk all of them.
    func settle(before t: Timestamp?) {
        guard !pending.isEmpty else { return }
        guard let t else {
            for p in pending { settleOne(p) }
            pending.removeAll()
            pendingMayBeAnswered = false
            return
        }
        if !pendingMayBeAnswered, t.interval(since: pending[0].time) <= responseWindow { return }
        // Only PACKET_INs older than 50 ms can be settled (an answered one waits that long for a
        // late release), and `pending` is in time order: look at that prefix only.
        var ripe = 0
        while ripe < pending.count, t.interval(since: pending[ripe].time) > 0.05 { ripe += 1 }
        guard ripe > 0 else { return }
        var waiting: [PendingPacketIn] = []
        for p in pending[..<ripe] {
            if p.isAnswered || t.interval(since: p.time) > responseWindow {
                settleOne(p)
            } else {
                waiting.append(p)
            }
        }
        pending.replaceSubrange(0..<ripe, with: waiting)
        // Younger ones may have been answered already: they are looked at again once ripe.
        pendingMayBeAnswered = pendingMayBeAnswered && pending.count > waiting.count
    }

    /// Too many PACKET_INs waiting: judges the oldest now, with what has arrived for it.
    func settleOldest() {
        guard !pending.isEmpty else { return }
        omitted.pendingSettledEarly += 1
        settleOne(pending.removeFirst())
    }

    private func settleOne(_ p: PendingPacketIn) {
        let x = p.expectation
        var trace = InstallTrace(
            direction: x.kind == .forward || x.kind == .drop(.noLiveServer) ? .forward : .reverse,
            packetIn: p.ref, time: p.time, packet: p.key, decisionKind: x.decision?.kind,
            expectedServer: x.decision?.server, validServers: x.decision?.validChoices ?? [],
            flowMod: p.flowMod?.ref, flowModLatency: p.flowMod.map { $0.time.interval(since: p.time) },
            actualServer: p.actualServer, discrepancies: [], release: p.release, releaseProblem: p.releaseProblem,
            deadServer: p.deadServer, memoryBroken: p.memoryBroken, liveServers: p.liveServers,
            unexpectedInstall: false, sincePreviousInstall: nil)
        if keepsFlowMods {
            trace.expected = p.expectedFlowMod
            trace.installed = p.flowMod?.mod
        }
        trace.bufferId = p.bufferId

        switch x.kind {
        case .forward, .reverse:
            if let (_, _, mod) = p.flowMod, let expected = p.expectedFlowMod {
                trace.discrepancies = compare(expected: expected, actualMatch: mod.match, actualActions: mod.actions,
                                              idleTimeout: mod.idleTimeout, hardTimeout: mod.hardTimeout, priority: mod.priority)
            }
            if trace.release == nil {
                trace.releaseProblem = trace.releaseProblem
                    ?? (p.bufferId == PacketKey.noBuffer
                        ? "no PACKET_OUT carried the packet on (the switch did not buffer it), so it was lost"
                        : "neither the FLOW_MOD nor a PACKET_OUT released buffer \(p.bufferId)")
            }
        case .drop, .ignore:
            if p.flowMod != nil { trace.unexpectedInstall = true }
        }

        guard let key = p.connection else {
            if trace.unexpectedInstall { strayInstalls.append(trace, boundedBy: limits.strayInstalls, omitted: &omitted.strayInstalls) }
            return
        }
        if trace.flowMod != nil {
            if let last = lastInstall[key] { trace.sincePreviousInstall = p.time.interval(since: last) }
            lastInstall[key] = p.time
        }
        guard let i = connectionIndex[key] else {
            // Reverse traffic of a connection the controller never balanced.
            if trace.unexpectedInstall || x.kind == .reverse {
                strayInstalls.append(trace, boundedBy: limits.strayInstalls, omitted: &omitted.strayInstalls)
            }
            return
        }
        let limit = limits.installsPerConnection
        if trace.direction == .forward {
            liveConnections[i - liveBase].forward.append(trace, boundedBy: limit, omitted: &omitted.installs)
        } else {
            liveConnections[i - liveBase].reverse.append(trace, boundedBy: limit, omitted: &omitted.installs)
        }
    }
}
