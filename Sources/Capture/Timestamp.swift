/// A capture timestamp: seconds since the epoch plus nanoseconds.
///
/// Invariant: `nanoseconds < 1_000_000_000`. All time in lbtrace comes from
/// these; nothing reads a clock.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds + Int64(nanoseconds / 1_000_000_000)
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    public init(secondsSinceEpoch value: Double) {
        let s = value.rounded(.down)
        self.init(seconds: Int64(s), nanoseconds: UInt32(((value - s) * 1e9).rounded()))
    }

    /// Total nanoseconds since the epoch (fits in Int64 until the year 2262).
    public var totalNanoseconds: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }

    public var secondsSinceEpoch: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// `self - other` in seconds.
    public func interval(since other: Timestamp) -> Double {
        Double(totalNanoseconds - other.totalNanoseconds) / 1e9
    }

    public func adding(seconds delta: Double) -> Timestamp {
        let ns = totalNanoseconds + Int64((delta * 1e9).rounded())
        let s = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
        return Timestamp(seconds: s, nanoseconds: UInt32(ns - s * 1_000_000_000))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// `seconds.nnnnnnnnn`, the way tshark prints `frame.time_epoch`.
    public var description: String {
        let frac = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - frac.count))\(frac)"
    }
}
