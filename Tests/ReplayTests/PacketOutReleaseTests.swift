import Capture
import Model
import OpenFlow
@testable import Replay
import Testing
import Wire

/// How a PACKET_OUT carrying the client's first packet releases it, judged on rr-basic's first
/// connection with that PACKET_OUT edited: as captured it is right; without an OUTPUT action the
/// packet is dropped; sent through the table before the FLOW_MOD it meets no entry.
@Suite struct PacketOutReleaseTests {
    /// The first connection's first forward install, after `edit` (given the events, the index of
    /// the first forward FLOW_MOD and of the PACKET_OUT releasing its packet).
    func firstInstall(_ edit: (inout [SessionEvent], Int, Int) -> Void = { _, _, _ in }) throws -> InstallTrace {
        let sources = try SessionSources.expand(["\(fixtures)/rr-basic/of.pcap"])
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        let scanner = SessionScanner(sources: sources, keepsPacketData: false)
        var events: [SessionEvent] = []
        while let e = scanner.next() { events.append(e) }
        let mod = try #require(events.firstIndex { e in
            guard case .control(let c) = e, case .flowMod(let f) = c.message.body else { return false }
            return f.actions.contains { if case .setNwDst = $0 { true } else { false } }
        })
        let out = try #require(events[mod...].firstIndex { e in
            guard case .control(let c) = e, case .packetOut = c.message.body else { return false }
            return c.packet?.isIPv4TCP == true
        })
        edit(&events, mod, out)
        let engine = ReplayEngine(config: config, modelConfig: BalancerConfig(
            serviceIP: config.serviceIP.value, servers: config.servers.value, lbMAC: config.lbMAC.value))
        for e in events { engine.consume(e) }
        let analysis = engine.finish(files: ["of.pcap"], diagnostics: [], framesRead: 0, bytesRead: 0)
        return try #require(analysis.connections.first?.forward.first)
    }

    @Test func asCapturedTheReleaseIsRight() throws {
        let install = try firstInstall()
        #expect(install.release != nil && install.flowMod != nil)
        #expect(install.releaseProblem == nil)
    }

    @Test func noOutputActionDropsThePacket() throws {
        let install = try firstInstall { events, _, out in
            guard case .control(var c) = events[out], case .packetOut(var po) = c.message.body else { return }
            po.actions = [.setNwTos(0)]
            c.message.body = .packetOut(po)
            events[out] = .control(c)
        }
        #expect(install.release != nil)
        #expect(install.releaseProblem == "the PACKET_OUT carrying the packet has no OUTPUT action, so the packet is dropped")
    }

    @Test func throughTheTableBeforeTheInstall() throws {
        let install = try firstInstall { events, mod, out in
            let packetOut = events.remove(at: out)
            events.insert(packetOut, at: mod)
        }
        #expect(install.release != nil && install.flowMod != nil)
        #expect(install.releaseProblem == "the packet was sent through the flow table (OUTPUT TABLE) before its FLOW_MOD was installed")
    }

    /// An output to a port, not the table, before the install delivers the packet: no problem.
    @Test func straightOutBeforeTheInstallIsFine() throws {
        let install = try firstInstall { events, mod, out in
            guard case .control(var c) = events[out], case .packetOut(var po) = c.message.body else { return }
            po.actions = [.output(port: 1, maxLen: 0)]
            c.message.body = .packetOut(po)
            events.remove(at: out)
            events.insert(.control(c), at: mod)
        }
        #expect(install.release != nil)
        #expect(install.releaseProblem == nil)
    }

    /// What a PACKET_OUT's actions do to its packet, read from hand-made `ofp_action` bytes and from
    /// the owned actions decoded from them: the two agree, and say what the bytes say.
    @Test(arguments: [
        ([], true, false, false),
        ([0, 7, 0, 8, 10, 0, 0, 1], false, false, false),                               // SET_NW_DST 10.0.0.1
        ([0, 0, 0, 8, 0, 1, 0, 0], false, true, false),                                 // OUTPUT 1
        ([0, 7, 0, 8, 10, 0, 0, 1, 0, 0, 0, 8, 0xff, 0xf9, 0xff, 0xff], false, true, true), // SET_NW_DST, OUTPUT TABLE
    ] as [([UInt8], Bool, Bool, Bool)])
    func releaseActionsFromBytesAndOwned(bytes: [UInt8], isEmpty: Bool, outputs: Bool, toTable: Bool) throws {
        try bytes.withUnsafeBytes { raw in
            let list = try OFActionList(checking: raw)
            for r in [ReleaseActions(list), ReleaseActions(list.actions)] {
                #expect(r.isEmpty == isEmpty && r.outputs == outputs && r.outputToTable == toTable)
            }
        }
    }
}
