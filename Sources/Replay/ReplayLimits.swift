/// Bounds on what a replay keeps, so memory follows the number of connections and servers,
/// never the number of packets.
///
/// Lists of evidence that grow with packets (a client retransmitting its SYN, a connection whose
/// every packet reaches the controller because no entry is ever installed, probes over a long
/// capture) keep their first entries up to these bounds; the rest are counted in
/// `ReplayEngine.omitted` and reported as one warning at the end. The bounds are far above what
/// a lab session produces (rr-many: under 10 installs per connection, ~100 probes per server),
/// so the checks see everything in any real capture.
public struct ReplayLimits: Sendable {
    /// Frame references per data-plane list of one connection (SYNs, SYN-ACKs, RSTs).
    public var refsPerDataList = 64
    /// Install traces per connection and direction.
    public var installsPerConnection = 256
    /// Installs for traffic that should have been dropped, over the whole session.
    public var strayInstalls = 1024
    /// ERROR messages from the switch kept with their frames.
    public var controlErrors = 1024
    /// Probes, probe times and replies kept per server; unsolicited replies and liveness transitions
    /// over the session.
    public var probesPerServer = 4096
    /// PACKET_INs waiting for their answer. Beyond it the oldest is settled early (as unanswered
    /// if its answer had not come): a flood of PACKET_INs inside one response window.
    public var pendingPacketIns = 4096
    /// Diagnostics listed per input file; the rest are counted in one closing line.
    public var diagnosticsPerFile = 200

    public init() {}
}

/// What a replay counted but did not keep (see `ReplayLimits`). All zero in any lab capture.
public struct OmittedCounts: Sendable, Equatable {
    public var dataRefs = 0
    public var installs = 0
    public var strayInstalls = 0
    public var controlErrors = 0
    public var probes = 0
    /// PACKET_INs settled before their response window closed because too many were waiting.
    public var pendingSettledEarly = 0

    public init() {}

    public var isZero: Bool { self == OmittedCounts() }

    /// One line for the report, naming each bound that was reached.
    public var summary: String {
        var parts: [String] = []
        if dataRefs > 0 { parts.append("\(dataRefs) data-plane frame references") }
        if installs > 0 { parts.append("\(installs) install traces of long connections") }
        if strayInstalls > 0 { parts.append("\(strayInstalls) stray installs") }
        if controlErrors > 0 { parts.append("\(controlErrors) switch ERROR messages") }
        if probes > 0 { parts.append("\(probes) probes, probe replies and liveness transitions") }
        var s = "memory bounds reached: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ") + " were counted but not kept")
        if pendingSettledEarly > 0 {
            s += "; \(pendingSettledEarly) PACKET_INs were judged before their response window closed (too many waiting at once)"
        }
        return s
    }
}

extension Array {
    /// Appends when below `limit`, else counts the element in `omitted`.
    /// `e` is consumed: a caller that passes its last use moves it in rather than copying it.
    @inlinable mutating func append(_ e: consuming Element, boundedBy limit: Int, omitted: inout Int) {
        if count < limit { append(consume e) } else { omitted += 1 }
    }
}
