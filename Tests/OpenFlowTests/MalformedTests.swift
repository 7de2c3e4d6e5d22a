import Testing
import Wire
@testable import OpenFlow

/// A copy of `bytes` with the big-endian u16 at `offset` replaced.
func patched(_ bytes: [UInt8], _ offset: Int, u16 value: UInt16) -> [UInt8] {
    var b = bytes
    b.setU16(value, at: offset)
    return b
}

/// The first `n` bytes with the header's length made to agree, so only the body is short.
func cut(_ bytes: [UInt8], to n: Int) -> [UInt8] {
    patched(Array(bytes.prefix(n)), 2, u16: UInt16(n))
}

/// Damaged messages: each must be a typed error naming what is wrong, never a trap.
@Suite struct MalformedTests {
    @Test func headerLengths() {
        #expect(decodeError(hex("01 00 0000 00000001")) == .badLength(declared: 0, available: 8))
        #expect(decodeError(hex("01 00 0007 00000001")) == .badLength(declared: 7, available: 8))
        #expect(decodeError(hex("01 00 0008 0000")) == .truncatedHeader(available: 6))
        #expect(decodeError([]) == .truncatedHeader(available: 0))
        // Longer than the bytes the framer handed over, and shorter.
        #expect(decodeError(patched(Real.flowModForward, 2, u16: 112)) == .badLength(declared: 112, available: 104))
        #expect(decodeError(patched(Real.flowModForward, 2, u16: 96)) == .badLength(declared: 96, available: 104))
        // The same checks hold for versions we keep raw.
        #expect(decodeError(hex("04 00 0000 00000001")) == .badLength(declared: 0, available: 8))
    }

    @Test func bodiesShorterThanTheirFixedPart() {
        #expect(decodeError(cut(Real.flowModForward, to: 40)) == .bodyTooShort(type: 14, needed: 72, available: 40))
        #expect(decodeError(cut(Real.packetInARPReply, to: 17)) == .bodyTooShort(type: 10, needed: 18, available: 17))
        #expect(decodeError(cut(Real.packetOutFlood, to: 12)) == .bodyTooShort(type: 13, needed: 16, available: 12))
        #expect(decodeError(cut(Real.featuresReply, to: 24)) == .bodyTooShort(type: 6, needed: 32, available: 24))
        #expect(decodeError(cut(Real.setConfig, to: 10)) == .bodyTooShort(type: 9, needed: 12, available: 10))
        #expect(decodeError(cut(Real.portStatus, to: 63)) == .bodyTooShort(type: 12, needed: 64, available: 63))
        #expect(decodeError(hex("01 01 000a 00000001 0001")) == .bodyTooShort(type: 1, needed: 12, available: 10))
    }

    @Test func fixedSizeMessagesWithExtraBytes() {
        #expect(decodeError(patched(Real.setConfig + [0, 0], 2, u16: 14)) == .badBodyLength(type: 9, length: 14))
        #expect(decodeError(patched(Real.portStatus + [0, 0, 0, 0, 0, 0, 0, 0], 2, u16: 72)) == .badBodyLength(type: 12, length: 72))
    }

    @Test func packetOutActionsLengthLies() {
        // actions_len (offset 14) 256 where only 50 bytes follow the fixed part.
        #expect(decodeError(patched(Real.packetOutFlood, 14, u16: 256)) == .actionsLengthBeyondMessage(actionsLength: 256, available: 50))
        // actions_len 4: less than one action header's worth of action.
        #expect(decodeError(patched(Real.packetOutFlood, 14, u16: 4)) == .badActionLength(offset: 16, length: 8))
        // actions_len 16 takes 8 bytes of the frame as a second "action": ff ff ff ff = VENDOR, length 0xffff.
        #expect(decodeError(patched(Real.packetOutFlood, 14, u16: 16)) == .badActionLength(offset: 24, length: 0xffff))
    }

    @Test func actionLengths() {
        // FLOW_MOD actions start at 72: SET_DL_DST (16) at 72, SET_NW_DST (8) at 88, OUTPUT (8) at 96.
        #expect(decodeError(patched(Real.flowModForward, 74, u16: 0)) == .badActionLength(offset: 72, length: 0))
        #expect(decodeError(patched(Real.flowModForward, 74, u16: 12)) == .badActionLength(offset: 72, length: 12))
        // 8 is a multiple of 8 but shorter than ofp_action_dl_addr.
        #expect(decodeError(patched(Real.flowModForward, 74, u16: 8)) == .badActionLength(offset: 72, length: 8))
        // The last action claims 16 bytes where 8 are left.
        #expect(decodeError(patched(Real.flowModForward, 98, u16: 16)) == .badActionLength(offset: 96, length: 16))
        // A trailing fragment shorter than an action header.
        #expect(decodeError(patched(Real.flowModForward + [0, 0], 2, u16: 106)) == .badActionLength(offset: 104, length: 2))
    }

    @Test func featuresReplyPortListNotWhole() {
        #expect(decodeError(cut(Real.featuresReply, to: 360)) == .badBodyLength(type: 6, length: 360))
        #expect(decodeError(cut(Real.featuresReply, to: 32 + 48)) == nil)   // one port is fine
    }

    @Test func statsBodiesThatDoNotAddUp() throws {
        #expect(decodeError(cut(Real.statsReplyDesc, to: 1000)) == .badBodyLength(type: 17, length: 1000))
        #expect(decodeError(patched(Real.statsRequestDesc + [0, 0, 0, 0], 2, u16: 16)) == .badBodyLength(type: 16, length: 16))

        let reply = flowStatsReply()
        #expect(decodeError(reply) == nil)
        // The entry (at 12) claims 512 bytes; 112 are there.
        #expect(decodeError(patched(reply, 12, u16: 512)) == .badStatsEntryLength(offset: 12, length: 512))
        // The entry claims less than ofp_flow_stats itself.
        #expect(decodeError(patched(reply, 12, u16: 40)) == .badStatsEntryLength(offset: 12, length: 40))
        // The entry claims 92: its action list is then 4 bytes, where SET_DL_DST claims 16.
        #expect(decodeError(patched(reply, 12, u16: 92)) == .badActionLength(offset: 100, length: 16))
    }

    @Test func queueConfigReplyLengths() {
        let reply = hex("01 15 0028 00000001  0001 000000000000  00000007 0018 0000  0001 0010 00000000 01f4 000000000000")
        #expect(decodeError(reply) == nil)
        #expect(decodeError(patched(reply, 20, u16: 4)) == .badQueueLength(offset: 16, length: 4))
        #expect(decodeError(patched(reply, 20, u16: 0x40)) == .badQueueLength(offset: 16, length: 0x40))
        // A MIN_RATE property claiming 8 bytes, below its 16.
        #expect(decodeError(patched(reply, 26, u16: 8)) == .badQueueLength(offset: 24, length: 8))
    }
}

/// A FLOW stats reply with one entry carrying the forward FLOW_MOD's match and actions
/// (12 + 88 + 32 = 132 bytes), built by the emitter.
func flowStatsReply() -> [UInt8] {
    let fm = try! OFMessage(parsing: Real.flowModForward)
    guard case .flowMod(let f) = fm.body else { return [] }
    let entry = OFFlowStats(tableId: 0, match: f.match, durationSec: 3, durationNsec: 5000, priority: f.priority,
                            idleTimeout: 10, hardTimeout: 0, cookie: 0, packetCount: 4, byteCount: 300, actions: f.actions)
    return OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .flow([entry])))).emit()
}
