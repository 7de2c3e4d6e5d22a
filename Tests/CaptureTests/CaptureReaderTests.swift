import Foundation
import Testing
@testable import Capture

/// The fixtures folder, found from this file's path so tests run from any working directory.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

func readAll(_ path: String) throws -> (frames: [(Int, Timestamp, Int, Int64)], error: CaptureError?) {
    let reader = try CaptureReader(path: path)
    var out: [(Int, Timestamp, Int, Int64)] = []
    do {
        while let f = try reader.next() { out.append((f.number, f.timestamp, f.capturedLength, f.fileOffset)) }
    } catch {
        return (out, error)
    }
    return (out, nil)
}

/// Walks a little-endian classic pcap's record headers by hand (16 bytes each, caplen at +8).
func recordOffset(_ data: Data, frame: Int) -> Int {
    var offset = 24
    for _ in 1..<frame {
        let caplen = Int(data[offset + 8]) | Int(data[offset + 9]) << 8 | Int(data[offset + 10]) << 16 | Int(data[offset + 11]) << 24
        offset += 16 + caplen
    }
    return offset
}

@Suite struct CaptureReaderTests {
    @Test func readsEthernetControlCapture() throws {
        let path = fixtures.appendingPathComponent("rr-basic/of.pcap").path
        let reader = try CaptureReader(path: path)
        #expect(reader.linkType == .ethernet)
        #expect(!reader.isPcapng)
        let (frames, error) = try readAll(path)
        #expect(error == nil)
        #expect(frames.count == 212) // capinfos: 212 packets
        // Frame 1 per tshark: 2026-11-24 19:19:36.202130 UTC, 74 bytes, record after the 24-byte file header.
        #expect(frames[0].0 == 1)
        #expect(frames[0].2 == 74)
        #expect(frames[0].3 == 24)
        #expect(frames[0].1.nanoseconds % 1000 == 0) // microsecond file, read at nanosecond precision
        // Records follow each other: offset(n+1) = offset(n) + 16 + caplen(n).
        for i in 1..<frames.count {
            #expect(frames[i].3 == frames[i - 1].3 + 16 + Int64(frames[i - 1].2))
        }
    }

    @Test func readsLinuxCookedV2() throws {
        let path = fixtures.appendingPathComponent("rr-basic/dp-any.pcap").path
        let reader = try CaptureReader(path: path)
        #expect(reader.linkType == .linuxCooked2)
        let (frames, error) = try readAll(path)
        #expect(error == nil)
        #expect(frames.count == 230)
    }

    @Test func missingFileIsCannotOpen() {
        #expect(throws: CaptureError.self) { try CaptureReader(path: "/nonexistent/x.pcap") }
        do { _ = try CaptureReader(path: "/nonexistent/x.pcap") } catch { #expect(error.kind == .cannotOpen) }
    }

    @Test func truncatedLastRecordNamesFrameAndOffset() throws {
        let src = fixtures.appendingPathComponent("rr-basic/of.pcap")
        let data = try Data(contentsOf: src)
        // Cut 10 bytes into the payload of frame 3.
        let frame3Offset = recordOffset(data, frame: 3)
        let cut = data.prefix(frame3Offset + 16 + 10)
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-trunc-\(UUID()).pcap")
        try cut.write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let (frames, error) = try readAll(tmp.path)
        #expect(frames.count == 2)
        let e = try #require(error)
        #expect(e.kind == .truncatedRecord)
        #expect(e.frame == 3)
        #expect(e.offset == Int64(frame3Offset))
        #expect(e.description.contains(tmp.path))
    }

    @Test func corruptRecordHeaderNamesFrameAndOffset() throws {
        let src = fixtures.appendingPathComponent("rr-basic/of.pcap")
        var data = try Data(contentsOf: src)
        let frame5Offset = recordOffset(data, frame: 5)
        // caplen (little-endian file) of frame 5 set to 0x7fffffff: far beyond the snapshot length.
        data.replaceSubrange((frame5Offset + 8)..<(frame5Offset + 12), with: [0xff, 0xff, 0xff, 0x7f])
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-corrupt-\(UUID()).pcap")
        try data.write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let (frames, error) = try readAll(tmp.path)
        #expect(frames.count == 4)
        let e = try #require(error)
        #expect(e.kind == .corruptRecord)
        #expect(e.frame == 5)
        #expect(e.offset == Int64(frame5Offset))
    }

    @Test func notACaptureIsBadFileHeader() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-bad-\(UUID()).pcap")
        try Data("this is not a capture file at all, just text".utf8).write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        do { _ = try CaptureReader(path: tmp.path); Issue.record("expected an error") } catch {
            #expect(error.kind == .badFileHeader)
        }
    }
}

/// Captures can carry any 64-bit time: arithmetic on timestamps must not trap.
@Suite struct TimestampArithmeticTests {
    @Test func farApartTimesGiveAnIntervalNotATrap() {
        let early = Timestamp(seconds: -9_200_000_000, nanoseconds: 0)
        let late = Timestamp(seconds: 9_200_000_000, nanoseconds: 500_000_000)
        #expect(late.interval(since: early) == 18_400_000_000.5)
        #expect(Timestamp(seconds: .max, nanoseconds: 999_999_999).interval(since: Timestamp(seconds: .min, nanoseconds: 0)) > 1e19)
        // In the exact range, to the nanosecond as before.
        #expect(Timestamp(seconds: 1_700_000_000, nanoseconds: 1).interval(since: Timestamp(seconds: 1_700_000_000, nanoseconds: 0)) == 1e-9)
    }

    @Test func addingSaturatesAndTotalNanosecondsRoundTrip() {
        let t = Timestamp(seconds: 9_000_000_000, nanoseconds: 0)
        #expect(t.adding(seconds: 1e12).totalNanoseconds == .max)
        #expect(Timestamp(seconds: 1, nanoseconds: 0).adding(seconds: .nan) == Timestamp(seconds: 1, nanoseconds: 0))
        #expect(Timestamp(totalNanoseconds: .min).totalNanoseconds == .min)
        #expect(Timestamp(totalNanoseconds: -1) == Timestamp(seconds: -1, nanoseconds: 999_999_999))
        #expect(Timestamp(seconds: 1_700_000_000, nanoseconds: 250).adding(seconds: 0.5) == Timestamp(seconds: 1_700_000_000, nanoseconds: 500_000_250))
    }
}

/// Reading through a pipe: nothing can be read twice, and the reader must not go back.
@Suite struct CaptureReaderPipeTests {
    /// `body` gets a path naming the read end of a pipe into which `data` is written (from another
    /// thread, so that a capture larger than the pipe's buffer does not block the writer).
    static func throughPipe<R>(_ data: Data, _ body: (String) throws -> R) rethrows -> R {
        let pipe = Pipe()
        let writer = Thread {
            try? pipe.fileHandleForWriting.write(contentsOf: data)
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        defer { try? pipe.fileHandleForReading.close() }
        return try body("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
    }

    /// Every frame of a real lab capture read from a pipe is the frame read from the file: number,
    /// time, length and byte offset (counted, as a pipe cannot say where it is).
    @Test func readsTheSameFramesAsFromTheFile() throws {
        let path = fixtures.appendingPathComponent("rr-basic/of.pcap").path
        let (fromFile, fileError) = try readAll(path)
        let (fromPipe, pipeError) = try Self.throughPipe(try Data(contentsOf: URL(fileURLWithPath: path))) { try readAll($0) }
        #expect(fileError == nil && pipeError == nil)
        #expect(fromPipe.count == 212)
        #expect(fromPipe.map(\.0) == fromFile.map(\.0))
        #expect(fromPipe.map(\.1) == fromFile.map(\.1))
        #expect(fromPipe.map(\.2) == fromFile.map(\.2))
        #expect(fromPipe.map(\.3) == fromFile.map(\.3))
    }

    /// The reader probes the magic number itself before libpcap reads it: on a pipe those bytes
    /// must go back, or libpcap sees a capture without its magic and the report blames the file
    /// (it did: "the first bytes, d4 c3 b2 a1, are no capture magic number" — the pcap magic).
    @Test func probingTheMagicDoesNotEatIt() throws {
        let path = fixtures.appendingPathComponent("malformed/pcapng-lying-block-length.pcapng").path
        try Self.throughPipe(try Data(contentsOf: URL(fileURLWithPath: path))) { pipePath in
            let reader = try CaptureReader(path: pipePath)
            #expect(reader.isPcapng)
            var frames = 0
            do { while try reader.next() != nil { frames += 1 } } catch let error as CaptureError {
                #expect(error.kind == .truncatedRecord)
                #expect(error.frame == 21)
                #expect(error.offset == nil)  // pcapng on a pipe: not known, so not given
            }
            #expect(frames == 20)
        }
    }

    /// Not a capture, through a pipe: the bytes named are the stream's first ones.
    @Test func notACaptureNamesItsFirstBytes() throws {
        try Self.throughPipe(Data("GET / HTTP/1.1\r\n".utf8)) { pipePath in
            do { _ = try CaptureReader(path: pipePath); Issue.record("expected an error") } catch let error as CaptureError {
                #expect(error.kind == .badFileHeader)
                #expect(error.detail.contains("47 45 54 20"))
            }
        }
    }
}
