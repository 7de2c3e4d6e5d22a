// Inputs the openflow fuzz target (Fuzz/FuzzOpenFlow.swift) found, kept as unit tests. The raw
// inputs are also in Fuzz/regressions/openflow/, which every fuzz run replays first.
import Foundation
import Testing
import Wire
@testable import OpenFlow

@Suite struct FuzzRegressionOpenFlowTests {
    // MARK: openflow target: Fuzz/regressions/openflow/port-name-not-utf8

    /// The fuzzer's FEATURES_REPLY (rr-basic's, mutated): port 4's name is six 0xff bytes. Names are
    /// text in the Repr, so the bytes become six U+FFFD (18 bytes of UTF-8) and cannot be written back
    /// as they came; what must hold is that the first emit settles: emitting what was parsed from an
    /// emit gives the same bytes again, and every other field comes back exactly.
    @Test func featuresReplyWithNonUTF8PortNameSettlesAfterOneEmit() throws {
        let bytes = try #require(hexBytes(Self.featuresReplyHex))
        #expect(bytes.count == 368)
        let message = try OFMessage(parsing: bytes)
        let emitted = message.emit()
        let again = try OFMessage(parsing: emitted)
        #expect(again.emit() == emitted)
        guard case .featuresReply(let f1) = message.body, case .featuresReply(let f2) = again.body else {
            Issue.record("not a FEATURES_REPLY"); return
        }
        #expect(f1.ports.count == 7 && f2.ports.count == 7)
        #expect(f1.ports[1].name == String(repeating: "\u{FFFD}", count: 6))
        // 15 bytes fit before the terminating NUL: five whole U+FFFD.
        #expect(f2.ports[1].name == String(repeating: "\u{FFFD}", count: 5))
        // Port 1's name field: 8 (header) + 24 (features) + 48 (port 0) + 8 (port_no, hw_addr).
        #expect(Array(emitted[88..<104]) == Array(String(repeating: "\u{FFFD}", count: 5).utf8) + [0])
        for i in f1.ports.indices where i != 1 { #expect(f1.ports[i] == f2.ports[i]) }
    }

    /// A name whose 15-byte cut falls inside a two-byte scalar: the emitter used to write the
    /// scalar's first byte (0xc3) alone, invalid UTF-8 that reads back as U+FFFD, so a second emit
    /// wrote different bytes. The cut now falls before the scalar.
    @Test func fixedWidthNameIsCutBetweenScalars() throws {
        let port = OFPhyPort(portNo: 1, hwAddr: MACAddress(rawValue: 0x0a0b0c0d0e0f), name: "abcdefghijklmn\u{E9}")
        var out: [UInt8] = []
        port.emit(into: &out)
        #expect(out.count == 48)
        #expect(Array(out[8..<24]) == Array("abcdefghijklmn".utf8) + [0, 0])
        let back = out.withUnsafeBytes { OFPhyPort(OFPhyPortView(unchecked: $0)) }
        #expect(back.name == "abcdefghijklmn")
        var again: [UInt8] = []
        back.emit(into: &again)
        #expect(again == out)
    }

    static let featuresReplyHex = """
    0106017000000002000000000000000100000000fe000000000000c700000ffffffe72ed52ce374e73310000000000000000\
    0000000000000000000100000001000000c000000000000000000000000000044e455b939228ffffffffffff005e00000000\
    000000000000000000000000000000c000000000000000000000000000065a75a14b284373312d6574683600000000000000\
    00000000000000000000000000c000000000000000310000000000010af12043d1f973312d65746831000000000000000000\
    0000000000000000000000c00000000000000000000000000002ea2b888ba25473312d657468320000000000000000000000\
    000000000000000000c000000000000000000000000000052a62531a239173312d6574436c6f736564526100000000000000\
    00000000000200c00000000000000000000000000003f2ced20d6ee973312d65746833000000000000000000000000000000\
    0000000000c0000000000000000000000000
    """
}

/// Bytes from a hex string (whitespace ignored); nil when it is not whole bytes of hex.
private func hexBytes(_ s: String) -> [UInt8]? {
    let digits = Array(s.filter { !$0.isWhitespace })
    guard digits.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    for i in stride(from: 0, to: digits.count, by: 2) {
        guard let b = UInt8(String(digits[i..<i + 2]), radix: 16) else { return nil }
        out.append(b)
    }
    return out
}
