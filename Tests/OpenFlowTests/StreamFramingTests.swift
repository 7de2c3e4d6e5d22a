import Testing
import Wire
@testable import OpenFlow

/// Damaged and unusual streams, built by hand: garbage lengths, a message that never completes,
/// the bounds, sequence wrap, connection life cycle.
@Suite struct StreamFramingTests {
    static let hello = StreamTestSupport.message(type: 0, xid: 1, length: 8)
    static let echo = StreamTestSupport.message(type: 2, xid: 7, length: 8)
    static let barrier = StreamTestSupport.message(type: 18, xid: 8, length: 8)

    /// A header with length 0 or 7 between valid messages: reported, skipped, framing resumes at
    /// the next message; the same whether the bytes come in one segment or one byte at a time.
    @Test(arguments: [0 as UInt16, 7])
    func lengthBelowHeaderIsGarbage(length: UInt16) throws {
        let bad = StreamTestSupport.message(type: 0, xid: 0x0101_0101, length: length, bodyBytes: 0)
        var script = StreamScript()
        script.handshake()
        script.send(Self.hello + bad + Self.echo + Self.barrier)
        for segments in [script.segments, script.segments.oneByteSegments] {
            let run = StreamTestSupport.run(segments)
            #expect(run.messages.map { "\($0.type)/\($0.xid)@\($0.offset)" } == ["0/1@0", "2/7@16", "18/8@24"])
            #expect(run.garbage.count == 2)
            let header = try #require(run.garbage.first)
            #expect(header.reason == .lengthBelowHeader(length))
            #expect(header.frame == 4)
            #expect(header.streamOffset == 8)
            let skip = try #require(run.garbage.last)
            #expect(skip.reason == .skippedToResync)
            #expect(skip.streamOffset == 8)
            #expect(skip.byteCount == 8)
            #expect(run.gaps.isEmpty)
        }
    }

    /// Zeros to the end: one bad header, then everything skipped, reported at finish. No hang.
    @Test func zerosToTheEnd() {
        var script = StreamScript()
        script.handshake()
        script.send(Self.hello + [UInt8](repeating: 0, count: 1000))
        let run = StreamTestSupport.run(script.segments)
        #expect(run.messages.count == 1)
        #expect(run.garbage.map(\.reason) == [.lengthBelowHeader(0), .skippedToResync])
        #expect(run.garbage.last?.byteCount == 1000)
        #expect(run.garbage.last?.streamOffset == 8)
    }

    /// A PACKET_IN claiming 65535 bytes of which 1008 arrive: reported by finish() as incomplete.
    @Test func hugeClaimedLengthReportedAtFinish() throws {
        var script = StreamScript()
        script.handshake()
        script.send(Self.hello)
        script.send(StreamTestSupport.message(type: 10, xid: 9, length: 65535, bodyBytes: 1000))
        let run = StreamTestSupport.run(script.segments)
        #expect(run.messages.count == 1)
        let g = try #require(run.garbage.first)
        #expect(run.garbage.count == 1)
        #expect(g.reason == .incompleteAtEnd(claimed: 65535, received: 1008))
        #expect(g.frame == 5)
        #expect(g.streamOffset == 8)
        #expect(run.closed.map(\.reason) == [.endOfCapture])
    }

    /// The pending buffer never holds more than the one message being completed.
    @Test func pendingBoundedByOneMessage() {
        var framer = StreamFramer()
        let header = StreamTestSupport.message(type: 10, xid: 9, length: 65535, bodyBytes: 0)
        let chunk = [UInt8](repeating: 0xab, count: 1000)
        var messages = 0
        let sink: (StreamFramer.Output) -> Void = { if case .message = $0 { messages += 1 } }
        header.withUnsafeBytes { framer.feed($0, frame: 1, timestamp: .zero, sink) }
        for i in 0..<65 { chunk.withUnsafeBytes { framer.feed($0, frame: 2 + i, timestamp: .zero, sink) } }
        #expect(messages == 0)
        #expect(framer.pendingByteCount == 65008)
        chunk.withUnsafeBytes { framer.feed(UnsafeRawBufferPointer(rebasing: $0[0..<527]), frame: 99, timestamp: .zero, sink) }
        #expect(messages == 1)
        #expect(framer.pendingByteCount == 0)
        #expect(framer.pendingCapacity < 70_000)
    }

    /// Out-of-order bytes behind a hole never exceed `maxHeldBytes`; the hole becomes a `heldLimit` gap.
    @Test func heldBytesBounded() {
        var limits = ControlChannelLimits()
        limits.maxHeldSegments = 100_000
        limits.holeSegmentLimit = 100_000
        var r = StreamReassembler(limits: limits)
        var delivered = 0
        var gaps: [(UInt64, OFStreamGap.Cause)] = []
        let sink: (StreamReassembler.Output) -> Void = { out in
            switch out {
            case let .data(bytes, _, _): delivered += bytes.count
            case let .gap(_, _, _, missing, cause, _): gaps.append((missing, cause))
            }
        }
        let piece = [UInt8](repeating: 1, count: 1500)
        piece.withUnsafeBytes { r.receive(sequenceNumber: 0, payload: UnsafeRawBufferPointer(rebasing: $0[0..<10]), frame: 1, timestamp: .zero, sink) }
        var maxHeld = 0
        for i in 0..<800 {
            piece.withUnsafeBytes {
                r.receive(sequenceNumber: UInt32(1000 + i * 1500), payload: $0, frame: 2 + i, timestamp: .zero, sink)
            }
            maxHeld = max(maxHeld, r.heldByteCount)
        }
        #expect(maxHeld <= limits.maxHeldBytes)
        #expect(gaps.count == 1)
        #expect(gaps.first?.0 == 990)
        #expect(gaps.first?.1 == .heldLimit)
        #expect(delivered == 10 + 800 * 1500)
    }

    /// The default segment bound (64): the 65th out-of-order piece gives up the first hole.
    @Test func heldSegmentsBounded() {
        var limits = ControlChannelLimits()
        limits.holeSegmentLimit = 1000
        var r = StreamReassembler(limits: limits)
        var gaps = 0
        let sink: (StreamReassembler.Output) -> Void = { if case .gap = $0 { gaps += 1 } }
        let piece = [UInt8](repeating: 1, count: 10)
        piece.withUnsafeBytes { r.receive(sequenceNumber: 0, payload: $0, frame: 1, timestamp: .zero, sink) }
        for i in 0..<64 {
            // Every other 10-byte block: 64 pieces with holes between them.
            piece.withUnsafeBytes { r.receive(sequenceNumber: UInt32(20 + i * 20), payload: $0, frame: 2 + i, timestamp: .zero, sink) }
        }
        #expect(gaps == 0)
        #expect(r.heldSegmentCount == 64)
        piece.withUnsafeBytes { r.receive(sequenceNumber: 5000, payload: $0, frame: 99, timestamp: .zero, sink) }
        #expect(gaps == 1)
        #expect(r.heldSegmentCount == 64)
    }

    /// Sequence numbers wrapping past 2^32 in the middle of a message, with a reordering there.
    @Test func sequenceWrap() {
        var script = StreamScript(switchISN: 0xFFFF_FFF0)
        script.handshake()
        let stream = Self.hello + StreamTestSupport.message(type: 10, xid: 3, length: 40) + Self.echo
        let a = script.send(Array(stream[0..<12]))
        let b = script.send(Array(stream[12..<30]))   // crosses 2^32 (offset 15 is sequence 0)
        script.send(Array(stream[30...]))
        #expect(script.segments[b].seq == 0xFFFF_FFFD)
        var swapped = script.segments
        swapped.swapAt(a, b)
        for segments in [script.segments, swapped] {
            let run = StreamTestSupport.run(segments)
            #expect(run.messages.map { "\($0.type)/\($0.xid)@\($0.offset)" } == ["0/1@0", "10/3@8", "2/7@48"])
            #expect(run.gaps.isEmpty && run.garbage.isEmpty)
        }
    }

    /// A differing second copy of held bytes is counted as a conflict; the first copy is used.
    @Test func conflictingOverlapTakesFirstCopy() {
        var script = StreamScript()
        script.handshake()
        let first = script.send(Self.hello)
        let second = script.send(Self.echo)
        var segments = script.segments
        var altered = segments[second]
        altered.payload = Self.barrier
        let hello = segments.remove(at: first)          // the HELLO arrives last
        segments.insert(altered, at: segments.count)     // a different copy of the ECHO's bytes
        segments.append(hello)
        let run = StreamTestSupport.run(segments)
        #expect(run.messages.map { "\($0.type)/\($0.xid)" } == ["0/1", "2/7"])
        #expect(run.statistics.conflicts == 1)
        #expect(run.statistics.overlapBytes == 8)
    }

    /// No SYN captured: the stream starts at its first byte.
    @Test func midStreamStart() {
        var script = StreamScript(switchISN: 123_456)
        script.send(Self.echo)
        script.send(Self.barrier)
        let run = StreamTestSupport.run(script.segments)
        #expect(run.opened.map(\.reason) == [.midStream])
        #expect(run.messages.map(\.offset) == [0, 8])
    }

    /// RST closes: a partial message is reported, later segments are ignored.
    @Test func resetClosesAndReportsPartial() {
        var script = StreamScript()
        script.handshake()
        script.send(Self.hello)
        script.send(Array(StreamTestSupport.message(type: 10, xid: 2, length: 100)[0..<20]))
        script.rst(fromSwitch: false)
        script.send(Self.echo)
        let run = StreamTestSupport.run(script.segments)
        #expect(run.messages.count == 1)
        #expect(run.garbage.map(\.reason) == [.incompleteAtEnd(claimed: 100, received: 20)])
        #expect(run.closed.map(\.reason) == [.reset])
    }

    /// FIN both ways closes; a new SYN on the same 4-tuple is a new connection.
    @Test func finThenReuseOfTuple() {
        var script = StreamScript()
        script.handshake()
        script.send(Self.hello)
        script.send(Self.hello, fromSwitch: false)
        script.fin(fromSwitch: true)
        script.fin(fromSwitch: false)
        script.switchSeq &+= 100_000
        script.handshake()
        script.send(Self.echo)
        let run = StreamTestSupport.run(script.segments)
        #expect(run.opened.map(\.connection.serial) == [1, 2])
        #expect(run.closed.map(\.reason) == [.fin, .endOfCapture])
        #expect(run.messages.count == 3)
        #expect(run.messages.last?.offset == 0)
    }

    /// A full table evicts the oldest closed connection, else the oldest open one.
    @Test func evictionKeepsTableBounded() {
        var configuration = ControlChannel.Configuration()
        configuration.limits.maxConnections = 2
        var segments: [StreamTestSegment] = []
        for port in [40001 as UInt16, 40002, 40003, 40004] {
            var script = StreamScript(switchPort: port)
            script.handshake()
            script.send(Self.hello)
            if port == 40001 { script.fin(fromSwitch: true); script.fin(fromSwitch: false) }
            segments += script.segments
        }
        let run = StreamTestSupport.run(segments, configuration: configuration)
        #expect(run.opened.count == 4)
        // 40001 closed by FIN, evicted silently for 40003; 40002 evicted open for 40004.
        #expect(run.closed.map { "\($0.connection.switch.port) \($0.reason)" }
            == ["40001 fin", "40002 evicted", "40003 endOfCapture", "40004 endOfCapture"])
        #expect(run.statistics.evictions == 2)
        #expect(run.messages.count == 4)
    }

    /// SYNs on ports not known to be OpenFlow are remembered, the newest `maxConnections` of them:
    /// a HELLO on a remembered connection takes the SYN's passive side as the controller, one whose
    /// SYN was forgotten falls back to the lower port. Thousands of SYNs, some opened at once, so
    /// that the remembered order is consumed, compacted and cleaned of opened keys many times over.
    @Test func synCandidatesKeepTheNewest() {
        var configuration = ControlChannel.Configuration()
        configuration.controllerPorts = []
        configuration.limits.maxConnections = 2
        func script(_ i: Int) -> StreamScript {
            var s = StreamScript(switchPort: UInt16(10_000 + i))
            s.controllerEnd.port = 60_000  // the higher port: only a remembered SYN makes it the controller
            return s
        }
        var segments: [StreamTestSegment] = []
        var scripts: [StreamScript] = []
        for i in 0..<3000 {
            var s = script(i)
            s.handshake()
            if i % 3 == 0 { s.send(Self.hello) }
            segments += s.segments
            scripts.append(s)
        }
        for i in [2999, 2998, 2996, 1] {
            var s = scripts[i]
            s.segments = []
            s.send(Self.hello)
            segments += s.segments
        }
        let run = StreamTestSupport.run(segments, configuration: configuration)
        let controllers = Dictionary(run.opened.map { ($0.connection.switch.port == 60_000 ? $0.connection.controller.port
                                                        : $0.connection.switch.port, $0.connection.controller.port) },
                                     uniquingKeysWith: { a, _ in a })
        #expect(run.opened.count == 1000 + 4)
        for i in stride(from: 0, to: 3000, by: 3) { #expect(controllers[UInt16(10_000 + i)] == 60_000, "connection \(i)") }
        #expect(controllers[12_999] == 60_000 && controllers[12_998] == 60_000)
        // Forgotten: the lower port, the switch's, is taken as the controller's.
        #expect(controllers[12_996] == 12_996 && controllers[10_001] == 10_001)
    }

    /// Unknown ports, no SYN: a HELLO marks OpenFlow and the lower port is taken as the controller.
    @Test func unknownPortsLowerPortIsController() {
        var configuration = ControlChannel.Configuration()
        configuration.controllerPorts = [6653]
        var script = StreamScript()
        script.controllerEnd.port = 7000
        script.send(Self.hello)
        script.send(Self.hello, fromSwitch: false)
        let run = StreamTestSupport.run(script.segments, configuration: configuration)
        #expect(run.opened.first?.connection.controller.port == 7000)
        #expect(run.messages.map(\.direction) == [.toController, .toSwitch])
    }

    /// A message split over two segments: `firstFrame` is the first, `frame` and `timestamp` the
    /// completing one, `streamOffset` where it started.
    @Test func splitMessageCarriesBothFrames() throws {
        var script = StreamScript()
        script.handshake()
        let packetIn = StreamTestSupport.message(type: 10, xid: 4, length: 60)
        script.send(Self.hello + Array(packetIn[0..<5]))
        script.send(Array(packetIn[5...]) + Self.echo)
        let run = StreamTestSupport.run(script.segments)
        #expect(run.messages.map { "\($0.type) \($0.firstFrame)-\($0.frame) @\($0.offset)" } == ["0 4-4 @0", "10 4-5 @8", "2 5-5 @68"])
        let channel = ControlChannel()
        var stamps: [StreamTimestamp] = []
        for s in script.segments {
            _ = s.withInfo { channel.process($0) { if case let .message(m) = $0 { stamps.append(m.timestamp) } } }
        }
        #expect(stamps == [script.segments[3].timestamp, script.segments[4].timestamp, script.segments[4].timestamp])
    }
}
