/// The TCP flag bits (the low byte of the flags word; NS is not kept).
public struct TCPFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)
    public static let ece = TCPFlags(rawValue: 0x40)
    public static let cwr = TCPFlags(rawValue: 0x80)

    /// In tshark's order for its summary line.
    public static let named: [(TCPFlags, StaticString)] = [
        (.fin, "FIN"), (.syn, "SYN"), (.rst, "RST"), (.psh, "PSH"),
        (.ack, "ACK"), (.urg, "URG"), (.ece, "ECE"), (.cwr, "CWR"),
    ]

    /// Calls `body` with each set flag's name, in tshark's order, without allocating.
    public func forEachName(_ body: (StaticString) -> Void) {
        for (flag, name) in Self.named where contains(flag) { body(name) }
    }

    /// As tshark's summary line shows them: `[SYN, ACK]`, `[<None>]` when none is set.
    public var description: String {
        var s = "["
        forEachName { name in
            if s.count > 1 { s += ", " }
            s += name.description
        }
        return s.count == 1 ? "[<None>]" : s + "]"
    }
}
