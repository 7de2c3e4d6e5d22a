import Foundation
import Testing
@testable import Replay

/// A per-port capture's switch port comes from Mininet's interface name in the file name.
struct SessionSourcesTests {
    @Test func portFromMininetInterfaceNames() {
        #expect(SessionSources.portFromName("dp-s1-eth3.pcap") == 3)
        #expect(SessionSources.portFromName("/tmp/session/ports/s1-eth12.pcapng") == 12)
        #expect(SessionSources.portFromName("a/b/s1-eth007.pcap") == 7)
        #expect(SessionSources.portFromName("s1-eth65535.pcap") == 65535)
    }

    @Test func namesThatAreNotAPort() {
        #expect(SessionSources.portFromName("s1-eth65536.pcap") == nil)      // beyond a port number
        #expect(SessionSources.portFromName("s1-eth.pcap") == nil)           // no digits
        #expect(SessionSources.portFromName("s1-eth3.cap") == nil)           // not .pcap/.pcapng
        #expect(SessionSources.portFromName("s1-eth3.pcap.gz") == nil)
        #expect(SessionSources.portFromName("s1eth3.pcap") == nil)           // no dash
        #expect(SessionSources.portFromName("s1-eth3x.pcap") == nil)
        #expect(SessionSources.portFromName("s1-eth٣.pcap") == nil)          // a digit, but not ASCII
        #expect(SessionSources.portFromName("s1-eth3.pcap/") == 3)           // a trailing slash, as a path component
        #expect(SessionSources.portFromName("-eth3/of.pcap") == nil)          // the folder's name does not count
        #expect(SessionSources.portFromName(".pcap") == nil)
        #expect(SessionSources.portFromName("") == nil)
    }

    /// A session's captures are read twice (inference, then replay): standard input and pipes are
    /// refused up front with the reason, not read twice into an empty second pass.
    @Test func standardInputAndPipesAreRefused() throws {
        #expect(throws: SessionSourceError.notAFile("-")) { try SessionSources.expand(["-"]) }
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-fifo-\(UUID()).pcap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(throws: SessionSourceError.notAFile(fifo)) { try SessionSources.expand([fifo]) }
        #expect(SessionSourceError.notAFile("-").description.contains("read twice"))
    }

    /// Folders of submissions and per-port files sort as people number them. The order was
    /// Foundation's `.numeric` compare until the executable stopped linking Foundation: held to it
    /// here over names of digit runs (leading zeros too), letters and punctuation, except where
    /// Foundation calls two names equal ("s07", "s7"), which ours orders by their text.
    @Test func naturalOrderIsFoundationsNumericOrder() {
        let pieces = ["s", "S", "student", "-", "_", ".", "0", "1", "2", "9", "10", "007", "100", "65535", "a", "b", "é", "e\u{301}", "E", "ñ", "Å", "z", "٣", "ß", "🙂", " "]
        var rng = SystemRandomNumberGenerator()
        var names: [String] = ["", "s2", "s10", "s1-eth3.pcap", "s1-eth12.pcap"]
        for _ in 0..<600 { names.append((0..<Int.random(in: 1...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()) }
        var compared = 0
        for a in names {
            for b in names.shuffled().prefix(40) {
                let foundation = a.compare(b, options: .numeric)
                if foundation == .orderedSame { continue }
                compared += 1
                #expect(SessionSources.naturalOrder(a, b) == (foundation == .orderedAscending), "\(a) vs \(b)")
            }
            #expect(!SessionSources.naturalOrder(a, a))
        }
        #expect(compared > 10_000)
        #expect(["s10", "s2", "s1"].sorted(by: SessionSources.naturalOrder) == ["s1", "s2", "s10"])
        #expect(SessionSources.naturalOrder("s07", "s7") != SessionSources.naturalOrder("s7", "s07"))
    }
}
