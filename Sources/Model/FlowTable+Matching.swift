import OpenFlow
import Wire

// Match relations of OpenFlow 1.0, field by field through `MatchField`: a field
// takes part with its matched bits (all or nothing for plain fields, a prefix
// for nw_src/nw_dst).

private func prefixMask(_ bits: Int) -> UInt64 {
    bits >= 32 ? 0xffff_ffff : bits <= 0 ? 0 : (0xffff_ffff << UInt64(32 - bits)) & 0xffff_ffff
}

/// The mask of the bits of field `f` that `m` matches.
private func fieldMask(_ f: MatchField, _ m: OFMatch) -> UInt64 {
    switch f {
    case .nwSrc, .nwDst: return prefixMask(f.matchedBits(in: m))
    default: return f.matchedBits(in: m) == 0 ? 0 : ~0
    }
}

/// Whether `rule` matches the exact packet `packet`.
func covers(_ rule: OFMatch, _ packet: OFMatch) -> Bool {
    for f in MatchField.allCases {
        let mask = fieldMask(f, rule)
        if mask != 0 && f.value(in: rule) & mask != f.value(in: packet) & mask { return false }
    }
    return true
}

/// Whether every packet `inner` matches is matched by `outer` (what non-strict
/// MODIFY and DELETE select).
func coversMatch(_ outer: OFMatch, _ inner: OFMatch) -> Bool {
    for f in MatchField.allCases {
        let om = fieldMask(f, outer), im = fieldMask(f, inner)
        if om & im != om { return false }            // inner leaves open a bit outer fixes
        if f.value(in: outer) & om != f.value(in: inner) & om { return false }
    }
    return true
}

/// Same wildcards and the same values in every matched bit.
func identical(_ a: OFMatch, _ b: OFMatch) -> Bool {
    for f in MatchField.allCases {
        let am = fieldMask(f, a)
        if am != fieldMask(f, b) { return false }
        if f.value(in: a) & am != f.value(in: b) & am { return false }
    }
    return true
}

/// Whether some packet could match both.
func overlaps(_ a: OFMatch, _ b: OFMatch) -> Bool {
    for f in MatchField.allCases {
        let common = fieldMask(f, a) & fieldMask(f, b)
        if f.value(in: a) & common != f.value(in: b) & common { return false }
    }
    return true
}

extension FlowTable {
    /// Whether `rule` (a flow entry's match) matches the exact packet `packet`,
    /// honouring wildcards and the nw_src/nw_dst prefix lengths.
    public static func matches(_ rule: OFMatch, packet: OFMatch) -> Bool { covers(rule, packet) }
}
