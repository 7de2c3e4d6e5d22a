import Capture
import OpenFlow
@testable import Replay
import Testing

/// The inference pass reads the session through `ConfigScan`, not the scanner: it must see the same
/// messages, in the same order, as the scanner delivers them.
@Suite struct ConfigScanTests {
    /// The PACKET_OUTs and FLOW_MODs to the switch, as the scanner delivers them: (file, frame, type, time).
    func throughScanner(_ sources: SessionSources) -> [(FrameRef, UInt8, Timestamp)] {
        let scanner = SessionScanner(sources: sources)
        var out: [(FrameRef, UInt8, Timestamp)] = []
        while let e = scanner.next() {
            guard case .control(let c) = e, c.direction == .toSwitch else { continue }
            switch c.message.body {
            case .packetOut: out.append((c.ref, OFMessageType.packetOut.rawValue, c.time))
            case .flowMod: out.append((c.ref, OFMessageType.flowMod.rawValue, c.time))
            default: break
            }
        }
        return out
    }

    func throughScan(_ sources: SessionSources, stopAfter limit: Int = .max) -> [(FrameRef, UInt8, Timestamp)] {
        var out: [(FrameRef, UInt8, Timestamp)] = []
        ConfigScan(sources: sources, controllerPorts: [6633, 6653]).run { m in
            switch m.view.body {
            case .packetOut: out.append((m.ref, OFMessageType.packetOut.rawValue, m.time))
            case .flowMod: out.append((m.ref, OFMessageType.flowMod.rawValue, m.time))
            default: Issue.record("ConfigScan delivered a message inference does not read")
            }
            return out.count < limit
        }
        return out
    }

    @Test(arguments: ["rr-basic", "rr-buggy-reverse", "rr-many"])
    func seesWhatTheScannerDelivers(_ session: String) throws {
        // The folder: of.pcap merged with the data plane (per-port files for rr-many).
        let sources = try SessionSources.expand(["\(fixtures)/\(session)"])
        let expected = throughScanner(sources)
        let got = throughScan(sources)
        #expect(expected.count > 10)
        #expect(got.count == expected.count)
        for (a, b) in zip(got, expected) {
            #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2, "\(a) vs \(b)")
        }
        // Every PACKET_OUT carries its packet decoded (the probes are ARP requests in it).
        var packets = 0
        ConfigScan(sources: sources, controllerPorts: [6633, 6653]).run { m in
            if case .packetOut = m.view.body, m.packet?.arp != nil { packets += 1 }
            return true
        }
        #expect(packets > 0)
    }

    @Test func stopsWhenTold() throws {
        let sources = try SessionSources.expand(["\(fixtures)/rr-basic"])
        #expect(throughScan(sources, stopAfter: 3).count == 3)
    }

    @Test func namesFilesItCannotOpen() throws {
        let sources = SessionSources(files: [.init(path: "\(fixtures)/malformed/bad-magic.pcap", switchPort: nil)])
        let scan = ConfigScan(sources: sources, controllerPorts: [6633])
        #expect(scan.nothingReadable)
        #expect(scan.openErrors.count == 1 && scan.openErrors[0].file.hasSuffix("bad-magic.pcap"))
    }
}
