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
        let ripeSeconds = Double(Self.ripeAge) / 1e9
        while ripe < pending.count, t.interval(since: pending[ripe].time) > ripeSeconds { ripe += 1 }
        guard ripe > 0 else { return }
        // Compacted in place, the ones still waiting slid to the front in order: a list of them
        // built and spliced back cost an allocation and a reference count per PACKET_IN looked at.
        var kept = 0
        for i in 0..<ripe {
            let p = pending[i]
            if p.isAnswered || t.interval(since: p.time) > responseWindow {
                settleOne(p)
            } else {
                if kept != i { pending.swapAt(kept, i) }
                kept += 1
            }
        }
        if kept < ripe { pending.removeSubrange(kept..<ripe) }
        // Younger ones may have been answered already: they are looked at again once ripe.
        pendingMayBeAnswered = pendingMayBeAnswered && pending.count > kept
    }

    /// False when a PACKET_IN that came at `oldest`, the oldest pending, is certainly not yet old
    /// enough at `t` for `settle` to look at it (50 ms; a microsecond less, so that no rounding of the
    /// interval in floating point can differ): then nothing pending can be settled, and the call is
    /// skipped. Every event asked `settle` before, most of them for nothing.
    @inline(__always)
    static func mayRipen(_ oldest: Timestamp, at t: Timestamp) -> Bool {
        guard t.isNanosecondExact && oldest.isNanosecondExact else { return true }
        return t.totalNanoseconds - oldest.totalNanoseconds > Self.ripeAge - 1_000
    }

    /// `settle` looks only at PACKET_INs older than this (nanoseconds).
    static let ripeAge: Int64 = 50_000_000

    /// Too many PACKET_INs waiting: judges the oldest now, with what has arrived for it.
    func settleOldest() {
        guard !pending.isEmpty else { return }
        omitted.pendingSettledEarly += 1
        settleOne(pending.removeFirst())
    }

    private func settleOne(_ p: PendingPacketIn) {
        let kind = p.expectation.kind
        // Matched as patterns: `==` on the kind called its derived equality, three times per settle.
        let direction: InstallTrace.Direction
        switch kind {
        case .forward, .drop(.noLiveServer): direction = .forward
        default: direction = .reverse
        }
        // A capture that began mid-session, before any live server's state showed: the controller
        // may have had none, and dropped the packet ("No servers!"). Nothing answered: nothing to judge.
        if case .forward = kind, p.flowModRef == nil, p.release == nil, p.expectation.decision?.mayDrop == true { return }
        var discrepancies: [FlowModDiscrepancy] = []
        var releaseProblem = p.releaseProblem
        let unexpectedInstall: Bool
        switch kind {
        case .forward, .reverse:
            unexpectedInstall = false
            discrepancies = p.flowModDiscrepancies
            if p.release == nil {
                releaseProblem = releaseProblem
                    ?? (p.bufferId == PacketKey.noBuffer
                        ? "no PACKET_OUT carried the packet on (the switch did not buffer it), so it was lost"
                        : "neither the FLOW_MOD nor a PACKET_OUT released buffer \(p.bufferId)")
            }
        case .drop, .ignore:
            unexpectedInstall = p.flowModRef != nil
        }

        var sincePreviousInstall: Double?
        var index: Int?
        if let key = p.connection {
            index = liveNumber(of: key, was: p.connectionNumber)
            // Only a live connection's: retiring it drops the time, and nothing would drop one kept
            // for a connection the controller never balanced (stray reverse installs), so a capture
            // full of them grew a table of them without bound.
            if p.flowModRef != nil, let i = index {
                if let last = lastInstall[i - liveBase] { sincePreviousInstall = p.time.interval(since: last) }
                lastInstall[i - liveBase] = p.time
            }
        }
        // The trace is built where it is stored, so that it is moved into the list, not copied.
        func trace() -> InstallTrace {
            installTrace(p, direction, discrepancies: discrepancies, releaseProblem: releaseProblem,
                         unexpectedInstall: unexpectedInstall, sincePreviousInstall: sincePreviousInstall)
        }
        guard let i = index else {
            // An install for a packet that should have had none, or reverse traffic of a connection
            // the controller never balanced.
            if unexpectedInstall || (p.connection != nil && kind == .reverse) {
                strayInstalls.append(trace(), boundedBy: limits.strayInstalls, omitted: &omitted.strayInstalls)
            }
            return
        }
        let limit = limits.installsPerConnection
        let j = i - liveBase
        // A connection's first install (nearly always its only one each way) makes its list as an
        // array of one: appending to the empty list went through the general growth path, twice
        // the instructions.
        if direction == .forward {
            if liveConnections[j].forward.isEmpty && limit > 0 { liveConnections[j].forward = [trace()] }
            else { liveConnections[j].forward.append(trace(), boundedBy: limit, omitted: &omitted.installs) }
        } else {
            if liveConnections[j].reverse.isEmpty && limit > 0 { liveConnections[j].reverse = [trace()] }
            else { liveConnections[j].reverse.append(trace(), boundedBy: limit, omitted: &omitted.installs) }
        }
    }

    /// The number of the live connection `key`, as `connectionIndex[key]` gives it, asking the
    /// table only when `number` (what it gave earlier) may be stale: a connection retired since
    /// has left its slot, and its key may have come back as a new connection.
    private func liveNumber(of key: ConnectionKey, was number: Int?) -> Int? {
        if let i = number, i - liveBase >= retiredFront, i - liveBase < liveConnections.count {
            let j = i - liveBase   // fields read in place: a copy of the trace retained every list in it
            if liveConnections[j].client == key.client && liveConnections[j].clientPort == key.clientPort
                && liveConnections[j].servicePort == key.servicePort { return i }
        }
        return connectionIndex[key]
    }

    private func installTrace(_ p: PendingPacketIn, _ direction: InstallTrace.Direction, discrepancies: [FlowModDiscrepancy],
                              releaseProblem: String?, unexpectedInstall: Bool, sincePreviousInstall: Double?) -> InstallTrace {
        // Every field given to the initialiser: set afterwards, the local was copied out on return
        // and destroyed (the trace is some 220 bytes, six of them references).
        InstallTrace(
            packetIn: p.ref, validServers: p.expectation.decision?.validChoices ?? [], discrepancies: discrepancies,
            liveServers: p.liveServers,
            flowMods: keepsFlowMods ? InstallTrace.FlowMods(expected: p.expectedFlowMod, installed: p.flowModMessage) : nil,
            releaseProblem: releaseProblem, flowMod: p.flowModRef, direction: direction, decisionKind: p.expectation.decision?.kind,
            deadServer: p.deadServer, bufferId: p.bufferId, release: p.release, memoryBroken: p.memoryBroken,
            unexpectedInstall: unexpectedInstall, packet: p.key, time: p.time, expectedServer: p.expectation.decision?.server,
            flowModLatency: p.flowModRef == nil ? nil : p.flowModTime.interval(since: p.time),
            sincePreviousInstall: sincePreviousInstall, actualServer: p.actualServer,
            labCodeWouldFail: p.expectation.decision?.labCodeWouldFail ?? false,
            locationNotJudged: p.flowModRef != nil && p.expectsAnyLocation,
            expectedDrop: p.flowModRef == nil && p.expectation.kind == .drop(.noLiveServer))
    }
}
