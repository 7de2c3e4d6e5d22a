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
    /// Saturating: a deadline past the end of time stays there rather than trapping (captures can
    /// carry any 64-bit time).
    func advanced(by d: Duration) -> Timestamp { advanced(byNanoseconds: d.wholeNanoseconds) }

    func advanced(byNanoseconds n: Int64) -> Timestamp {
        let (sum, overflow) = totalNanoseconds.addingReportingOverflow(n)
        return Timestamp(totalNanoseconds: overflow ? (n > 0 ? .max : .min) : sum)
    }

    func advanced(bySeconds s: UInt16) -> Timestamp {
        advanced(by: .seconds(Int(s)))
    }
}
