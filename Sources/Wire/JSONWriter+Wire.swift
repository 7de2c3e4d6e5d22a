// Writers for Wire's values that JSONWriter itself does not know, kept here so
// the shared JSONWriter file stays as it is. All write without building a String.

extension JSONWriter {
    /// An IPv6 address as RFC 5952 text (same as `IPv6Address.description`).
    public mutating func string(_ ip: IPv6Address) {
        separator()
        sink.append(UInt8(ascii: "\""))
        sink.appendIPv6(ip)
        sink.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// TCP flags as tshark's summary shows them, `"[SYN, ACK]"`.
    public mutating func string(_ flags: TCPFlags) {
        separator()
        sink.appendText("\"")
        sink.appendTCPFlags(flags)
        sink.appendText("\"")
        needsComma = true
    }

    /// A decoding error as an object: layer, kind, and the lengths or the reason.
    public mutating func value(_ error: WireError) {
        beginObject()
        key("layer"); string(error.layer.name)
        switch error {
        case let .truncated(_, needed, available):
            key("kind"); string("truncated")
            field("needed", needed)
            field("available", available)
        case let .malformed(_, reason):
            key("kind"); string("malformed")
            key("reason"); string(reason)
        }
        endObject()
    }
}
