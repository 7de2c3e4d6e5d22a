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

    /// The name of a single flag bit (0 = FIN ... 7 = CWR), in tshark's spelling.
    public static func name(bit: Int) -> StaticString {
        switch bit {
        case 0: "FIN"
        case 1: "SYN"
        case 2: "RST"
        case 3: "PSH"
        case 4: "ACK"
        case 5: "URG"
        case 6: "ECE"
        default: "CWR"
        }
    }

    /// Calls `body` with each set flag's name, in tshark's order (FIN first), without
    /// allocating (a plain bit loop: iterating a table boxed in unoptimised builds).
    public func forEachName(_ body: (StaticString) -> Void) {
        var bit = 0
        while bit < 8 {
            if rawValue & (1 << bit) != 0 { body(Self.name(bit: bit)) }
            bit += 1
        }
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
