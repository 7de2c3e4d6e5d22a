// Inputs the capture fuzz target found (Fuzz/FuzzCapture.swift), kept as unit tests; the raw
// inputs are in Fuzz/regressions/capture/, which every fuzz run replays first.
import Foundation
import Testing
@testable import Report

@Suite struct FrameDumperRegressionTests {
    /// Fuzz/regressions/capture/frame-dated-before-the-first (minimised by libFuzzer to 56 bytes):
    /// two empty records, the second dated before the first (the first's microsecond field is over
    /// a million). `decode` printed the time since the first frame with a zero-padding count that
    /// went negative for negative times, and trapped. Merged or re-ordered captures do this.
    static let frameDatedBeforeTheFirst: [UInt8] = [
        0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xed, 0xe3, 0x05, 0x6b, 0xc1, 0x20, 0x0c, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x02, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
    ]

    @Test func frameDatedBeforeTheFirstIsPrintedWithItsSign() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-regression-\(UUID().uuidString).pcap")
        try Data(Self.frameDatedBeforeTheFirst).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for json in [false, true] {
            var options = FrameDumper.Options()
            options.json = json
            let dumper = try FrameDumper(path: url.path, options: options)
            var text = ""
            let outcome = dumper.run { text += String(decoding: $0, as: UTF8.self) }
            #expect(outcome.frames == 2)
            #expect(outcome.damage == nil)
            let lines = text.split(separator: "\n")
            #expect(lines.count == 2)
            if !json {
                // Frame 1: 0x6b05e3ed = 1795548141 s and a microsecond field of 0x010c20c1 = 17572033, which
                // libpcap scales to 17572033000 ns and CaptureReader keeps modulo 2^32 (392163816 ns).
                // Frame 2: 0x020a0000 = 34209792 s. 34209792 - 1795548141.392163816 = -1761338349.392164.
                #expect(lines[1].contains(" -1761338349.392164 "), "\(lines[1])")
            }
        }
    }

    /// Fuzz/regressions/capture/far-off-pcapng-timestamp.pcapng (5,711 bytes, found by a 1M-run
    /// capture fuzz): a pcapng whose frame 7 has a timestamp libpcap scales past the year 2262.
    /// The time since the first frame subtracted nanosecond totals that no longer fit in 64 bits,
    /// and trapped; the JSON time printed the wrapped total.
    @Test func farOffPcapngTimestampDoesNotTrap() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/regressions/capture/far-off-pcapng-timestamp.pcapng").standardized.path
        for json in [false, true] {
            var options = FrameDumper.Options()
            options.json = json
            let dumper = try FrameDumper(path: path, options: options)
            var text = ""
            let outcome = dumper.run { text += String(decoding: $0, as: UTF8.self) }
            #expect(outcome.frames == 20)
            #expect(outcome.damage != nil) // a block runs past the end of the file at frame 21
            let frame7 = text.split(separator: "\n")[6]
            if json {
                #expect(frame7.hasPrefix("{\"frame\":7,\"time\":10802747230.9"), "\(frame7.prefix(60))")
            } else {
                #expect(frame7.hasPrefix("     7 9007199254."), "\(frame7.prefix(40))")
            }
        }
    }

    @Test func secondsFormatting() {
        #expect(FrameDumper.formatSeconds(0) == "0.000000")
        #expect(FrameDumper.formatSeconds(1.5) == "1.500000")
        #expect(FrameDumper.formatSeconds(-0.25) == "-0.250000")
        #expect(FrameDumper.formatSeconds(-1234.000001) == "-1234.000001")
        #expect(FrameDumper.formatSeconds(1e300) == "?")
        #expect(FrameDumper.formatSeconds(.nan) == "?")
    }
}
