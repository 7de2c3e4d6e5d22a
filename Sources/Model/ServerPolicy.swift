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
    /// raises before the index moves, so the connection gets no FLOW_MOD at all
    /// and every pick after it raises too until the list is that long again.
    /// For such a pick the model expects what wrapping on `index >= count` gives
    /// (what the author evidently meant: the first live server), marks the
    /// decision with `DecisionInfo.labCodeWouldFail`, and leaves the index where
    /// the lab's code leaves it, and flow memory does not store the connection
    /// (that code raised before storing it). The capture decides which code ran:
    /// a FLOW_MOD answering the pick shows the wrap, and
    /// `BalancerModel.adoptActualChoice` stores the connection and moves the
    /// index on; without one, the client's next packet is a new decision again.
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
    /// The round-robin index had run past the live list (the lab's code would raise); the index
    /// was left where it was.
    var labCodeWouldFail: Bool
}

extension ServerPolicy {
    /// Picks from `live` (non-empty, in the order servers came up) and advances `index`, except
    /// past the list's end (see `roundRobin`).
    /// `singletons[i]` is `[live[i]]`, built once by the model: a pick shares it instead of
    /// allocating its one-element list of valid choices.
    func pick(from live: [IPv4Address], singletons: [[IPv4Address]], index: inout Int) -> PolicyPick {
        switch self {
        case .roundRobin:
            if index > live.count {
                return PolicyPick(server: live[0], validChoices: singletons[0], index: 0, labCodeWouldFail: true)
            }
            if index == live.count { index = 0 }
            defer { index += 1 }
            return PolicyPick(server: live[index], validChoices: singletons[index], index: index, labCodeWouldFail: false)
        case .random:
            return PolicyPick(server: nil, validChoices: live, index: nil, labCodeWouldFail: false)
        }
    }
}
