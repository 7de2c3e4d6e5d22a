import Foundation
import Testing
import Wire
import Capture
@testable import OpenFlow

/// parse → emit gives the same bytes for real messages; emit → parse gives the same value for the
/// types the capture does not contain.
@Suite struct EmitTests {
    static let real: [[UInt8]] = [
        Real.hello, Real.barrierRequest, Real.barrierReply, Real.statsRequestDesc, Real.setConfig,
        Real.packetOutFlood, Real.packetInARPReply, Real.flowModForward, Real.flowModReverse,
        Real.featuresReply, Real.statsReplyDesc, Real.portStatus, Real.packetOutTable,
    ]

    @Test(arguments: real) func realMessageRoundTrips(_ bytes: [UInt8]) throws {
        let message = try OFMessage(parsing: bytes)
        #expect(message.emit() == bytes)
    }

    @Test func constructForwardFlowMod() throws {
        // Built from the values read off the bytes by hand, the emitter must give the captured message.
        let match = OFMatch(wildcards: 0, inPort: 3, dlSrc: MACAddress("00:00:00:00:00:03")!, dlDst: MACAddress("00:00:00:00:00:01")!,
                            dlVlan: 0xffff, dlType: 0x0800, nwProto: 6, nwSrc: IPv4Address(10, 0, 0, 3), nwDst: IPv4Address(10, 0, 1, 1),
                            tpSrc: 49514, tpDst: 80)
        let fm = OFFlowMod(match: match, command: 0, idleTimeout: 10, hardTimeout: 0, priority: 0x8000,
                           actions: [.setDlDst(MACAddress("00:00:00:00:00:01")!), .setNwDst(IPv4Address(10, 0, 0, 1)), .output(port: 1, maxLen: 0)])
        #expect(OFMessage(xid: 11, body: .flowMod(fm)).emit() == Real.flowModForward)
        let po = OFPacketOut(bufferId: ofNoBuffer, inPort: OFPort.none, actions: [.output(port: OFPort.flood, maxLen: 0)],
                             data: Array(Real.packetOutFlood[24...]))
        #expect(OFMessage(xid: 7, body: .packetOut(po)).emit() == Real.packetOutFlood)
    }

    static let synthetic: [OFMessage] = {
        let match = OFMatch(wildcards: OFMatch.Wildcards.all & ~(OFMatch.Wildcards.dlType | OFMatch.Wildcards.nwSrcMask)
                                | (8 << OFMatch.Wildcards.nwSrcShift),
                            dlType: 0x0800, nwSrc: IPv4Address(10, 0, 0, 0))
        let port = OFPhyPort(portNo: 2, hwAddr: MACAddress("ea:2b:88:8b:a2:54")!, name: "s1-eth2", curr: 0xc0)
        let allActions: [OFAction] = [
            .output(port: OFPort.controller, maxLen: 128), .setVlanVid(10), .setVlanPcp(3), .stripVlan,
            .setDlSrc(MACAddress("00:00:00:11:22:33")!), .setDlDst(.broadcast), .setNwSrc(IPv4Address(1, 2, 3, 4)),
            .setNwDst(IPv4Address(5, 6, 7, 8)), .setNwTos(0x20), .setTpSrc(1), .setTpDst(2), .enqueue(port: 1, queueId: 7),
            .vendor(vendor: 0x2320, body: [0, 1, 2, 3, 4, 5, 6, 7]),
        ]
        return [
            OFMessage(xid: 1, body: .error(type: 1, code: 6, data: Array(Real.flowModForward.prefix(64)))),
            OFMessage(xid: 2, body: .echoRequest([1, 2, 3])),
            OFMessage(xid: 2, body: .echoReply([1, 2, 3])),
            OFMessage(xid: 3, body: .vendor(vendor: 0x2320, data: [9, 9])),
            OFMessage(xid: 4, body: .featuresRequest),
            OFMessage(xid: 5, body: .getConfigRequest),
            OFMessage(xid: 5, body: .getConfigReply(OFSwitchConfig(flags: 0, missSendLen: 128))),
            OFMessage(xid: 6, body: .flowRemoved(OFFlowRemoved(match: match, cookie: 42, priority: 100, reason: 0, durationSec: 12,
                                                              durationNsec: 500, idleTimeout: 10, packetCount: 7, byteCount: 900))),
            OFMessage(xid: 7, body: .flowMod(OFFlowMod(match: match, command: 3, idleTimeout: 0, hardTimeout: 30, priority: 1,
                                                       outPort: 2, flags: 1, actions: allActions))),
            OFMessage(xid: 8, body: .portMod(OFPortMod(portNo: 3, hwAddr: MACAddress("f2:ce:d2:0d:6e:e9")!, config: 1, mask: 1, advertise: 0))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .flow(match: match, tableId: 0xff, outPort: OFPort.none)))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .aggregate(match: match, tableId: 0, outPort: 1)))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .table))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .port(portNo: OFPort.none)))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .queue(portNo: 1, queueId: 0xffff_ffff)))),
            OFMessage(xid: 9, body: .statsRequest(OFStatsRequest(body: .vendor(vendor: 0x2320, data: [1])))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .aggregate(packetCount: 1, byteCount: 2, flowCount: 3)))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(flags: 1, body: .table([
                OFTableStats(tableId: 0, name: "classifier", wildcards: 0x3fffff, maxEntries: 1_000_000, activeCount: 4,
                             lookupCount: 100, matchedCount: 90)])))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .port([OFPortStats(portNo: 1, counters: Array(1...12))])))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .queue([
                OFQueueStats(portNo: 1, queueId: 7, txBytes: 10, txPackets: 1, txErrors: 0)])))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .vendor(vendor: 0x2320, data: [7, 7])))),
            OFMessage(xid: 9, body: .statsReply(OFStatsReply(body: .flow([])))),
            OFMessage(xid: 10, body: .portStatus(reason: 0, desc: port)),
            OFMessage(xid: 11, body: .featuresReply(OFFeatures(datapathId: 0x0000_0000_0000_0001, nBuffers: 256, nTables: 1,
                                                               capabilities: 0xc7, actions: 0xfff, ports: [port, port]))),
            OFMessage(xid: 12, body: .queueGetConfigRequest(port: 1)),
            OFMessage(xid: 12, body: .queueGetConfigReply(port: 1, queues: [
                OFPacketQueue(queueId: 1, properties: [.minRate(500)]),
                OFPacketQueue(queueId: 2, properties: [.other(type: 0, body: [])]),
                OFPacketQueue(queueId: 3, properties: []),
            ])),
        ]
    }()

    @Test(arguments: synthetic) func syntheticMessageRoundTrips(_ message: OFMessage) throws {
        let bytes = message.emit()
        #expect(Int(bytes.u16be(2)) == bytes.count)   // the emitter filled the length in
        #expect(try OFMessage(parsing: bytes) == message)
    }

    @Test func flowStatsEntryCarriesItsActions() throws {
        let reply = flowStatsReply()
        #expect(reply.count == 12 + 88 + 32)
        #expect(reply.u16be(12) == 120)                 // entry length filled in
        try withView(reply) { v in
            guard case .statsReply(let s) = v.body, let entries = s.flowStats else { throw UnexpectedBody() }
            let list = Array(entries)
            #expect(list.count == 1)
            #expect(list[0].match.tpSrc == 49514)
            #expect(list[0].packetCount == 4)
            #expect(list[0].actions.actions.last == .output(port: 1, maxLen: 0))
        }
    }
}

extension Array where Element == UInt8 {
    func u16be(_ at: Int) -> UInt16 { UInt16(self[at]) << 8 | UInt16(self[at + 1]) }
}
