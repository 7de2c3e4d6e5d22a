import Foundation
import Replay
import Report
import Testing

/// Replays a fixture session (files as `Variant` gives them) for the renderers' tests.
func flowAnalysis(_ session: String, _ variant: Variant) throws -> SessionAnalysis {
    try SessionReplay.run(try SessionSources.expand(try variant.files(session)))
}

func timeline(_ a: SessionAnalysis, _ label: String) throws -> ConnectionTimeline {
    let c = try #require(a.connections.first { $0.label == label })
    return FlowTimelineBuilder.build(c, in: a)
}

/// `kind file#frame` per step, file by base name, for comparing whole stories.
func story(_ tl: ConnectionTimeline) -> [String] {
    tl.steps.map { s in
        let frame = s.frame.map { " \($0.file.split(separator: "/").last!)#\($0.frame)" } ?? ""
        return "\(s.direction == .reverse ? "rev " : "")\(s.kind.rawValue)\(frame)"
    }
}

@Suite struct FlowTimelineTests {
    /// Frames and times checked by hand with tshark: dp-s1-eth3#12 SYN at .787223, of.pcap#76 PACKET_IN
    /// at .787451, #77 FLOW_MOD + BARRIER + PACKET_OUT (buffer 0xffffffff) at .788621, dp-s1-eth1#14 SYN
    /// to 10.0.0.1 at .788962, #15 SYN-ACK at .789009, of.pcap#79 reverse PACKET_IN at .789357, #81
    /// FLOW_MOD + PACKET_OUT at .790232, dp-s1-eth3#13 SYN-ACK from 10.0.1.1 at .790495.
    @Test func rrBasicStoryOfOneConnection() throws {
        let tl = try timeline(try flowAnalysis("rr-basic", .folder), "10.0.0.3:49514")
        #expect(Array(story(tl).prefix(11)) == [
            "client_syn dp-s1-eth3.pcap#12", "packet_in of.pcap#76", "decision", "flow_mod of.pcap#77", "packet_out of.pcap#77",
            "syn_to_server dp-s1-eth1.pcap#14", "server_syn_ack dp-s1-eth1.pcap#15", "rev packet_in of.pcap#79",
            "rev flow_mod of.pcap#81", "rev packet_out of.pcap#81", "syn_ack_to_client dp-s1-eth3.pcap#13",
        ])
        #expect(!tl.isBad)
        #expect(tl.server?.description == "10.0.0.1" && tl.expectedServer?.description == "10.0.0.1")
        #expect(abs((tl.packetInToFlowMod ?? 0) - 0.001170) < 0.000002)
        #expect(abs((tl.synToSynAck ?? 0) - 0.003272) < 0.000002)
        #expect(tl.steps[2].text == "new decision: 10.0.0.1 (expected 10.0.0.1)")
        #expect(tl.steps[1].text == "PACKET_IN 10.0.0.3:49514 → 10.0.1.1:80 (in_port 3)")
        #expect(tl.steps[10].from == .datapath && tl.steps[10].to == .client(tl.client))
    }

    /// tcpdump of rr-buggy-reverse/dp.pcap: #71 SYN to 10.0.1.1, #72 SYN to 10.0.0.1, #73 SYN-ACK from
    /// 10.0.0.1 entering, #74 the same leaving towards the client unrewritten, #75 the client's RST.
    @Test func buggyReverseMarksTheWrongSteps() throws {
        let tl = try timeline(try flowAnalysis("rr-buggy-reverse", .withDP), "10.0.0.3:59904")
        #expect(story(tl) == [
            "client_syn dp.pcap#71", "packet_in of.pcap#71", "decision", "flow_mod of.pcap#72", "packet_out of.pcap#72",
            "syn_to_server dp.pcap#72", "server_syn_ack dp.pcap#73", "rev packet_in of.pcap#74", "rev flow_mod of.pcap#76",
            "rev packet_out of.pcap#76", "syn_ack_to_client dp.pcap#74", "client_rst dp.pcap#75",
        ])
        let bad = tl.steps.filter(\.isBad).map(\.kind)
        #expect(bad == [.flowMod, .synAckToClient, .clientRST])
        #expect(tl.steps.first { $0.kind == .flowMod && $0.direction == .reverse }?.problem?.contains("SET_NW_SRC 10.0.1.1") == true)
    }

    /// The same connection from the per-port files and from the cooked `any` capture tells the same story.
    @Test(arguments: [Variant.withPorts, .withAny, .withDP])
    func everyDataPlaneSourceTellsTheSameKinds(variant: Variant) throws {
        let tl = try timeline(try flowAnalysis("rr-buggy-reverse", variant), "10.0.0.3:59904")
        #expect(tl.steps.map(\.kind) == [.clientSYN, .packetIn, .decision, .flowMod, .packetOut, .synToServer, .serverSynAck,
                                         .packetIn, .flowMod, .packetOut, .synAckToClient, .clientRST])
    }

    @Test(arguments: ["rr-basic", "rr-many", "rr-buggy-reverse"])
    func stepsAreInTimeOrderAndVerdictsAgree(session: String) throws {
        let a = try flowAnalysis(session, .folder)
        let r = LabChecks.evaluate(a)
        for (tl, row) in zip(FlowTimelineBuilder.build(a), r.connections) {
            #expect(tl.connection == row.client)
            #expect(zip(tl.steps, tl.steps.dropFirst()).allSatisfy { $0.time <= $1.time })
            let rowBad = [row.forwardRewrite, row.firstPacket, row.reverseRewrite, row.endToEnd].contains(.fail)
            #expect(tl.isBad == rowBad, "\(tl.connection)")
        }
    }

    @Test func controlOnlyHasNoDataPlaneSteps() throws {
        let tl = try timeline(try flowAnalysis("rr-basic", .controlOnly), "10.0.0.3:49514")
        #expect(tl.steps.first?.kind == .packetIn)
        #expect(!tl.steps.contains { [.clientSYN, .synToServer, .serverSynAck, .synAckToClient].contains($0.kind) })
        #expect(tl.synToSynAck == nil)
    }

    @Test func textAndJSON() throws {
        let a = try flowAnalysis("rr-basic", .folder)
        let tls = [try timeline(a, "10.0.0.3:49514")]
        let text = FlowStoryRenderer.renderText(tls, files: a.files)
        #expect(text.hasPrefix("10.0.0.3:49514 → 10.0.0.1 (expected 10.0.0.1)  [PACKET_IN→FLOW_MOD 1.170 ms, SYN→SYN-ACK 3.272 ms]\n"))
        #expect(text.contains("  +1.398 ms  of.pcap#77           controller → switch"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(FlowStoryRenderer.renderJSON(tls, files: a.files).utf8)) as? [[String: Any]])
        let steps = try #require(json.first?["steps"] as? [[String: Any]])
        #expect(steps.count == tls[0].steps.count)
        #expect(steps[1]["kind"] as? String == "packet_in" && steps[1]["frame"] as? Int == 76)
        #expect(json.first?["ok"] as? Bool == true)
        #expect(steps[2]["frame"] is NSNull)
    }
}
