import Foundation
import Testing
@testable import Capture

/// Runs tshark with `arguments`; nil when tshark is not installed.
func runTshark(_ arguments: [String]) -> (status: Int32, output: String)? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["tshark"] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus == 127 { return nil }
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

let tsharkInstalled = runTshark(["-v"]) != nil

func scratchFile(_ name: String) -> String {
    (NSTemporaryDirectory() as NSString).appendingPathComponent("lbtrace-writer-\(UUID().uuidString)-\(name)")
}

@Suite struct CaptureWriterTests {
    /// Copies every frame of a real capture through the writer and reads it back unchanged.
    @Test func roundTripsTheRealControlChannel() throws {
        let source = fixtures.appendingPathComponent("rr-basic/of.pcap").path
        let path = scratchFile("of.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CaptureReader(path: source)
        var originals: [(Timestamp, [UInt8])] = []
        let writer = try CaptureWriter(path: path)
        while let f = try reader.next() {
            originals.append((f.timestamp, Array(f.bytes)))
            try writer.write(f.bytes, timestamp: f.timestamp)
        }
        #expect(writer.framesWritten == 212)
        try writer.close()
        let back = try CaptureReader(path: path)
        #expect(back.linkType == .ethernet && !back.isPcapng && back.snapshotLength == 262_144)
        var n = 0
        while let f = try back.next() {
            #expect(f.timestamp == originals[n].0)
            #expect(Array(f.bytes) == originals[n].1)
            n += 1
        }
        #expect(n == originals.count)
        // The file itself: the classic little-endian microsecond magic, version 2.4, link type 1.
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(data.prefix(8)) == [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0])
        #expect(Array(data[20..<24]) == [1, 0, 0, 0])
        #expect(data.count == (try Data(contentsOf: URL(fileURLWithPath: source))).count)
    }

    @Test func nanosecondPrecisionKeepsNanosecondsAndMicrosecondTruncates() throws {
        let stamp = Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_789)
        let frame: [UInt8] = Array(repeating: 0xab, count: 60)
        for (precision, expected) in [(CaptureWriter.Precision.nanosecond, 123_456_789 as UInt32), (.microsecond, 123_456_000)] {
            let path = scratchFile("p.pcap")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let w = try CaptureWriter(path: path, precision: precision)
            try w.write(frame, timestamp: stamp, originalLength: 1514)
            try w.close()
            let r = try CaptureReader(path: path)
            let f = try #require(try r.next())
            #expect(f.timestamp == Timestamp(seconds: 1_700_000_000, nanoseconds: expected))
            #expect(f.capturedLength == 60 && f.originalLength == 1514)
            let magic = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4))
            #expect(magic == (precision == .nanosecond ? [0x4d, 0x3c, 0xb2, 0xa1] : [0xd4, 0xc3, 0xb2, 0xa1]))
        }
    }

    @Test func errorsNameTheFile() throws {
        let missing = scratchFile("no-such-folder/x.pcap")
        #expect(throws: CaptureWriteError.self) { try CaptureWriter(path: missing) }
        do {
            _ = try CaptureWriter(path: missing)
        } catch {
            #expect(error.kind == .cannotCreate && error.file == missing && error.description.hasPrefix(missing))
        }
        let path = scratchFile("small.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let w = try CaptureWriter(path: path, snapshotLength: 64)
        do {
            try w.write([UInt8](repeating: 0, count: 65), timestamp: Timestamp(seconds: 1, nanoseconds: 0))
            Issue.record("a record over the snapshot length was accepted")
        } catch {
            #expect(error.kind == .recordTooLong && error.file == path)
        }
        try w.close()
        try w.close() // harmless
        do {
            try w.write([1, 2, 3], timestamp: Timestamp(seconds: 1, nanoseconds: 0))
            Issue.record("a write after close was accepted")
        } catch {
            #expect(error.kind == .closed && error.file == path)
        }
    }

    @Test(.enabled(if: tsharkInstalled, "tshark is not installed"))
    func tsharkReadsTheWrittenFile() throws {
        let path = scratchFile("t.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try CaptureReader(path: fixtures.appendingPathComponent("rr-basic/dp.pcap").path)
        let w = try CaptureWriter(path: path, precision: .nanosecond)
        while let f = try source.next(), f.number <= 100 { try w.write(f.bytes, timestamp: f.timestamp) }
        try w.close()
        let r = try #require(runTshark(["-r", path, "-T", "fields", "-e", "frame.number", "-e", "frame.time_epoch"]))
        #expect(r.status == 0)
        let lines = r.output.split(separator: "\n")
        #expect(lines.count == 100)
        // Frame 1 of rr-basic/dp.pcap, as `tshark -r dp.pcap -T fields -e frame.time_epoch` prints it.
        let first = try CaptureReader(path: fixtures.appendingPathComponent("rr-basic/dp.pcap").path).next()!
        #expect(lines.first?.hasSuffix(first.timestamp.description) == true, "\(lines.first ?? "")")
    }
}
