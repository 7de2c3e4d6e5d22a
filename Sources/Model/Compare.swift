import OpenFlow
import Wire

/// How the FLOW_MOD the controller sent differs from `expected`; empty when it
/// does what was expected.
///
/// Actions are paired by kind: an identical action first, then one of the same
/// kind with another value (a wrong value), else the expected action is missing;
/// actual actions left over are unexpected. OUTPUT actions are compared by port
/// only (max_len matters only for output to the controller). Separately, every
/// rewrite that follows an OUTPUT is reported, because OpenFlow 1.0 applies
/// actions in order.
public func compare(expected: ExpectedFlowMod, actualMatch: OFMatch, actualActions: [OFAction],
                    idleTimeout: UInt16, hardTimeout: UInt16, priority: UInt16) -> [FlowModDiscrepancy] {
    var found = compareMatch(expected: expected.match, actual: actualMatch)
    // Appended in place: adding the (nearly always empty) list of action differences cost 150
    // instructions per FLOW_MOD.
    appendActionDiscrepancies(expected: expected.actions, actual: actualActions, anyDlSrc: expected.anyDlSrc,
                              anyLocation: expected.anyLocation, to: &found)
    if idleTimeout != expected.idleTimeout { found.append(.idleTimeoutDiffers(expected: expected.idleTimeout, actual: idleTimeout)) }
    if hardTimeout != expected.hardTimeout { found.append(.hardTimeoutDiffers(expected: expected.hardTimeout, actual: hardTimeout)) }
    if priority != expected.priority { found.append(.priorityDiffers(expected: expected.priority, actual: priority)) }
    return found
}

/// Field by field: wildcarded or shorter-prefix fields that should be matched,
/// matched fields that should be wildcarded, and values that differ (compared on
/// the bits both sides match).
public func compareMatch(expected e: OFMatch, actual a: OFMatch) -> [FlowModDiscrepancy] {
    if e == a { return [] } // the usual case, and every field would agree
    var found: [FlowModDiscrepancy] = []
    for f in MatchField.allCases {
        let eb = f.matchedBits(in: e), ab = f.matchedBits(in: a)
        let isPrefix = f == .nwSrc || f == .nwDst
        if ab < eb {
            found.append(ab == 0 || !isPrefix ? .matchWildcarded(f) : .matchPrefixTooShort(f, expectedLength: eb, actualLength: ab))
        } else if ab > eb {
            found.append(.matchTooNarrow(f, actual: f.text(in: a)))
        }
        let common = min(eb, ab)
        guard common > 0 else { continue }
        var ev = f.value(in: e), av = f.value(in: a)
        if isPrefix {
            let mask: UInt64 = common >= 32 ? 0xffff_ffff : (0xffff_ffff << UInt64(32 - common)) & 0xffff_ffff
            ev &= mask
            av &= mask
        }
        if ev != av { found.append(.matchWrong(f, expected: f.text(in: e), actual: f.text(in: a))) }
    }
    return found
}

/// The action part of `compare`.
public func compareActions(expected: [OFAction], actual: [OFAction], anyDlSrc: Bool = false, anyLocation: Bool = false) -> [FlowModDiscrepancy] {
    var found: [FlowModDiscrepancy] = []
    appendActionDiscrepancies(expected: expected, actual: actual, anyDlSrc: anyDlSrc, anyLocation: anyLocation, to: &found)
    return found
}

/// `compareActions`, appending to `found`.
func appendActionDiscrepancies(expected: [OFAction], actual: [OFAction], anyDlSrc: Bool, anyLocation: Bool,
                               to found: inout [FlowModDiscrepancy]) {
    func same(_ e: OFAction, _ a: OFAction) -> Bool {
        switch (e, a) {
        case let (.output(p, _), .output(q, _)): return p == q || anyLocation
        case (.setDlSrc, .setDlSrc) where anyDlSrc: return true
        case (.setDlDst, .setDlDst) where anyLocation: return true
        default: return e == a
        }
    }
    // The usual case: the actions expected, in order, each the same as its counterpart (a real
    // controller's OUTPUT carries max_len 0 where the model writes 0xffff, so `==` would not do):
    // pairing would pair them one to one and find nothing, so skip it (and its allocations).
    let pairedInOrder = expected.count == actual.count && zip(expected, actual).allSatisfy { same($0, $1) }
    if !pairedInOrder { pairActions(expected: expected, actual: actual, same: same, into: &found) }

    var firstOutput: UInt16?
    for a in actual {
        switch a {
        case .output(let p, _), .enqueue(let p, _):
            if firstOutput == nil { firstOutput = p }
        default:
            if let p = firstOutput, ActionSlot(a).isRewrite { found.append(.rewriteAfterOutput(rewrite: a, outputPort: p)) }
        }
    }
}

/// Pairs expected and actual actions (see `compare`) and reports what is missing, wrong or unexpected.
private func pairActions(expected: [OFAction], actual: [OFAction], same: (OFAction, OFAction) -> Bool,
                         into found: inout [FlowModDiscrepancy]) {
    var used = [Bool](repeating: false, count: actual.count)
    var unpaired: [OFAction] = []
    for e in expected {
        if let i = actual.indices.first(where: { !used[$0] && same(e, actual[$0]) }) {
            used[i] = true
        } else {
            unpaired.append(e)
        }
    }
    for e in unpaired {
        if let i = actual.indices.first(where: { !used[$0] && ActionSlot(actual[$0]) == ActionSlot(e) }) {
            used[i] = true
            if case .output(let ep, _) = e, case .output(let ap, _) = actual[i] {
                found.append(.wrongOutputPort(expected: ep, actual: ap))
            } else {
                found.append(.wrongActionValue(expected: e, actual: actual[i]))
            }
        } else {
            found.append(.missingAction(e))
        }
    }
    for i in actual.indices where !used[i] { found.append(.unexpectedAction(actual[i])) }
}
