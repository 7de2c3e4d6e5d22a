import Wire

/// How the balancer picks a server for a new connection.
///
/// The model holds the policy's state (the round-robin index) itself, so that
/// `BalancerModel` stays a plain value.
public enum ServerPolicy: Hashable, Sendable {
    /// The lab's change: one index shared by the whole controller module into the
    /// live-server list in the order servers came up. The pick wraps the index to
    /// 0 when it has reached the list's length, takes `live[index]`, then advances
    /// the index by one.
    ///
    /// The lab's code wraps only when the index *equals* the length; after a
    /// server goes down the index can be *past* the length and its list lookup
    /// raises, so the connection gets no FLOW_MOD at all. The model wraps when
    /// `index >= count` instead (what the author evidently meant) and marks such
    /// a decision with `DecisionInfo.labCodeWouldFail`, so a check can say which
    /// behaviour the capture shows.
    case roundRobin
    /// Upstream POX: a uniformly random live server. Any live server is a valid
    /// choice; order is not checked.
    case random
}

/// The outcome of asking a policy for a server.
struct PolicyPick {
    /// The server chosen, when the policy is deterministic.
    var server: IPv4Address?
    /// Every server the controller may validly choose.
    var validChoices: [IPv4Address]
    /// The round-robin index used (after wrapping), nil for other policies.
    var index: Int?
    /// The round-robin index had run past the live list (the lab's code would raise).
    var labCodeWouldFail: Bool
}

extension ServerPolicy {
    /// Picks from `live` (non-empty, in the order servers came up) and advances `index`.
    /// `singletons[i]` is `[live[i]]`, built once by the model: a pick shares it instead of
    /// allocating its one-element list of valid choices.
    func pick(from live: [IPv4Address], singletons: [[IPv4Address]], index: inout Int) -> PolicyPick {
        switch self {
        case .roundRobin:
            let pastEnd = index > live.count
            if index >= live.count { index = 0 }
            defer { index += 1 }
            return PolicyPick(server: live[index], validChoices: singletons[index], index: index, labCodeWouldFail: pastEnd)
        case .random:
            return PolicyPick(server: nil, validChoices: live, index: nil, labCodeWouldFail: false)
        }
    }
}
