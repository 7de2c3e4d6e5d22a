// Test-only helpers for the control-channel reassembler: pull TCP segments out of fixture
// frames with a deliberately small Ethernet + IPv4 + TCP parser (fixed offsets, no options
// beyond IHL and data offset, no VLAN), and record the events of a run as plain values.
// The real decoders live in Wire; this parser exists only so these tests need nothing else.
import Foundation
import Testing
import Capture
import Wire
@testable import OpenFlow

/// A TCP segment with its payload owned, so tests can cut, copy and reorder segments.
struct StreamTestSegment {
    var source: TCPEndpoint
    var destination: TCPEndpoint
    var seq: UInt32
    var ack: UInt32
    var flags: UInt8
    var payload: [UInt8]
    var frame: Int
    var timestamp: StreamTimestamp

    /// Runs `body` with the borrowed form the channel takes.
    func withInfo<R>(_ body: (TCPSegmentInfo) -> R) -> R {
        payload.withUnsafeBytes { bytes in
            body(TCPSegmentInfo(source: source, destination: destination, sequenceNumber: seq,
                                acknowledgmentNumber: ack, flags: flags, payload: bytes,
                                frame: frame, timestamp: timestamp))
        }
    }

    /// The piece `range` of the payload as a segment of its own (FIN only on the last piece,
    /// SYN only on the first).
    func piece(_ range: Range<Int>) -> StreamTestSegment {
        var s = self
        s.payload = Array(payload[range])
        s.seq = seq &+ UInt32(range.lowerBound) &+ (range.lowerBound > 0 && flags & TCPSegmentInfo.syn != 0 ? 1 : 0)
        if range.lowerBound > 0 { s.flags &= ~TCPSegmentInfo.syn }
        if range.upperBound < payload.count { s.flags &= ~TCPSegmentInfo.fin }
        return s
    }
}

/// What a message event said, as a value.
struct StreamSeenMessage: Hashable, CustomStringConvertible {
    var direction: OFStreamDirection
    var type: UInt8
    var xid: UInt32
    var length: Int
    var frame: Int
    var firstFrame: Int
    var offset: UInt64
    var datapathID: UInt64?
    /// The header's own length field (must equal `length`).
    var declaredLength: Int = 0

    /// The fields tshark shows: "frame direction type xid length".
    var tsharkLine: String {
        "\(frame) \(direction == .toSwitch ? "s" : "c") \(type) \(xid) \(length)"
    }
    var description: String { tsharkLine + " first \(firstFrame) @\(offset)" }
}

struct StreamRun {
    var messages: [StreamSeenMessage] = []
    var gaps: [OFStreamGap] = []
    var garbage: [OFStreamGarbage] = []
    var opened: [OFStreamConnectionEvent] = []
    var closed: [OFStreamConnectionEvent] = []
    var statistics = ControlChannel.Statistics()

    func messages(_ direction: OFStreamDirection) -> [StreamSeenMessage] {
        messages.filter { $0.direction == direction }
    }
}

enum StreamTestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every IPv4/TCP segment of an Ethernet capture, in capture order.
    static func segments(_ relativePath: String) throws -> [StreamTestSegment] {
        let reader = try CaptureReader(path: fixtures.appendingPathComponent(relativePath).path)
        defer { reader.close() }
        var out: [StreamTestSegment] = []
        while let f = try reader.next() {
            let b = f.bytes
            // Ethernet II, type IPv4; IPv4 protocol TCP.
            guard b.count >= 14 + 20, b.u16(12) == 0x0800, b[14 + 9] == 6 else { continue }
            let ihl = Int(b[14] & 0x0f) * 4
            let ipEnd = 14 + Int(b.u16(14 + 2)) // the IP total length, not the frame: no Ethernet padding
            let tcp = 14 + ihl
            guard ipEnd <= b.count, tcp + 20 <= ipEnd else { continue }
            let dataOffset = Int(b[tcp + 12] >> 4) * 4
            guard tcp + dataOffset <= ipEnd else { continue }
            out.append(StreamTestSegment(
                source: TCPEndpoint(address: IPv4Address(rawValue: b.u32(14 + 12)), port: b.u16(tcp)),
                destination: TCPEndpoint(address: IPv4Address(rawValue: b.u32(14 + 16)), port: b.u16(tcp + 2)),
                seq: b.u32(tcp + 4), ack: b.u32(tcp + 8), flags: b[tcp + 13],
                payload: Array(b[(tcp + dataOffset)..<ipEnd]),
                frame: f.number,
                timestamp: StreamTimestamp(seconds: f.timestamp.seconds, nanoseconds: f.timestamp.nanoseconds)))
        }
        return out
    }

    /// Feeds `segments` through a fresh channel, then finishes it.
    static func run(_ segments: [StreamTestSegment],
                    configuration: ControlChannel.Configuration = .init()) -> StreamRun {
        let channel = ControlChannel(configuration: configuration)
        var run = StreamRun()
        let record: (OFStreamEvent) -> Void = { event in
            switch event {
            case let .message(m):
                run.messages.append(StreamSeenMessage(
                    direction: m.context.direction, type: m.type, xid: m.xid, length: m.length, frame: m.frame,
                    firstFrame: m.firstFrame, offset: m.streamOffset, datapathID: m.context.datapathID,
                    declaredLength: Int(m.bytes.u16(2))))
            case let .gap(g): run.gaps.append(g)
            case let .garbage(g): run.garbage.append(g)
            case let .connectionOpened(c): run.opened.append(c)
            case let .connectionClosed(c): run.closed.append(c)
            }
        }
        for s in segments { s.withInfo { _ = channel.process($0, record) } }
        channel.finish(record)
        run.statistics = channel.statistics
        return run
    }

    /// The expected list of rr-basic, one "frame direction type xid length" string per message.
    static var rrBasicExpected: [String] {
        StreamExpectedRRBasic.text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// An OpenFlow 1.0 header (plus zero body) of the given type, xid and claimed length.
    static func message(type: UInt8, xid: UInt32, length: UInt16, bodyBytes: Int? = nil) -> [UInt8] {
        var m: [UInt8] = [1, type]
        m.appendU16(length)
        m.appendU32(xid)
        m.appendZeros(bodyBytes ?? max(Int(length) - 8, 0))
        return m
    }
}

extension Array where Element == StreamTestSegment {
    /// Only the segments that carry payload.
    var withPayload: [StreamTestSegment] { filter { !$0.payload.isEmpty } }
}

/// Builds a synthetic control connection segment by segment (switch 127.0.0.1:40000, controller
/// 127.0.0.1:6633 unless told otherwise), one frame per segment, sequence numbers kept by hand.
struct StreamScript {
    var switchEnd = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 40000)
    var controllerEnd = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 6633)
    var switchSeq: UInt32
    var controllerSeq: UInt32
    var frame = 0
    var segments: [StreamTestSegment] = []

    init(switchISN: UInt32 = 1000, controllerISN: UInt32 = 5000, switchPort: UInt16 = 40000) {
        switchSeq = switchISN
        controllerSeq = controllerISN
        switchEnd.port = switchPort
    }

    /// SYN from the switch, SYN-ACK, ACK.
    mutating func handshake() {
        add(fromSwitch: true, flags: TCPSegmentInfo.syn, payload: [])
        switchSeq &+= 1
        add(fromSwitch: false, flags: TCPSegmentInfo.syn | TCPSegmentInfo.ack, payload: [])
        controllerSeq &+= 1
        add(fromSwitch: true, flags: TCPSegmentInfo.ack, payload: [])
    }

    /// One data segment; returns its index in `segments`.
    @discardableResult
    mutating func send(_ bytes: [UInt8], fromSwitch: Bool = true, flags: UInt8 = TCPSegmentInfo.ack | TCPSegmentInfo.psh) -> Int {
        add(fromSwitch: fromSwitch, flags: flags, payload: bytes)
        if fromSwitch { switchSeq &+= UInt32(bytes.count) } else { controllerSeq &+= UInt32(bytes.count) }
        return segments.count - 1
    }

    mutating func fin(fromSwitch: Bool) {
        add(fromSwitch: fromSwitch, flags: TCPSegmentInfo.fin | TCPSegmentInfo.ack, payload: [])
        if fromSwitch { switchSeq &+= 1 } else { controllerSeq &+= 1 }
    }

    mutating func rst(fromSwitch: Bool) {
        add(fromSwitch: fromSwitch, flags: TCPSegmentInfo.rst, payload: [])
    }

    private mutating func add(fromSwitch: Bool, flags: UInt8, payload: [UInt8]) {
        frame += 1
        segments.append(StreamTestSegment(
            source: fromSwitch ? switchEnd : controllerEnd, destination: fromSwitch ? controllerEnd : switchEnd,
            seq: fromSwitch ? switchSeq : controllerSeq, ack: fromSwitch ? controllerSeq : switchSeq,
            flags: flags, payload: payload, frame: frame,
            timestamp: StreamTimestamp(seconds: 1_000, nanoseconds: UInt32(frame) * 1000)))
    }
}

extension Array where Element == StreamTestSegment {
    /// Every payload cut into 1-byte segments (same frame numbers).
    var oneByteSegments: [StreamTestSegment] {
        flatMap { s in s.payload.isEmpty ? [s] : (0..<s.payload.count).map { s.piece($0..<($0 + 1)) } }
    }
}
