import Capture

// Time arithmetic on capture timestamps in whole nanoseconds, so that deadlines
// compare exactly (a Double of epoch seconds keeps only ~0.2 µs).

extension Duration {
    /// The duration in nanoseconds, truncated.
    var wholeNanoseconds: Int64 {
        let c = components
        return c.seconds &* 1_000_000_000 &+ c.attoseconds / 1_000_000_000
    }
}

extension Timestamp {
    init(totalNanoseconds ns: Int64) {
        let s = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
        self.init(seconds: s, nanoseconds: UInt32(ns - s * 1_000_000_000))
    }

    func advanced(by d: Duration) -> Timestamp {
        Timestamp(totalNanoseconds: totalNanoseconds + d.wholeNanoseconds)
    }

    func advanced(bySeconds s: UInt16) -> Timestamp {
        Timestamp(totalNanoseconds: totalNanoseconds + Int64(s) * 1_000_000_000)
    }
}
