/// A set of TCP ports as one bit per port (8 KiB): membership is a load and a mask.
///
/// Why not `Set<UInt16>`: the control channel asks about both ports of every TCP segment of a
/// capture — a data-plane capture's millions that are not OpenFlow — and each `Set` lookup ran
/// SipHash over the port.
struct PortBitmap {
    private var words = [UInt64](repeating: 0, count: 1024)

    init() {}

    init(_ ports: some Sequence<UInt16>) {
        for p in ports { insert(p) }
    }

    @inline(__always)
    func contains(_ port: UInt16) -> Bool {
        words.withUnsafeBufferPointer { $0[Int(port &>> 6)] & (1 &<< UInt64(port & 63)) != 0 }
    }

    mutating func insert(_ port: UInt16) {
        words[Int(port >> 6)] |= 1 << UInt64(port & 63)
    }
}
