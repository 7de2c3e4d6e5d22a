// Writers for Wire's values that JSONWriter itself does not know, kept here so
// the shared JSONWriter file stays as it is. All write without building a String.

extension JSONWriter {
    /// An IPv6 address as RFC 5952 text (same as `IPv6Address.description`).
    public mutating func string(_ ip: IPv6Address) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        func group(_ i: Int) -> UInt16 {
            let half = i < 4 ? ip.high : ip.low
            return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (i % 4)))
        }
        // The longest run (of two or more) of zero groups, first one on a tie.
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            guard group(i) == 0 else { i += 1; continue }
            var j = i
            while j < 8 && group(j) == 0 { j += 1 }
            if j - i > bestLength && j - i >= 2 { bestStart = i; bestLength = j - i }
            i = j
        }
        var k = 0
        var wroteGroup = false
        while k < 8 {
            if k == bestStart {
                bytes.append(UInt8(ascii: ":")); bytes.append(UInt8(ascii: ":"))
                k += bestLength
                wroteGroup = false
                continue
            }
            if wroteGroup { bytes.append(UInt8(ascii: ":")) }
            let g = group(k)
            var started = false
            for shift in stride(from: 12, through: 0, by: -4) {
                let d = Int((g >> UInt16(shift)) & 0xf)
                if d != 0 || started || shift == 0 { bytes.append(Self.hex[d]); started = true }
            }
            wroteGroup = true
            k += 1
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// TCP flags as tshark's summary shows them, `"[SYN, ACK]"`.
    public mutating func string(_ flags: TCPFlags) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "["))
        var first = true
        flags.forEachName { name in
            if !first { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: " ")) }
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            first = false
        }
        if first { ("<None>" as StaticString).withUTF8Buffer { bytes.append(contentsOf: $0) } }
        bytes.append(UInt8(ascii: "]"))
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A decoding error as an object: layer, kind, and the lengths or the reason.
    public mutating func value(_ error: WireError) {
        beginObject()
        key("layer"); string(error.layer.name)
        switch error {
        case let .truncated(_, needed, available):
            key("kind"); string("truncated")
            key("needed"); number(needed)
            key("available"); number(available)
        case let .malformed(_, reason):
            key("kind"); string("malformed")
            key("reason"); string(reason)
        }
        endObject()
    }
}
