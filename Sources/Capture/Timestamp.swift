/// A capture timestamp: seconds since the epoch plus nanoseconds.
///
/// Invariant: `nanoseconds < 1_000_000_000`. All time in lbtrace comes from
/// these; nothing reads a clock.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: UInt32

    @inlinable
    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds &+ Int64(nanoseconds / 1_000_000_000)
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    public init(secondsSinceEpoch value: Double) {
        let s = value.rounded(.down)
        self.init(seconds: Int64(s), nanoseconds: UInt32(((value - s) * 1e9).rounded()))
    }

    /// Total nanoseconds since the epoch (exact from 1678 to 2262; it wraps outside, see `isNanosecondExact`).
    @inlinable public var totalNanoseconds: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }

    /// True when `totalNanoseconds` is exact. A damaged or crafted capture can carry any 64-bit
    /// time, so arithmetic on timestamps must not trap outside this range.
    @inlinable public var isNanosecondExact: Bool { seconds > -9_000_000_000 && seconds < 9_000_000_000 }

    public var secondsSinceEpoch: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// `self - other` in seconds. Inlinable: replay asks it several times per packet, across modules.
    @inlinable
    public func interval(since other: Timestamp) -> Double {
        let (diff, overflow) = totalNanoseconds.subtractingReportingOverflow(other.totalNanoseconds)
        guard isNanosecondExact && other.isNanosecondExact && !overflow else {
            return Double(seconds) - Double(other.seconds) + (Double(nanoseconds) - Double(other.nanoseconds)) / 1e9
        }
        return Double(diff) / 1e9
    }

    /// The time `ns` nanoseconds after the epoch (any Int64).
    public init(totalNanoseconds ns: Int64) {
        var (s, r) = ns.quotientAndRemainder(dividingBy: 1_000_000_000)
        if r < 0 { s -= 1; r += 1_000_000_000 }
        self.init(seconds: s, nanoseconds: UInt32(r))
    }

    /// `self + delta` seconds, to the nanosecond; saturates at the ends of the exact range.
    public func adding(seconds delta: Double) -> Timestamp {
        let limit = 9e18
        let d = delta.isNaN ? 0 : min(max((delta * 1e9).rounded(), -limit), limit)
        let (sum, overflow) = totalNanoseconds.addingReportingOverflow(Int64(d))
        return Timestamp(totalNanoseconds: overflow ? (d > 0 ? Int64.max : Int64.min) : sum)
    }

    @inlinable
    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// `seconds.nnnnnnnnn`, the way tshark prints `frame.time_epoch`.
    public var description: String {
        let frac = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - frac.count))\(frac)"
    }
}
