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
}
