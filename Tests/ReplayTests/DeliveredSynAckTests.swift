import Capture
@testable import Replay
import Testing

/// Which of a server's SYN-ACKs reached the client. In rr-buggy-reverse every server retransmits
/// its SYN-ACK six times: the merged data plane (dp.pcap, no port) holds each transmission twice,
/// entering the switch and leaving it, byte for byte the same. The copies counted as delivered
/// must be the ones the client's port saw, at the same instants — also where a server sent two
/// transmissions before the switch forwarded the first (at 1 s, in this session), so that its
/// entering copies come first.
@Suite struct DeliveredSynAckTests {
    private func deliveredTimes(_ files: [String]) throws -> [String: [Timestamp]] {
        let sources = try SessionSources.expand(files.map { "\(fixtures)/rr-buggy-reverse/\($0)" })
        let a = try SessionReplay.run(sources)
        var times: [String: [Timestamp]] = [:]
        for c in a.connections {
            times[c.label] = try c.dataPlane.synAckFromServerDelivered.map { try timestamp(of: $0, in: a.files) }
        }
        return times
    }

    private func timestamp(of ref: FrameRef, in files: [String]) throws -> Timestamp {
        let reader = try CaptureReader(path: files[ref.file])
        while let f = try reader.next(), f.number <= ref.frame {
            if f.number == ref.frame { return f.timestamp }
        }
        throw CaptureError(kind: .truncatedRecord, file: files[ref.file], frame: ref.frame, offset: nil, detail: "no such frame")
    }

    @Test func mergedCaptureCountsTheCopiesThatLeftTowardsTheClient() throws {
        let merged = try deliveredTimes(["of.pcap", "dp.pcap"])
        let perPort = try deliveredTimes(["of.pcap"] + (1...6).map { "ports/dp-s1-eth\($0).pcap" })
        #expect(merged.count == 4)
        for (client, times) in perPort {
            #expect(times.count == 7, "\(client): the SYN-ACK and its retransmissions")
            #expect(merged[client] == times, "\(client)")
        }
    }
}
