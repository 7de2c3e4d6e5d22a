import Capture
import Model
import OpenFlow
@testable import Replay
import Testing
import Wire

/// Installs answering reverse traffic of connections the controller never balanced are strays:
/// reported, bounded, and leaving nothing behind per connection (the engine's table of install
/// times used to keep one entry for each, for ever).
@Suite struct StrayInstallMemoryTests {
    @Test func strayReverseInstallsKeepNoInstallTimes() throws {
        let sources = try SessionSources.expand(["\(fixtures)/rr-basic"])
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        let engine = ReplayEngine(config: config, modelConfig: BalancerConfig(
            serviceIP: config.serviceIP.value, servers: config.servers.value, lbMAC: config.lbMAC.value))
        let server = config.servers.value[0]
        // The channel from its HELLO: a capture that began mid-session would leave unknown replies unjudged.
        engine.consume(ControlMessage(
            ref: FrameRef(file: 0, frame: 0), firstFrame: 0, time: Timestamp(seconds: 1_699_999_999, nanoseconds: 0),
            direction: .toSwitch, connection: 1, datapathID: nil, message: OFMessage(xid: 0, body: .hello), packet: nil))
        for i in 0..<300 {
            // A SYN-ACK from the server to a client port no connection used: unknown reverse traffic.
            var key = OFMatch(wildcards: 0, inPort: 1)
            key.dlSrc = MACAddress(rawValue: 1); key.dlDst = MACAddress(rawValue: 3)
            key.dlVlan = 0xffff; key.dlType = EtherType.ipv4; key.nwProto = IPProtocol.tcp
            key.nwSrc = server; key.nwDst = IPv4Address(10, 0, 0, 3)
            key.tpSrc = 80; key.tpDst = UInt16(40000 + i)
            let t = Timestamp(seconds: 1_700_000_000 + Int64(i), nanoseconds: 0)
            var carried = key
            carried.inPort = 0
            engine.consume(ControlMessage(
                ref: FrameRef(file: 0, frame: 2 * i + 1), firstFrame: 2 * i + 1, time: t, direction: .toController,
                connection: 1, datapathID: 1,
                message: OFMessage(xid: 0, body: .packetIn(OFPacketIn(bufferId: ofNoBuffer, totalLen: 54, inPort: 1, reason: 0, data: []))),
                packet: CarriedPacket(match: carried, arp: nil, isIPv4TCP: true, error: nil)))
            engine.consume(ControlMessage(
                ref: FrameRef(file: 0, frame: 2 * i + 2), firstFrame: 2 * i + 2, time: Timestamp(seconds: t.seconds, nanoseconds: 1_000_000),
                direction: .toSwitch, connection: 1, datapathID: 1,
                message: OFMessage(xid: UInt32(i), body: .flowMod(OFFlowMod(match: key, command: 0, idleTimeout: 10, hardTimeout: 0,
                                                                            priority: 0x8000, actions: [.output(port: 3, maxLen: 0)]))),
                packet: nil))
        }
        let analysis = engine.finish(files: ["of.pcap"], diagnostics: [], framesRead: 600, bytesRead: 0)
        #expect(analysis.connections.isEmpty)
        #expect(analysis.strayInstalls.count == 300)
        #expect(analysis.strayInstalls.allSatisfy { $0.unexpectedInstall && $0.direction == .reverse })
        #expect(engine.lastInstall.count == 0)
    }
}
