import Foundation
import Testing
import Wire
@testable import OpenFlow

/// The real lab captures, framed by us and by tshark.
@Suite struct StreamFixtureTests {
    @Test func rrBasicMatchesTshark() throws {
        let run = StreamTestSupport.run(try StreamTestSupport.segments("rr-basic/of.pcap"))
        let expected = StreamTestSupport.rrBasicExpected
        #expect(expected.count == 168)
        #expect(run.messages.map(\.tsharkLine) == expected)
        #expect(run.gaps.isEmpty)
        #expect(run.garbage.isEmpty)
        // One connection, switch 127.0.0.1:33448 to controller 127.0.0.1:6633, opened by its SYN (frame 1).
        #expect(run.opened.count == 1)
        let id = try #require(run.opened.first).connection
        #expect(id.controller == TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 6633))
        #expect(id.switch == TCPEndpoint(address: IPv4Address(127, 0, 0, 1), port: 33448))
        #expect(run.opened.first?.reason == .syn)
        #expect(run.opened.first?.frame == 1)
        // Every segment holds whole messages: nothing was copied.
        #expect(run.statistics.copiedBytes == 0)
        #expect(run.statistics.retransmittedSegments == 0)
    }

    @Test func streamOffsetsAreContiguous() throws {
        let run = StreamTestSupport.run(try StreamTestSupport.segments("rr-basic/of.pcap"))
        for direction in [OFStreamDirection.toController, .toSwitch] {
            var next: UInt64 = 0
            for m in run.messages(direction) {
                #expect(m.offset == next, "\(m)")
                next = m.offset + UInt64(m.length)
            }
        }
        // The first HELLOs start both streams at offset 0.
        #expect(run.messages.first?.offset == 0)
    }

    /// Not framing the switch's side leaves the controller's side exactly as it was (bar the
    /// datapath id, which the switch's FEATURES_REPLY would have told), and the connection's
    /// opening and close the same.
    @Test(arguments: ["rr-basic/of.pcap", "rr-many/of.pcap", "rr-buggy-reverse/of.pcap"])
    func controllerSideAloneIsTheSame(_ path: String) throws {
        let segments = try StreamTestSupport.segments(path)
        let both = StreamTestSupport.run(segments)
        var configuration = ControlChannel.Configuration()
        configuration.framesToController = false
        let one = StreamTestSupport.run(segments, configuration: configuration)
        func unnamed(_ m: StreamSeenMessage) -> StreamSeenMessage { var m = m; m.datapathID = nil; return m }
        #expect(!both.messages(.toController).isEmpty)
        #expect(one.messages(.toController).isEmpty)
        #expect(one.messages.map(unnamed) == both.messages(.toSwitch).map(unnamed))
        #expect(one.opened.map(\.reason) == both.opened.map(\.reason))
        #expect(one.closed.map(\.reason) == both.closed.map(\.reason))
        #expect(one.closed.map(\.frame) == both.closed.map(\.frame))
        #expect(one.gaps.isEmpty && one.garbage.isEmpty)
    }

    @Test func datapathIDAttachedAfterFeaturesReply() throws {
        let run = StreamTestSupport.run(try StreamTestSupport.segments("rr-basic/of.pcap"))
        // FEATURES_REPLY is frame 10; dpid 00:00:00:00:00:00:00:01 (ovs-show.txt, manifest).
        let reply = try #require(run.messages.first { $0.type == 6 })
        #expect(reply.frame == 10)
        #expect(reply.datapathID == 1)
        #expect(run.messages.filter { $0.frame < 10 }.allSatisfy { $0.datapathID == nil })
        #expect(run.messages.filter { $0.frame > 10 }.allSatisfy { $0.datapathID == 1 })
        #expect(run.closed.first?.datapathID == 1)
    }

    @Test func rrManyCountsMatchManifest() throws {
        let run = StreamTestSupport.run(try StreamTestSupport.segments("rr-many/of.pcap"))
        var byType: [UInt8: Int] = [:]
        for m in run.messages { byType[m.type, default: 0] += 1 }
        // manifest.json openflow_message_counts.per_message.
        let manifest: [UInt8: Int] = [0: 2, 5: 1, 6: 1, 9: 1, 10: 285, 12: 7, 13: 241, 14: 222, 16: 1, 17: 1, 18: 221, 19: 221]
        #expect(byType == manifest)
        // ...and per_message_by_direction_raw_parser: the switch sends HELLO, PACKET_IN, PORT_STATUS,
        // FEATURES_REPLY, STATS_REPLY, BARRIER_REPLY; the controller the rest.
        let fromSwitch: Set<UInt8> = [0, 6, 10, 12, 17, 19]
        let toController = run.messages(.toController)
        #expect(toController.count == 1 + 1 + 285 + 7 + 1 + 221)
        #expect(toController.allSatisfy { fromSwitch.contains($0.type) })
        #expect(run.messages(.toSwitch).count == 1 + 1 + 1 + 241 + 222 + 1 + 221)
        #expect(run.gaps.isEmpty)
        #expect(run.garbage.isEmpty)
    }

    /// The full message sequences of rr-many (1204 messages) and rr-buggy-reverse (164), too long to
    /// list here, compared through a digest: FNV-1a 64 over the tshark lines ("frame dir type xid
    /// length\n", one per message, as in StreamExpectedRRBasic), computed with a short Python
    /// script from the same tshark command's output.
    @Test(arguments: [("rr-many", 1204, 0xa1e9_3d2e_4232_b361 as UInt64), ("rr-buggy-reverse", 164, 0xce99_b735_f092_c553)])
    func fullSequenceDigestMatchesTshark(scenario: String, count: Int, digest: UInt64) throws {
        let run = StreamTestSupport.run(try StreamTestSupport.segments("\(scenario)/of.pcap"))
        #expect(run.messages.count == count)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in run.messages.map({ $0.tsharkLine + "\n" }).joined().utf8 {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        #expect(h == digest)
    }

    /// Whole messages in a segment are handed out from the segment's own bytes.
    @Test func messagesPointIntoTheSegment() throws {
        let segments = try StreamTestSupport.segments("rr-basic/of.pcap")
        let channel = ControlChannel()
        var inside = 0
        var outside = 0
        for s in segments {
            _ = s.withInfo { info in
                channel.process(info) { event in
                    guard case let .message(m) = event else { return }
                    let base = info.payload.baseAddress!
                    if m.bytes.baseAddress! >= base && m.bytes.baseAddress! + m.length <= base + info.payload.count {
                        inside += 1
                    } else {
                        outside += 1
                    }
                }
            }
        }
        #expect(inside == 168)
        #expect(outside == 0)
    }

    @Test func isControlChannelByPortAndByHello() throws {
        let segments = try StreamTestSupport.segments("rr-basic/of.pcap")
        let channel = ControlChannel()
        #expect(segments.allSatisfy { s in s.withInfo { channel.isControlChannel($0) } })

        // The same capture with no known controller port: found by its first HELLO, and the
        // controller is the passive side of the captured SYN.
        var configuration = ControlChannel.Configuration()
        configuration.controllerPorts = []
        let run = StreamTestSupport.run(segments, configuration: configuration)
        #expect(run.messages.map(\.tsharkLine) == StreamTestSupport.rrBasicExpected)
        #expect(run.opened.first?.connection.controller.port == 6633)
        #expect(run.opened.first?.reason == .syn)

        // An HTTP segment on unknown ports is not OpenFlow.
        let http = Array("GET / HTTP/1.0\r\n\r\n".utf8)
        http.withUnsafeBytes { bytes in
            let s = TCPSegmentInfo(source: TCPEndpoint(address: IPv4Address(10, 0, 0, 3), port: 40003),
                                   destination: TCPEndpoint(address: IPv4Address(10, 0, 1, 1), port: 80),
                                   sequenceNumber: 1, acknowledgmentNumber: 1, flags: TCPSegmentInfo.ack,
                                   payload: bytes, frame: 1, timestamp: .zero)
            #expect(!ControlChannel(configuration: configuration).isControlChannel(s))
            #expect(!ControlChannel(configuration: configuration).process(s) { _ in })
        }
    }
}
