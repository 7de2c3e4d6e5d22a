/// Diagnostics name the damage in words: a user reads these in `lbtrace decode`'s stderr and in
/// `lbtrace check`'s Input section, so they say which field was wrong and by how much.
extension OFDecodeError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncatedHeader(let n):
            "header cut short (\(n) of 8 bytes)"
        case .badLength(let declared, let available):
            "header length \(declared) but \(available) bytes given"
        case .bodyTooShort(let type, let needed, let available):
            "type \(type) body too short (\(available) bytes, needs \(needed))"
        case .badBodyLength(let type, let length):
            "type \(type) body length \(length) does not fit its structure"
        case .badActionLength(let offset, let length):
            "action at byte \(offset) has length \(length) (must be a multiple of 8, at least its type's size, within the list): the action list does not add up"
        case .actionsLengthBeyondMessage(let actionsLength, let available):
            "actions_len \(actionsLength) runs past the message (\(available) bytes left)"
        case .badStatsEntryLength(let offset, let length):
            "stats entry at byte \(offset) has length \(length), too small or past the end of the body: the stats body does not add up"
        case .badQueueLength(let offset, let length):
            "queue entry at byte \(offset) has length \(length), too small or past the end of the message"
        }
    }
}

extension OFStreamGarbage.Reason {
    /// The reason in words, for diagnostics. (Not `description`: tests and logs rely on the
    /// enum's own rendering, `skippedToResync`, as a compact key.)
    public var summary: String {
        switch self {
        case .lengthBelowHeader(let n):
            "an OpenFlow header with length \(n) (below 8)"
        case .skippedToResync:
            "bytes that are not OpenFlow, skipped to resynchronise"
        case .incompleteAtEnd(let claimed?, let received):
            "an unfinished message at the end (\(received) of the \(claimed) bytes its header claims)"
        case .incompleteAtEnd(nil, let received):
            "an unfinished header at the end (\(received) of 8 bytes)"
        }
    }
}
