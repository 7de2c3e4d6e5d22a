import Testing
import Wire
@testable import OpenFlow

/// A poor man's fuzzer: every byte of every real message (and of a flow stats reply and a queue
/// reply) set in turn to values that upset length arithmetic. Whatever decodes must also render
/// and survive the Repr; a trap anywhere fails the whole run, which is the point.
@Suite struct MutationTests {
    static let seeds: [[UInt8]] = EmitTests.real + [
        flowStatsReply(),
        hex("01 15 0028 00000001  0001 000000000000  00000007 0018 0000  0001 0010 00000000 01f4 000000000000"),
    ]

    @Test(arguments: seeds) func mutatedMessagesNeverTrap(_ seed: [UInt8]) throws {
        var decoded = 0, rejected = 0
        var w = JSONWriter()
        for i in seed.indices {
            for value: UInt8 in [0x00, 0x01, 0x04, 0x07, 0x08, 0x0c, 0x10, 0x7f, 0xff] {
                var bytes = seed
                bytes[i] = value
                let ok: Bool = bytes.withUnsafeBytes { raw in
                    guard let v = try? OFMessageView(checking: raw) else { return false }
                    w.reset()
                    v.writeJSON(into: &w) { w, data in w.key("data"); w.hexString(data) }
                    _ = v.summary
                    return true
                }
                if ok {
                    decoded += 1
                    let m = try OFMessage(parsing: bytes)
                    // Emitting zeroes pads and recomputes lengths; what comes out must decode to the same value.
                    #expect(try OFMessage(parsing: m.emit()) == m)
                } else {
                    rejected += 1
                }
            }
        }
        #expect(decoded > 0)
        #expect(rejected > 0)   // at least the header's length bytes must have been caught
    }
}
