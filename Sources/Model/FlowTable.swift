import Capture
import OpenFlow
import Wire

/// One entry of the switch's flow table.
public struct FlowEntry: Hashable, Sendable {
    public var match: OFMatch
    public var priority: UInt16
    public var actions: [OFAction]
    /// Seconds without a matching packet before removal; 0 = never.
    public var idleTimeout: UInt16
    /// Seconds after installation before removal; 0 = never.
    public var hardTimeout: UInt16
    public var cookie: UInt64
    /// `OFPFF_*` bits: 1 SEND_FLOW_REM, 2 CHECK_OVERLAP, 4 EMERG.
    public var flags: UInt16
    public var installedAt: Timestamp
    public var lastUsed: Timestamp
    public var packetCount: UInt64
    public var byteCount: UInt64
    /// The FLOW_MOD that installed (or last replaced) the entry.
    public var evidence: Int

    /// Whether the entry has no wildcards (OpenFlow 1.0: it outranks every wildcarded entry).
    public var isExact: Bool { match.wildcards & OFMatch.Wildcards.all == 0 }
    public var sendsFlowRemoved: Bool { flags & 1 != 0 }

    /// When the entry expires and why, given its timeouts and last use; nil if never.
    public var expiry: (at: Timestamp, reason: FlowRemovedReason)? {
        let idle = idleTimeout == 0 ? nil : lastUsed.advanced(bySeconds: idleTimeout)
        let hard = hardTimeout == 0 ? nil : installedAt.advanced(bySeconds: hardTimeout)
        switch (idle, hard) {
        case let (i?, h?): return h <= i ? (h, .hardTimeout) : (i, .idleTimeout)
        case let (i?, nil): return (i, .idleTimeout)
        case let (nil, h?): return (h, .hardTimeout)
        case (nil, nil): return nil
        }
    }
}

/// Why an entry left the table (`ofp_flow_removed_reason`).
public enum FlowRemovedReason: UInt8, Hashable, Sendable {
    case idleTimeout = 0
    case hardTimeout = 1
    case delete = 2
}

/// An entry that left the table, as a FLOW_REMOVED would report it (the switch
/// sends one only when `entry.sendsFlowRemoved`).
public struct RemovedFlow: Hashable, Sendable {
    public var entry: FlowEntry
    public var reason: FlowRemovedReason
    /// When it left: the timeout's deadline, or the DELETE's time.
    public var time: Timestamp
}

/// What a FLOW_MOD did to the table.
public struct FlowModOutcome: Hashable, Sendable {
    /// The entry added (ADD, or a MODIFY that matched nothing).
    public var added: FlowEntry?
    /// The entry an ADD replaced (identical match and priority).
    public var replaced: FlowEntry?
    /// How many entries a MODIFY changed.
    public var modified = 0
    /// Entries a DELETE removed.
    public var removed: [RemovedFlow] = []
    /// An ADD with CHECK_OVERLAP met an overlapping entry of the same priority:
    /// the switch answers OFPET_FLOW_MOD_FAILED/OVERLAP and changes nothing.
    public var rejectedForOverlap = false
}

/// The switch's OpenFlow 1.0 flow table (one table, spec 1.0.0 §3.4 and §4.6).
///
/// A value type driven only by the times passed in. Entries are kept in
/// installation order, which breaks ties between equal priorities (the spec
/// leaves that order undefined).
public struct FlowTable: Sendable {
    public enum Command: UInt16, Hashable, Sendable {
        case add = 0, modify = 1, modifyStrict = 2, delete = 3, deleteStrict = 4
    }

    public private(set) var entries: [FlowEntry] = []

    public init() {}

    /// Applies a FLOW_MOD.
    ///
    /// - ADD: an entry with an identical match (same wildcards and matched
    ///   values) and priority is replaced, its counters reset.
    /// - MODIFY: every entry the FLOW_MOD's match covers (whatever its priority)
    ///   gets the new actions, keeping counters and timeouts; MODIFY_STRICT only
    ///   the entry with identical match and priority. If none, it acts as ADD.
    /// - DELETE: every entry the match covers; DELETE_STRICT identical match and
    ///   priority only. Either way, when `outPort` is not OFPP_NONE only entries
    ///   with an OUTPUT to that port go.
    @discardableResult
    public mutating func apply(command: Command, match: OFMatch, priority: UInt16, actions: [OFAction],
                               idleTimeout: UInt16, hardTimeout: UInt16, flags: UInt16 = 0, cookie: UInt64 = 0,
                               outPort: UInt16 = OFPort.none, at t: Timestamp, evidence: Int) -> FlowModOutcome {
        var outcome = FlowModOutcome()
        let new = FlowEntry(match: match, priority: priority, actions: actions, idleTimeout: idleTimeout,
                            hardTimeout: hardTimeout, cookie: cookie, flags: flags, installedAt: t, lastUsed: t,
                            packetCount: 0, byteCount: 0, evidence: evidence)
        switch command {
        case .add:
            if let i = entries.firstIndex(where: { $0.priority == priority && identical($0.match, match) }) {
                outcome.replaced = entries[i]
                entries[i] = new
            } else if flags & 2 != 0, entries.contains(where: { $0.priority == priority && overlaps($0.match, match) }) {
                outcome.rejectedForOverlap = true
                return outcome
            } else {
                entries.append(new)
            }
            outcome.added = new
        case .modify, .modifyStrict:
            for i in entries.indices where selects(entries[i], command == .modifyStrict, match, priority, OFPort.none) {
                entries[i].actions = actions
                outcome.modified += 1
            }
            if outcome.modified == 0 {
                entries.append(new)
                outcome.added = new
            }
        case .delete, .deleteStrict:
            var kept: [FlowEntry] = []
            for e in entries {
                if selects(e, command == .deleteStrict, match, priority, outPort) {
                    outcome.removed.append(RemovedFlow(entry: e, reason: .delete, time: t))
                } else {
                    kept.append(e)
                }
            }
            entries = kept
        }
        return outcome
    }

    /// Removes the entries whose idle or hard timeout has run out by `t` (an
    /// entry idle for exactly its timeout is gone), in the order they expired.
    public mutating func expire(at t: Timestamp) -> [RemovedFlow] {
        var removed: [RemovedFlow] = []
        entries.removeAll { e in
            guard let x = e.expiry, x.at <= t else { return false }
            removed.append(RemovedFlow(entry: e, reason: x.reason, time: x.at))
            return true
        }
        return removed.sorted { $0.time < $1.time }
    }

    /// The entry a packet (an exact twelve-tuple, in_port set) hits at `t`: an
    /// exact-match entry if one matches, else the highest-priority wildcarded
    /// one. Entries already expired at `t` are passed over (call `expire(at:)`
    /// first to collect them). The hit entry's last use and counters are updated;
    /// the returned value is the entry after that update.
    public mutating func lookup(_ packet: OFMatch, at t: Timestamp, bytes: Int = 0) -> FlowEntry? {
        var best: Int?
        for i in entries.indices {
            let e = entries[i]
            if let x = e.expiry, x.at <= t { continue }
            guard covers(e.match, packet) else { continue }
            guard let b = best else { best = i; continue }
            if rank(e) > rank(entries[b]) { best = i }
        }
        guard let i = best else { return nil }
        entries[i].lastUsed = max(entries[i].lastUsed, t)
        entries[i].packetCount += 1
        entries[i].byteCount += UInt64(max(0, bytes))
        return entries[i]
    }

    /// Exact-match entries outrank all others; then priority.
    private func rank(_ e: FlowEntry) -> Int { (e.isExact ? 0x1_0000 : 0) + Int(e.priority) }

    private func selects(_ e: FlowEntry, _ strict: Bool, _ match: OFMatch, _ priority: UInt16, _ outPort: UInt16) -> Bool {
        let hit = strict ? (e.priority == priority && identical(e.match, match)) : coversMatch(match, e.match)
        guard hit else { return false }
        if outPort == OFPort.none { return true }
        return e.actions.contains { a in
            if case .output(let p, _) = a { return p == outPort }
            if case .enqueue(let p, _) = a { return p == outPort }
            return false
        }
    }
}
