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
}
