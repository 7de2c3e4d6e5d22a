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

    func throughScan(_ sources: SessionSources, stopAfter limit: Int = .max, cut: ConfigScan.DataPlaneCut? = .lab) -> [(FrameRef, UInt8, Timestamp)] {
        var out: [(FrameRef, UInt8, Timestamp)] = []
        var scan = ConfigScan(sources: sources, controllerPorts: [6633, 6653])
        scan.run(cut: cut) { m in
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
        var scan = ConfigScan(sources: sources, controllerPorts: [6633, 6653])
        scan.run { m in
            if case .packetOut = m.view.body, m.packet?.arp != nil { packets += 1 }
            return true
        }
        #expect(packets > 0)
    }

    /// A data-plane file is read only until it has shown itself as such (no control-channel segment
    /// while of.pcap has them); what inference sees is unchanged, under each rule and both.
    @Test(arguments: ["rr-basic", "rr-buggy-reverse", "rr-many"])
    func leavesTheDataPlaneToTheReplay(_ session: String) throws {
        let sources = try SessionSources.expand(["\(fixtures)/\(session)"])
        #expect(sources.files.count >= 2)
        let quietOnly = ConfigScan.DataPlaneCut(quiet: 10, missed: .infinity)
        let missedOnly = ConfigScan.DataPlaneCut(quiet: .infinity, missed: 1)
        func framesRead(_ cut: ConfigScan.DataPlaneCut?) -> [Int] {
            var scan = ConfigScan(sources: sources, controllerPorts: [6633, 6653])
            scan.run(cut: cut) { _ in true }
            return scan.framesRead
        }
        let all = framesRead(nil), quiet = framesRead(quietOnly), missed = framesRead(missedOnly), lab = framesRead(.lab)
        // of.pcap whole (these sessions are shorter than the 30 s window after the first probe)…
        #expect(quiet[0] == all[0] && missed[0] == all[0] && lab[0] == all[0])
        for i in 1..<sources.files.count where all[i] > 0 {
            let path = sources.files[i].path
            // …each data-plane file only until 10 s of it held no control-channel segment, or 1 s
            // after a segment of.pcap held while it was being captured, whichever comes first…
            #expect(quiet[i] < all[i] && missed[i] < all[i], "\(path)")
            #expect(lab[i] == min(quiet[i], missed[i]), "\(path)")
        }
        // …the second rule the sooner on these sessions (the data plane begins while the control
        // channel is busy)…
        let dataPlane = 1..<sources.files.count
        #expect(dataPlane.reduce(0) { $0 + missed[$1] } < dataPlane.reduce(0) { $0 + quiet[$1] })
        // …and inference sees the same messages whichever rule cut the data plane.
        let reference = throughScan(sources, cut: nil)
        for cut in [quietOnly, missedOnly, .lab] {
            let got = throughScan(sources, cut: cut)
            #expect(got.count == reference.count
                    && zip(got, reference).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 })
        }
    }

    /// A file that carries the control channel is read whatever else does: the same control
    /// channel given twice delivers every message twice.
    @Test func readsEveryFileThatCarriesTheControlChannel() throws {
        let of = SessionSources.File(path: "\(fixtures)/rr-many/of.pcap", switchPort: nil)
        let dp = SessionSources.File(path: "\(fixtures)/rr-many/dp.pcap", switchPort: nil)
        let once = throughScan(SessionSources(files: [of, dp]))
        let twice = throughScan(SessionSources(files: [dp, of, of]))
        #expect(once.count > 10 && twice.count == 2 * once.count)
        // A data-plane file alone is read whole: no other file carries the control channel.
        var alone = ConfigScan(sources: SessionSources(files: [dp]), controllerPorts: [6633, 6653])
        alone.run { _ in true }
        let frames = try countFrames("\(fixtures)/rr-many/dp.pcap")
        #expect(alone.framesRead == [frames])
    }

    private func countFrames(_ path: String) throws -> Int {
        let reader = try CaptureReader(path: path)
        var n = 0
        while try reader.next() != nil { n += 1 }
        return n
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
