import Foundation
import Testing
@testable import Capture

/// CaptureReader on Fixtures/malformed/ (made by Scripts/make-malformed.py from rr-basic/of.pcap):
/// each damage gives its kind, frame and offset, and the frames before it are delivered.
@Suite struct MalformedCaptureTests {
    static func path(_ name: String) -> String { fixtures.appendingPathComponent("malformed/\(name)").path }

    static func openError(_ name: String) -> CaptureError? {
        do { _ = try CaptureReader(path: path(name)); return nil } catch { return error }
    }

    @Test func badMagicNamesTheBytes() throws {
        let e = try #require(Self.openError("bad-magic.pcap"))
        #expect(e.kind == .badFileHeader)
        #expect(e.offset == 0)
        #expect(e.detail.contains("not a pcap or pcapng file"))
        #expect(e.detail.contains("00 11 22 33"))
    }

    @Test func headerCutShortAndEmptyFile() throws {
        let cut = try #require(Self.openError("truncated-file-header.pcap"))
        #expect(cut.kind == .badFileHeader)
        #expect(cut.detail.contains("24 file header bytes, only got 8"))
        let empty = try #require(Self.openError("empty-file.pcap"))
        #expect(empty.kind == .badFileHeader)
    }

    @Test func unsupportedLinkType() throws {
        let e = try #require(Self.openError("unsupported-linktype.pcap"))
        #expect(e.kind == .unsupportedLinkType)
        #expect(e.detail.contains("147"))
        // Still readable raw when asked.
        let reader = try CaptureReader(path: Self.path("unsupported-linktype.pcap"), allowUnsupportedLinkType: true)
        #expect(reader.linkType == .other(147))
        var n = 0
        while try reader.next() != nil { n += 1 }
        #expect(n == 40)
    }

    /// Records of 130, 434, 1134 … bytes in a file whose snapshot length is 100: libpcap reads 100
    /// bytes of each and skips the rest, which only the record's place in the file betrays.
    @Test func recordLongerThanSnapshotLengthIsFlagged() throws {
        let reader = try CaptureReader(path: Self.path("record-beyond-snaplen.pcap"))
        #expect(reader.snapshotLength == 100)
        var flagged: [(Int, Int, Int)] = []
        var count = 0
        while let f = try reader.next() {
            count += 1
            #expect(f.capturedLength <= 100)
            if let claimed = f.claimedBeyondSnapshot { flagged.append((f.number, claimed, f.capturedLength)) }
        }
        #expect(count == 40)
        // Every record over 100 bytes in the first 40 of rr-basic/of.pcap (checked with Scripts/pcaputil.py).
        #expect(flagged.map(\.0) == [9, 10, 11, 14, 15, 17, 18, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39])
        #expect(flagged.first.map { $0.1 == 130 && $0.2 == 100 } == true)
        #expect(flagged.dropFirst().first.map { $0.1 == 434 } == true)
    }

    @Test func soundRecordsAreNotFlagged() throws {
        let reader = try CaptureReader(path: fixtures.appendingPathComponent("rr-basic/of.pcap").path)
        while let f = try reader.next() { #expect(f.claimedBeyondSnapshot == nil) }
    }

    @Test func recordBeyondEndOfFile() throws {
        let (frames, error) = try readAll(Self.path("record-beyond-eof.pcap"))
        #expect(frames.count == 30)
        let e = try #require(error)
        #expect(e.kind == .truncatedRecord)
        #expect(e.frame == 31)
        #expect(e.offset == 5014)
        #expect(e.detail.contains("runs past the end of the file"))
    }

    @Test func recordHeaderCutShort() throws {
        let (frames, error) = try readAll(Self.path("truncated-record-header.pcap"))
        #expect(frames.count == 30)
        let e = try #require(error)
        #expect(e.kind == .truncatedRecord)
        #expect(e.frame == 31 && e.offset == 5014)
    }

    @Test func zeroLengthRecordsAreEmptyFrames() throws {
        let (frames, error) = try readAll(Self.path("zero-length-records.pcap"))
        #expect(error == nil)
        #expect(frames.count == 42)
        #expect(frames[20].2 == 0 && frames[21].2 == 0)
        #expect(frames[20].3 == 3626 && frames[21].3 == 3642)
        #expect(frames[22].2 > 0)
    }

    /// The EPB of frame 21 claims 4096 bytes more than it has: libpcap reads past the file's end.
    @Test func pcapngLyingBlockLength() throws {
        let reader = try CaptureReader(path: Self.path("pcapng-lying-block-length.pcapng"))
        #expect(reader.isPcapng)
        let (frames, error) = try readAll(Self.path("pcapng-lying-block-length.pcapng"))
        #expect(frames.count == 20)
        let e = try #require(error)
        #expect(e.frame == 21)
        #expect(e.offset == 4008)
        #expect(e.detail.contains("block's length field runs past the end of the file"))
    }
}
