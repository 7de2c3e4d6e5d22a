import Wire

/// Finds the OpenFlow control connections among TCP segments, reassembles each direction and
/// cuts it into messages, reported through a callback.
///
/// Usage: call `process(_:_:)` for every TCP segment in capture order, then `finish(_:)` once.
/// Events are delivered synchronously from inside those calls; a message's bytes are valid only
/// inside the callback, and the callback must not call back into the channel.
///
/// Which side is the controller:
/// - the side whose port is in `Configuration.controllerPorts` (6633 and 6653 by default);
/// - otherwise, a connection whose first payload is an OpenFlow HELLO (version 1...6, type 0,
///   length ≥ 8) is taken as OpenFlow, and the controller is the passive side of its SYN when the
///   SYN was captured (SYNs on unknown ports are remembered, bounded by `maxConnections`), else the
///   endpoint with the lower port.
///
/// Bounds: see `ControlChannelLimits`. Per connection, memory is the two pending buffers (each at
/// most one message, ≤ 65535 bytes) plus the held out-of-order bytes (≤ `maxHeldBytes` per
/// direction); the table holds at most `maxConnections` connections.
public final class ControlChannel {
    public struct Configuration: Sendable {
        public var controllerPorts: Set<UInt16> = [6633, 6653]
        public var limits = ControlChannelLimits()
        /// False: segments towards the controller still open, acknowledge and close connections,
        /// but their bytes are neither reassembled nor framed, and no message, gap or garbage is
        /// reported in that direction — for a pass that reads only what the controller sends.
        public var framesToController = true
        public init() {}
    }

    /// Counters over the whole run, for a summary line and for tests.
    public struct Statistics: Hashable, Sendable {
        public var connections = 0
        public var messages = 0
        public var gaps = 0
        public var missingBytes: UInt64 = 0
        public var garbageReports = 0
        public var evictions = 0
        /// Segments whose bytes had all been delivered already.
        public var retransmittedSegments = 0
        /// Bytes received more than once (in retransmissions and overlaps).
        public var overlapBytes = 0
        /// Overlaps whose bytes differed from the first copy.
        public var conflicts = 0
        public var outOfOrderSegments = 0
        /// Bytes the framers copied (partial messages, resync); zero when every segment held whole messages.
        public var copiedBytes = 0
    }

    /// The unordered 4-tuple: both directions of a connection map to one key.
    struct Key: Hashable {
        var low: TCPEndpoint
        var high: TCPEndpoint
        init(_ a: TCPEndpoint, _ b: TCPEndpoint) {
            if a < b { low = a; high = b } else { low = b; high = a }
        }
    }

    /// A SYN seen on ports not known to be OpenFlow, kept until the first payload tells.
    struct SYNCandidate {
        var passive: TCPEndpoint
        var activeISN: UInt32?
        var passiveISN: UInt32?
    }

    public let configuration: Configuration
    /// `configuration.controllerPorts`, asked about every segment.
    private let controllerPorts: PortBitmap
    // `table` and the candidates are changed only by this class's methods, never while a callback
    // runs (an access ends before any event is emitted): like `StreamHalf`'s, their exclusivity is
    // checked at compile time only (the run-time checks were 3% of the instructions of a session
    // with a data-plane capture).
    @exclusivity(unchecked) private var table: [Key: ControlConnection] = [:]
    /// Every port of a key ever put in `table` (never cleared, so it can only say yes too often): a
    /// segment whose two ports are not both here belongs to no tracked connection and is not looked
    /// up — a data-plane capture's segments, which hashed their 4-tuple each.
    @exclusivity(unchecked) private var tablePorts = PortBitmap()
    /// The connection of the previous segment and its key: a capture's segments come in runs of
    /// one connection, and hashing the 4-tuple for every segment was a tenth of decoding.
    /// Cleared whenever the table changes.
    // These two and `counters` are touched per segment or per message; like `StreamHalf`'s, their
    // exclusivity is checked at compile time only: no access to them spans a callback.
    @exclusivity(unchecked) private var lastKey: Key?
    /// Unmanaged: `table` holds it, and it is forgotten before any connection leaves the table
    /// (a strong reference was retained and released around every segment).
    @exclusivity(unchecked) private var lastConnection: Unmanaged<ControlConnection>?
    @exclusivity(unchecked) private var candidates: [Key: SYNCandidate] = [:]
    /// The candidates' keys in the order they were added; those before `candidateOrderHead` are
    /// consumed. Taken from the front by moving the head: `removeFirst` moved the whole array, and
    /// with the candidates full (a data-plane capture's every SYN is one) that was a quarter of
    /// `check` on a session with a data plane.
    @exclusivity(unchecked) private var candidateOrder: [Key] = []
    @exclusivity(unchecked) private var candidateOrderHead = 0
    private var nextSerial = 1
    @exclusivity(unchecked) private var counters = Statistics()
    /// Reassembly counters of connections already evicted from the table.
    private var retired = Statistics()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        controllerPorts = PortBitmap(configuration.controllerPorts)
    }

    public var statistics: Statistics {
        var s = counters
        s.retransmittedSegments = retired.retransmittedSegments
        s.overlapBytes = retired.overlapBytes
        s.conflicts = retired.conflicts
        s.outOfOrderSegments = retired.outOfOrderSegments
        s.copiedBytes = retired.copiedBytes
        for connection in table.values { Self.add(connection, to: &s) }
        return s
    }

    /// The connections currently in the table (open and closed).
    public var connectionCount: Int { table.count }

    /// True when the segment belongs to a control connection: one port is a controller port, its
    /// connection is already tracked, or its payload starts with an OpenFlow HELLO. A SYN on
    /// unknown ports answers false (it is not known to be OpenFlow until its first payload).
    public func isControlChannel(_ segment: TCPSegmentInfo) -> Bool {
        if controllerPorts.contains(segment.source.port) || controllerPorts.contains(segment.destination.port) { return true }
        if tracked(segment, key: Key(segment.source, segment.destination)) != nil { return true }
        return OFHeaderCheck.startsWithHello(segment.payload)
    }

    /// Feeds one TCP segment (any TCP segment: others are ignored). Returns true when it was taken
    /// as control-channel traffic.
    @discardableResult
    public func process(_ segment: TCPSegmentInfo, _ emit: (OFStreamEvent) -> Void) -> Bool {
        let key = Key(segment.source, segment.destination)
        if let last = lastConnection, lastKey == key {
            if last._withUnsafeGuaranteedRef({ deliverUnlessReopened(segment, to: $0, emit) }) { return true }
        } else {
            let found = tracked(segment, key: key)
            lastKey = key
            lastConnection = found.map { Unmanaged.passUnretained($0) }
            if let found, deliverUnlessReopened(segment, to: found, emit) { return true }
        }
        guard let (controller, candidate) = controllerSide(of: segment, key: key) else { return false }
        let connection = open(key: key, controller: controller, segment: segment, candidate: candidate, emit)
        deliver(segment, to: connection, emit)
        return true
    }

    /// The capture ended: every open connection is flushed (holes become gaps, partial messages
    /// `.incompleteAtEnd`) and reported closed with reason `.endOfCapture`.
    public func finish(_ emit: (OFStreamEvent) -> Void) {
        for connection in table.values.sorted(by: { $0.id.serial < $1.id.serial }) where !connection.isClosed {
            connection.close(reason: .endOfCapture) { count($0); emit($0) }
        }
        candidates.removeAll()
        candidateOrder.removeAll()
        candidateOrderHead = 0
    }

    // MARK: - Internals

    /// The table's connection of `segment` (whose key is `key`), asked only when both its ports
    /// belong to some key the table has held.
    @inline(__always)
    private func tracked(_ segment: TCPSegmentInfo, key: Key) -> ControlConnection? {
        guard tablePorts.contains(segment.source.port) && tablePorts.contains(segment.destination.port) else { return nil }
        return table[key]
    }

    /// Delivers the segment to its connection, unless it is a new SYN on a closed one (which opens anew).
    private func deliverUnlessReopened(_ segment: TCPSegmentInfo, to connection: ControlConnection,
                                       _ emit: (OFStreamEvent) -> Void) -> Bool {
        let reopens = connection.isClosed && segment.isSYN && !segment.isACK
            && connection.openingSYN != segment.sequenceNumber
        if reopens { return false }
        deliver(segment, to: connection, emit)
        return true
    }

    private func deliver(_ segment: TCPSegmentInfo, to connection: ControlConnection, _ emit: (OFStreamEvent) -> Void) {
        // The channel is captured unmanaged (its caller holds it): capturing `self` retained it,
        // and the callbacks the connection builds from this one, on every segment.
        let channel = Unmanaged.passUnretained(self)
        connection.receive(segment) { event in
            channel._withUnsafeGuaranteedRef { $0.count(event) }
            emit(event)
        }
    }

    private func count(_ event: OFStreamEvent) {
        switch event {
        case .message: counters.messages += 1
        case let .gap(g): counters.gaps += 1; counters.missingBytes += g.missingBytes
        case .garbage: counters.garbageReports += 1
        case .connectionOpened: counters.connections += 1
        case .connectionClosed: break
        }
    }

    private static func add(_ connection: ControlConnection, to s: inout Statistics) {
        let r = connection.reassemblyStatistics
        s.retransmittedSegments += r.retransmittedSegments
        s.overlapBytes += r.overlapBytes
        s.conflicts += r.conflicts
        s.outOfOrderSegments += r.outOfOrderSegments
        s.copiedBytes += connection.copiedBytes
    }

    /// Decides whether a segment of an unknown connection starts a control connection, and which
    /// endpoint is the controller.
    private func controllerSide(of segment: TCPSegmentInfo, key: Key) -> (TCPEndpoint, SYNCandidate?)? {
        if controllerPorts.contains(segment.destination.port) { return (segment.destination, nil) }
        if controllerPorts.contains(segment.source.port) { return (segment.source, nil) }
        if segment.isSYN {
            remember(segment, key: key)
            return nil
        }
        guard OFHeaderCheck.startsWithHello(segment.payload) else { return nil }
        if let candidate = candidates.removeValue(forKey: key) { return (candidate.passive, candidate) }
        let lower = segment.source.port <= segment.destination.port ? segment.source : segment.destination
        return (lower, nil)
    }

    private func remember(_ segment: TCPSegmentInfo, key: Key) {
        let passive = segment.isACK ? segment.source : segment.destination
        var candidate = candidates[key] ?? SYNCandidate(passive: passive)
        if segment.isACK { candidate.passiveISN = segment.sequenceNumber } else { candidate.activeISN = segment.sequenceNumber }
        if candidates.updateValue(candidate, forKey: key) == nil { candidateOrder.append(key) }
        // Bounded like the table: forget the oldest SYNs first.
        while candidates.count > configuration.limits.maxConnections, candidateOrderHead < candidateOrder.count {
            candidates.removeValue(forKey: candidateOrder[candidateOrderHead])
            candidateOrderHead += 1
        }
        if candidateOrder.count - candidateOrderHead > 2 * max(configuration.limits.maxConnections, 1) {
            // Keys whose candidate is gone (opened, or evicted through an earlier copy) are dropped.
            candidateOrder = candidateOrder[candidateOrderHead...].filter { candidates[$0] != nil }
            candidateOrderHead = 0
        } else if candidateOrderHead >= 1024 && 2 * candidateOrderHead >= candidateOrder.count {
            candidateOrder.removeFirst(candidateOrderHead)
            candidateOrderHead = 0
        }
    }

    private func open(
        key: Key, controller: TCPEndpoint, segment: TCPSegmentInfo, candidate: SYNCandidate?,
        _ emit: (OFStreamEvent) -> Void
    ) -> ControlConnection {
        forgetLastConnection()
        if let old = table.removeValue(forKey: key) {
            old.close(reason: .evicted) { count($0); emit($0) }
            Self.add(old, to: &retired)
        } else if table.count >= configuration.limits.maxConnections {
            evictOne(emit)
        }
        let sw = controller == segment.source ? segment.destination : segment.source
        let id = ConnectionID(serial: nextSerial, controller: controller, switch: sw)
        nextSerial += 1
        let connection = ControlConnection(id: id, limits: configuration.limits,
                                           framesToController: configuration.framesToController)
        if let candidate {
            if let isn = candidate.activeISN {
                connection.half(candidate.passive == controller ? .toController : .toSwitch)
                    .reassembler.synchronize(initialSequenceNumber: isn)
                connection.openingSYN = isn
            }
            if let isn = candidate.passiveISN {
                connection.half(candidate.passive == controller ? .toSwitch : .toController)
                    .reassembler.synchronize(initialSequenceNumber: isn)
            }
        }
        if segment.isSYN && !segment.isACK { connection.openingSYN = segment.sequenceNumber }
        table[key] = connection
        tablePorts.insert(key.low.port)
        tablePorts.insert(key.high.port)
        let reason: OFStreamConnectionEvent.Reason = segment.isSYN || candidate != nil ? .syn : .midStream
        let event = OFStreamEvent.connectionOpened(OFStreamConnectionEvent(
            connection: id, datapathID: nil, reason: reason, frame: segment.frame, timestamp: segment.timestamp))
        count(event)
        emit(event)
        return connection
    }

    /// Makes room: the oldest closed connection goes, else the oldest open one (flushed first).
    private func evictOne(_ emit: (OFStreamEvent) -> Void) {
        let victim = table.filter { $0.value.isClosed }.min { $0.value.id.serial < $1.value.id.serial }
            ?? table.min { $0.value.id.serial < $1.value.id.serial }
        guard let (key, connection) = victim else { return }
        forgetLastConnection()
        connection.close(reason: .evicted) { count($0); emit($0) }
        Self.add(connection, to: &retired)
        table.removeValue(forKey: key)
        counters.evictions += 1
    }

    private func forgetLastConnection() {
        lastKey = nil
        lastConnection = nil
    }
}
