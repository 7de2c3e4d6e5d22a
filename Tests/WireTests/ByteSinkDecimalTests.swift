import Testing
import Wire

/// The sink's decimal writer must print exactly what `String(v)` prints, at every digit count
/// and at the edges of each integer type; zero padding must keep the low digits.
struct ByteSinkDecimalTests {
    static func text(_ body: (inout ByteSink) -> Void) -> String {
        var out = ByteSink()
        body(&out)
        return out.string
    }

    @Test func everyDigitCountAndItsEdges() {
        var value: UInt64 = 1
        for _ in 0..<20 {
            for v in [value &- 1, value, value &+ 1, value &* 5, value &* 9] {
                #expect(Self.text { $0.appendDecimal(v) } == String(v))
            }
            value = value &* 10
        }
        #expect(Self.text { $0.appendDecimal(UInt64.max) } == "18446744073709551615")
        #expect(Self.text { $0.appendDecimal(UInt64(10_000_000_000_000_000_000)) } == "10000000000000000000")
    }

    /// The digit count starts from the bit length: every power of two and its neighbours.
    @Test func everyBitLengthAndItsEdges() {
        for shift in 0..<64 {
            let p = UInt64(1) << shift
            for v in [p &- 1, p, p &+ 1] {
                #expect(Self.text { $0.appendDecimal(v) } == String(v))
                #expect(Self.text { $0.appendDecimal(Int64(truncatingIfNeeded: v)) } == String(Int64(truncatingIfNeeded: v)))
            }
        }
    }

    @Test func signedAndNarrowTypes() {
        #expect(Self.text { $0.appendDecimal(Int64.min) } == "-9223372036854775808")
        #expect(Self.text { $0.appendDecimal(Int8.min) } == "-128")
        #expect(Self.text { $0.appendDecimal(Int(-7)) } == "-7")
        #expect(Self.text { $0.appendDecimal(Int(0)) } == "0")
        #expect(Self.text { $0.appendDecimal(UInt16.max) } == "65535")
        #expect(Self.text { $0.appendDecimal(UInt32(3_737_300_372)) } == "3737300372")
        #expect(Self.text { $0.appendDecimal(UInt8(200)); $0.appendDecimal(Int32(-45)) } == "200-45")
    }

    @Test func zeroPaddedKeepsTheLowDigits() {
        #expect(Self.text { $0.appendZeroPadded(42, width: 6) } == "000042")
        #expect(Self.text { $0.appendZeroPadded(0, width: 1) } == "0")
        #expect(Self.text { $0.appendZeroPadded(123_456, width: 6) } == "123456")
        #expect(Self.text { $0.appendZeroPadded(9_123_456, width: 6) } == "123456")
        #expect(Self.text { $0.appendZeroPadded(5, width: 0) } == "")
    }

    /// Every octet value in every position, against text built from String(v).
    @Test func dottedQuadOfEveryOctet() {
        for v in 0...255 {
            let o = UInt8(v)
            for (ip, expected) in [(IPv4Address(o, 1, 22, 255), "\(v).1.22.255"), (IPv4Address(10, o, 0, 9), "10.\(v).0.9"),
                                   (IPv4Address(0, 100, o, 99), "0.100.\(v).99"), (IPv4Address(o, o, o, o), "\(v).\(v).\(v).\(v)")] {
                #expect(Self.text { $0.appendIPv4(ip) } == expected)
            }
        }
    }

    /// Every byte value in every position of a MAC address, against `String(v, radix: 16)`.
    @Test func macOfEveryByte() {
        func hex(_ v: Int) -> String { v < 16 ? "0" + String(v, radix: 16) : String(v, radix: 16) }
        for v in 0...255 {
            let o = UInt8(v)
            let b = UInt64(o)
            let mac = MACAddress(rawValue: b << 40 | 0xff << 24 | b << 16 | 0x0a << 8 | b)
            #expect(Self.text { $0.appendMAC(mac) } == "\(hex(v)):00:ff:\(hex(v)):0a:\(hex(v))")
        }
    }

    /// The address writers store whole words past the text's end (up to the room they reserve):
    /// what follows must still land right after the text, and the JSON form must be quoted whole.
    @Test func addressesFollowedByMoreText() {
        #expect(Self.text { $0.appendIPv4(IPv4Address(1, 2, 3, 4)); $0.appendText("|") } == "1.2.3.4|")
        #expect(Self.text { $0.appendIPv4(IPv4Address(255, 255, 255, 255)); $0.appendText("|") } == "255.255.255.255|")
        var w = JSONWriter()
        w.beginObject(); w.key("a"); w.string(IPv4Address(255, 255, 255, 255)); w.key("m")
        w.string(MACAddress(rawValue: 0xffff_ffff_ffff)); w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":"255.255.255.255","m":"ff:ff:ff:ff:ff:ff"}"#)
    }

    /// Fixed-point text right-aligned, as `String(format: "%*.*f")` would print the value
    /// `v / 10^k`: sign, whole part, point, k digits.
    @Test func scaledRightAligned() {
        #expect(Self.text { $0.appendScaled(3_002_600, fractionDigits: 6, rightAlignedIn: 11) } == "   3.002600")
        #expect(Self.text { $0.appendScaled(0, fractionDigits: 6, rightAlignedIn: 11) } == "   0.000000")
        #expect(Self.text { $0.appendScaled(-5, fractionDigits: 6, rightAlignedIn: 11) } == "  -0.000005")
        #expect(Self.text { $0.appendScaled(-1_500_000, fractionDigits: 6, rightAlignedIn: 0) } == "-1.500000")
        #expect(Self.text { $0.appendScaled(123_456_789_012_345, fractionDigits: 6, rightAlignedIn: 11) } == "123456789.012345")
        #expect(Self.text { $0.appendScaled(Int64.min, fractionDigits: 6, rightAlignedIn: 11) } == "-9223372036854.775808")
        #expect(Self.text { $0.appendScaled(Int64.max, fractionDigits: 18, rightAlignedIn: 0) } == "9.223372036854775807")
        #expect(Self.text { $0.appendDecimal(Int64(42), rightAlignedIn: 6) } == "    42")
        #expect(Self.text { $0.appendDecimal(Int64(1_234_567), rightAlignedIn: 6) } == "1234567")
        #expect(Self.text { $0.appendDecimal(Int64(-3), rightAlignedIn: 3) } == " -3")
    }

    /// The common flag sets are written as whole literals: every one of the 256 sets must read as
    /// the general loop (`TCPFlags.description`) writes it, spot-checked against tshark's spelling.
    @Test func tcpFlagsAsTheLoopWritesThem() {
        for raw in 0...255 {
            let flags = TCPFlags(rawValue: UInt8(raw))
            #expect(Self.text { $0.appendTCPFlags(flags) } == flags.description, "flags 0x\(String(raw, radix: 16))")
        }
        #expect(Self.text { $0.appendTCPFlags([.syn, .ack]) } == "[SYN, ACK]")
        #expect(Self.text { $0.appendTCPFlags([.fin, .psh, .ack]) } == "[FIN, PSH, ACK]")
        #expect(Self.text { $0.appendTCPFlags([]) } == "[<None>]")
    }
}
