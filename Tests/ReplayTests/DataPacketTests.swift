import Capture
@testable import Replay
import Testing
import Wire

/// A plain IPv4 TCP frame of the data plane becomes a `DataPacket` from the fast path's fields,
/// without a full decode: the facts must be the full decode's, for the lab's frames and for damaged
/// variants of them (where the fast path declines, the full decode is what replay uses anyway).
@Suite struct DataPacketTests {
    @Test(arguments: ["rr-basic/dp.pcap", "rr-basic/dp-any.pcap", "rr-buggy-reverse/dp.pcap", "rr-many/dp.pcap"])
    func fastPathFactsEqualTheFullDecodes(_ capture: String) throws {
        let reader = try CaptureReader(path: "\(fixtures)/\(capture)")
        let linkType = reader.linkType.linktypeValue
        let ref = FrameRef(file: 0, frame: 1)
        let time = Timestamp(seconds: 1, nanoseconds: 2)
        var seed: UInt64 = 0x2545_f491
        var fastAnswers = 0, segments = 0
        while let frame = try reader.next() {
            for v in CarriedPacketTests.variants(of: Array(frame.bytes), seed: &seed) {
                v.withUnsafeBytes { bytes in
                    let full = DataPacket(ref: ref, time: time, switchPort: 3,
                                          packet: DecodedPacket.decode(linkType: linkType, bytes, verifyingChecksums: false))
                    if full.segment != nil { segments += 1 }
                    guard let fields = DecodedPacket.ipv4TCP(linkType: linkType, bytes) else { return }
                    fastAnswers += 1
                    #expect(DataPacket(ref: ref, time: time, switchPort: 3, fields: fields) == full,
                            "frame \(frame.number) of \(capture), \(v.count) bytes")
                }
            }
        }
        // Ethernet captures exercise the fast path; the Linux cooked one (dp-any) only the full decode.
        #expect(linkType != 1 || fastAnswers > 100)
        #expect(segments > 100)
    }
}
