import Foundation
import Testing
@testable import Report

/// `PrintfFormat` is C's own formatting: held to Foundation's `String(format:)`, which the reports
/// used before, on the formats they use and values around the rounding edges.
struct PrintfFormatTests {
    @Test func agreesWithStringFormat() {
        var values: [Double] = [0, -0.0, 0.0005, 0.0015, 0.0025, 1.0005, 2.5, 999.9995, -3.14159, 1e-9, 12345.6789, 1e15, -1e-300]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Double.random(in: -100_000...100_000, using: &rng) / Double([1, 10, 1000, 1e6].randomElement(using: &rng)!)) }
        for v in values {
            for f in ["%.3f ms", "%+9.3f ms", "%.3f", "%.1f", "%.0f", "%.2f", " (%.3f s after the PACKET_IN of its previous install)", "%.3f s into the capture"] {
                #expect(PrintfFormat.string(f, v) == String(format: f, v), "\(f) \(v)")
            }
        }
        for v: UInt64 in [0, 1, 0xabc, UInt64.max, 0x0000_0000_0000_0001] {
            #expect(PrintfFormat.string("%016llx", v) == String(format: "%016llx", v))
        }
        #expect(PrintfFormat.string(" %10ld %12ld", 42, -7) == " \(String(repeating: " ", count: 8))42 \(String(repeating: " ", count: 10))-7")
    }

    @Test func longOutputIsNotCut() {
        let wide = PrintfFormat.string("%300.1f|", 1.25)
        #expect(wide.count == 301 && wide.hasSuffix("1.2|"))
    }
}
