import OpenFlow
import Wire

/// One way a FLOW_MOD the controller sent differs from the one expected.
public enum FlowModDiscrepancy: Hashable, Sendable, CustomStringConvertible {
    /// An expected action is absent (no action of its kind at all).
    case missingAction(OFAction)
    /// An action of the right kind sets the wrong value.
    case wrongActionValue(expected: OFAction, actual: OFAction)
    /// An action that was not expected.
    case unexpectedAction(OFAction)
    /// The packet is sent out of other port(s) than expected.
    case wrongOutputPort(expected: UInt16, actual: UInt16)
    /// A rewrite comes after an OUTPUT: in OpenFlow 1.0 actions run in order,
    /// so the packet leaves through that port unrewritten.
    case rewriteAfterOutput(rewrite: OFAction, outputPort: UInt16)
    /// A field that should be matched exactly is wildcarded: the entry captures other traffic.
    case matchWildcarded(MatchField)
    /// nw_src or nw_dst matched on a shorter prefix than expected.
    case matchPrefixTooShort(MatchField, expectedLength: Int, actualLength: Int)
    /// A field that should be wildcarded is matched (the entry catches too little).
    case matchTooNarrow(MatchField, actual: String)
    /// A matched field has another value than the packet's.
    case matchWrong(MatchField, expected: String, actual: String)
    case idleTimeoutDiffers(expected: UInt16, actual: UInt16)
    case hardTimeoutDiffers(expected: UInt16, actual: UInt16)
    case priorityDiffers(expected: UInt16, actual: UInt16)

    public var description: String {
        switch self {
        case .missingAction(let a):
            // The placeholders of an action whose value was not known (`ExpectedFlowMod.anyDlSrc`, `anyLocation`).
            switch a {
            case .setDlSrc(MACAddress.zero): return "no SET_DL_SRC"
            case .setDlDst(MACAddress.zero): return "no SET_DL_DST"
            case .output(0, _): return "no OUTPUT"
            default: return "no \(actionText(a))"
            }
        case .wrongActionValue(let e, let a): return "\(actionText(a)) where \(actionText(e)) was expected"
        case .unexpectedAction(let a): return "unexpected action \(actionText(a))"
        case .wrongOutputPort(let e, let a):
            return "output to port \(OFPort.name(a) ?? String(a)) instead of \(OFPort.name(e) ?? String(e))"
        case .rewriteAfterOutput(let r, let p):
            return "\(actionText(r)) comes after OUTPUT \(OFPort.name(p) ?? String(p)): the packet leaves before it is rewritten"
        case .matchWildcarded(let f): return "match wildcards \(f.rawValue), which should be exact: the entry catches other traffic"
        case .matchPrefixTooShort(let f, let e, let a):
            return "match \(f.rawValue) is a /\(a) prefix instead of /\(e): the entry catches other hosts"
        case .matchTooNarrow(let f, let a): return "match sets \(f.rawValue) \(a), which should be wildcarded"
        case .matchWrong(let f, let e, let a): return "match \(f.rawValue) is \(a), the packet's is \(e)"
        case .idleTimeoutDiffers(let e, let a): return "idle timeout \(a) s instead of \(e) s"
        case .hardTimeoutDiffers(let e, let a): return "hard timeout \(a) s instead of \(e) s"
        case .priorityDiffers(let e, let a): return "priority \(a) instead of \(e)"
        }
    }
}
