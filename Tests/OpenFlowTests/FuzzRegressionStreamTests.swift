// Inputs the stream fuzz target (Fuzz/FuzzStream.swift) found, kept as unit tests. The raw inputs
// are also in Fuzz/regressions/stream/, which every fuzz run replays first.
import Foundation
import Testing
import Wire
@testable import OpenFlow

@Suite struct FuzzRegressionStreamTests {
    // MARK: stream target: Fuzz/regressions/stream/message-completed-by-later-frame

    /// A message whose second half arrives first (frame 2, held behind a hole) and whose first half
    /// fills the hole (frame 3). It became whole only with frame 3: the framer used to name frame 2
    /// (its last byte's segment) with frame 2's time, so `frame` < `firstFrame` and the message was
    /// dated before it could have been read. The fuzzer's input was a longer reordering of the
    /// rr-basic handshake; this is the same case cut down by hand.
    @Test func messageCompletedByALaterFrameNamesThatFrame() {
        let channel = ControlChannel()
        let sw = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 40000)
        let ctl = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 6633)
        let echo: [UInt8] = [1, 2, 0, 16, 0, 0, 0, 7] + [UInt8](repeating: 0xaa, count: 8) // ECHO_REQUEST, 16 bytes
        var messages: [(frame: Int, firstFrame: Int, seconds: Int64, xid: UInt32)] = []
        func send(seq: UInt32, flags: UInt8, _ payload: ArraySlice<UInt8>, frame: Int) {
            Array(payload).withUnsafeBytes { raw in
                let s = TCPSegmentInfo(source: sw, destination: ctl, sequenceNumber: seq, acknowledgmentNumber: 0, flags: flags,
                                       payload: raw, frame: frame, timestamp: StreamTimestamp(seconds: Int64(frame), nanoseconds: 0))
                channel.process(s) { e in
                    if case .message(let m) = e { messages.append((m.frame, m.firstFrame, m.timestamp.seconds, m.xid)) }
                }
            }
        }
        send(seq: 100, flags: TCPSegmentInfo.syn, [], frame: 1)
        send(seq: 109, flags: TCPSegmentInfo.psh | TCPSegmentInfo.ack, echo[8...], frame: 2)
        #expect(messages.isEmpty)
        send(seq: 101, flags: TCPSegmentInfo.psh | TCPSegmentInfo.ack, echo[..<8], frame: 3)
        #expect(messages.count == 1)
        #expect(messages.first?.xid == 7)
        #expect(messages.first?.firstFrame == 3)
        #expect(messages.first?.frame == 3)
        #expect(messages.first?.seconds == 3)
    }

    /// The fuzzer's own input took the resync path: after a bad-length header the framer buffers
    /// bytes until it finds a boundary, and frames messages from that buffer with the frames the
    /// bytes came from. There too the message must be named by the latest of its frames.
    @Test func messageFramedFromResyncBufferNamesTheFrameThatCompletedIt() {
        let channel = ControlChannel()
        let sw = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 40000)
        let ctl = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 6633)
        let hello: [UInt8] = [1, 0, 0, 8, 0, 0, 0, 1]
        let bad: [UInt8] = [1, 0, 0, 4, 0, 0, 0, 2]                                       // length 4: resync
        let echo: [UInt8] = [1, 2, 0, 16, 0, 0, 0, 3] + [UInt8](repeating: 0xcc, count: 8) // 16 bytes
        var messages: [(frame: Int, firstFrame: Int, seconds: Int64, xid: UInt32)] = []
        var garbage: [String] = []
        func send(seq: UInt32, flags: UInt8, _ payload: ArraySlice<UInt8>, frame: Int) {
            Array(payload).withUnsafeBytes { raw in
                let s = TCPSegmentInfo(source: sw, destination: ctl, sequenceNumber: seq, acknowledgmentNumber: 0, flags: flags,
                                       payload: raw, frame: frame, timestamp: StreamTimestamp(seconds: Int64(frame), nanoseconds: 0))
                channel.process(s) { e in
                    switch e {
                    case .message(let m): messages.append((m.frame, m.firstFrame, m.timestamp.seconds, m.xid))
                    case .garbage(let g): garbage.append("\(g.reason) \(g.frame)")
                    default: break
                    }
                }
            }
        }
        let data = TCPSegmentInfo.psh | TCPSegmentInfo.ack
        send(seq: 100, flags: TCPSegmentInfo.syn, [], frame: 1)
        send(seq: 101, flags: data, hello[...], frame: 2)
        send(seq: 109, flags: data, bad[...], frame: 3)
        send(seq: 125, flags: data, echo[8...], frame: 4)  // held behind the hole at 117
        send(seq: 117, flags: data, echo[..<8], frame: 5)  // fills it: 117..<133 reach the resync buffer
        #expect(garbage == ["lengthBelowHeader(4) 3", "skippedToResync 3"]) // the skip report starts at the bad header
        #expect(messages.map(\.xid) == [1, 3])
        #expect(messages.last?.firstFrame == 5)
        #expect(messages.last?.frame == 5)
        #expect(messages.last?.seconds == 5)
    }

    /// In order, nothing changes: the completing frame is the last byte's frame.
    @Test func messageSplitInOrderStillNamesItsLastFrame() {
        let channel = ControlChannel()
        let sw = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 40000)
        let ctl = TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 6633)
        let echo: [UInt8] = [1, 2, 0, 16, 0, 0, 0, 9] + [UInt8](repeating: 0xbb, count: 8)
        var got: [(Int, Int)] = []
        for (frame, seq, part) in [(1, UInt32(501), echo[..<5]), (2, UInt32(506), echo[5...])] {
            Array(part).withUnsafeBytes { raw in
                let s = TCPSegmentInfo(source: sw, destination: ctl, sequenceNumber: seq, acknowledgmentNumber: 0, flags: TCPSegmentInfo.ack,
                                       payload: raw, frame: frame, timestamp: StreamTimestamp(seconds: Int64(frame), nanoseconds: 0))
                channel.process(s) { e in if case .message(let m) = e { got.append((m.firstFrame, m.frame)) } }
            }
        }
        #expect(got.count == 1)
        #expect(got.first?.0 == 1 && got.first?.1 == 2)
    }
}
