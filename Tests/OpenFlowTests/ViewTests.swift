import Testing
import Wire
@testable import OpenFlow

/// Deconstructing real messages through the views; every expected value was read off the
/// annotated bytes in RealMessages.swift (and cross-checked with tshark where it decodes them).
@Suite struct ViewTests {
    @Test func headerOnlyMessages() throws {
        try withView(Real.hello) { v in
            #expect(v.header.version == 1)
            #expect(v.header.type == .hello)
            #expect(v.header.length == 8)
            #expect(v.header.xid == 1)
            guard case .hello = v.body else { throw UnexpectedBody() }
        }
        try withView(Real.barrierRequest) { v in
            #expect(v.header.type == .barrierRequest)
            #expect(v.header.xid == 6)
        }
        try withView(Real.barrierReply) { v in
            #expect(v.header.type == .barrierReply)
            #expect(v.header.xid == 6)   // answers the request above
        }
    }

    @Test func messageTypeNames() {
        #expect(OFMessageType.allCases.count == 22)
        #expect(OFMessageType(rawValue: 21)?.name == "QUEUE_GET_CONFIG_REPLY")
        #expect(OFMessageType(rawValue: 14)?.name == "FLOW_MOD")
        #expect(OFMessageType(rawValue: 22) == nil)
    }

    @Test func featuresReply() throws {
        try withView(Real.featuresReply) { v in
            guard case .featuresReply(let f) = v.body else { throw UnexpectedBody() }
            #expect(v.header.length == 368)
            #expect(f.datapathId == 1)
            #expect(f.nBuffers == 0)
            #expect(f.nTables == 254)
            #expect(f.capabilities == 0xc7)
            #expect(f.actions == 0xfff)
            let ports = Array(f.ports)
            #expect(ports.count == 7)
            #expect(ports.map(\.portNo) == [OFPort.local, 4, 6, 1, 2, 5, 3])
            #expect(ports.map(\.name) == ["s1", "s1-eth4", "s1-eth6", "s1-eth1", "s1-eth2", "s1-eth5", "s1-eth3"])
            #expect(ports[0].hwAddr == MACAddress("72:ed:52:ce:37:4e"))
            #expect(ports[0].config == 1)       // OFPPC_PORT_DOWN
            #expect(ports[0].state == 1)        // OFPPS_LINK_DOWN
            #expect(ports[0].curr == 0xc0)      // 10GB_FD | COPPER
            #expect(ports[1].hwAddr == MACAddress("4e:45:5b:93:92:28"))
            #expect(ports[1].config == 0)
            #expect(ports[6].hwAddr == MACAddress("f2:ce:d2:0d:6e:e9"))
        }
    }

    @Test func packetInCarryingAnARPReply() throws {
        try withView(Real.packetInARPReply) { v in
            guard case .packetIn(let p) = v.body else { throw UnexpectedBody() }
            #expect(v.header.xid == 0)
            #expect(p.bufferId == ofNoBuffer)
            #expect(p.totalLen == 42)
            #expect(p.inPort == 1)
            #expect(p.reason == 0)
            #expect(p.dataRange == 18..<60)
            #expect(v.dataRange == 18..<60)
            #expect(p.data.count == 42)
            #expect(p.data.u16(12) == 0x0806)      // EtherType ARP
            #expect(p.data.u16(20) == 2)           // opcode reply
            #expect(p.data.u32(28) == 0x0a00_0001) // sender 10.0.0.1
        }
    }

    @Test func forwardFlowModWithSetFieldActions() throws {
        try withView(Real.flowModForward) { v in
            guard case .flowMod(let f) = v.body else { throw UnexpectedBody() }
            #expect(v.header.xid == 11)
            let m = f.match
            #expect(m.wildcards == 0)
            #expect(m.inPort == 3)
            #expect(m.dlSrc == MACAddress("00:00:00:00:00:03"))
            #expect(m.dlDst == MACAddress("00:00:00:00:00:01"))
            #expect(m.dlVlan == 0xffff)
            #expect(m.dlType == 0x0800)
            #expect(m.nwProto == 6)
            #expect(m.nwSrc == IPv4Address(10, 0, 0, 3))
            #expect(m.nwDst == IPv4Address(10, 0, 1, 1))
            #expect(m.tpSrc == 49514)
            #expect(m.tpDst == 80)
            #expect(f.cookie == 0)
            #expect(f.command == 0)
            #expect(f.idleTimeout == 10)
            #expect(f.hardTimeout == 0)
            #expect(f.priority == 0x8000)
            #expect(f.bufferId == ofNoBuffer)
            #expect(f.outPort == OFPort.none)
            #expect(f.flags == 0)
            #expect(f.actions.actions == [
                .setDlDst(MACAddress("00:00:00:00:00:01")!),
                .setNwDst(IPv4Address(10, 0, 0, 1)),
                .output(port: 1, maxLen: 0),
            ])
        }
    }

    @Test func reverseFlowModWithSetFieldActions() throws {
        try withView(Real.flowModReverse) { v in
            guard case .flowMod(let f) = v.body else { throw UnexpectedBody() }
            #expect(v.header.xid == 14)
            #expect(f.match.inPort == 1)
            #expect(f.match.nwSrc == IPv4Address(10, 0, 0, 1))
            #expect(f.match.nwDst == IPv4Address(10, 0, 0, 3))
            #expect(f.match.tpSrc == 80)
            #expect(f.match.tpDst == 49514)
            #expect(f.actions.actions == [
                .setDlSrc(MACAddress("00:00:00:00:00:01")!),
                .setNwSrc(IPv4Address(10, 0, 1, 1)),
                .output(port: 3, maxLen: 0),
            ])
        }
    }

    @Test func packetOutFloodingAnARPProbe() throws {
        try withView(Real.packetOutFlood) { v in
            guard case .packetOut(let p) = v.body else { throw UnexpectedBody() }
            #expect(v.header.xid == 7)
            #expect(p.bufferId == ofNoBuffer)
            #expect(p.inPort == OFPort.none)
            #expect(p.actionsLen == 8)
            #expect(p.actions.actions == [.output(port: OFPort.flood, maxLen: 0)])
            #expect(p.dataRange == 24..<66)
            #expect(p.data.u16(20) == 1)            // ARP request
            #expect(p.data.u32(38) == 0x0a00_0001)  // who-has 10.0.0.1
        }
    }

    @Test func packetOutThroughTheTable() throws {
        try withView(Real.packetOutTable) { v in
            guard case .packetOut(let p) = v.body else { throw UnexpectedBody() }
            #expect(p.inPort == 3)
            #expect(p.actions.actions == [.output(port: OFPort.table, maxLen: 0)])
            #expect(p.data.count == 74)
        }
    }

    @Test func statsRequestAndReplyDesc() throws {
        try withView(Real.statsRequestDesc) { v in
            guard case .statsRequest(let s) = v.body else { throw UnexpectedBody() }
            #expect(s.statsType == 0)
            #expect(s.flags == 0)
            #expect(s.body.isEmpty)
        }
        try withView(Real.statsReplyDesc) { v in
            guard case .statsReply(let s) = v.body, let d = s.desc else { throw UnexpectedBody() }
            #expect(v.header.length == 1068)
            #expect(String(decoding: d.mfrDesc, as: UTF8.self) == "Nicira, Inc.")
            #expect(String(decoding: d.hwDesc, as: UTF8.self) == "Open vSwitch")
            #expect(String(decoding: d.swDesc, as: UTF8.self) == "3.1.0")
            #expect(String(decoding: d.serialNum, as: UTF8.self) == "None")
            #expect(String(decoding: d.dpDesc, as: UTF8.self) == "s1")
            #expect(s.flowStats == nil)
        }
    }

    @Test func setConfigAndPortStatus() throws {
        try withView(Real.setConfig) { v in
            guard case .setConfig(let c) = v.body else { throw UnexpectedBody() }
            #expect(c.flags == 0)
            #expect(c.missSendLen == 128)
        }
        try withView(Real.portStatus) { v in
            guard case .portStatus(let s) = v.body else { throw UnexpectedBody() }
            #expect(s.reason == 2)   // MODIFY
            #expect(s.desc.portNo == 1)
            #expect(s.desc.name == "s1-eth1")
            #expect(s.desc.config == 1)
            #expect(s.desc.state == 1)
        }
    }

    @Test func otherVersionsAndUnknownTypesStayRaw() throws {
        // An OpenFlow 1.3 HELLO with one versionbitmap element: checked header, body untouched.
        let of13 = hex("04 00 0010 00000009  0001 0008 00000010")
        try withView(of13) { v in
            #expect(v.header.type == nil)
            guard case .raw(let body) = v.body else { throw UnexpectedBody() }
            #expect(body.count == 8)
        }
        let unknown = hex("01 16 0008 00000001")   // type 22 is not 1.0's
        try withView(unknown) { v in
            guard case .raw = v.body else { throw UnexpectedBody() }
        }
        let m = try OFMessage(parsing: of13)
        #expect(m.version == 4)
        #expect(m.body == .raw(type: 0, body: hex("0001 0008 00000010")))
        #expect(m.emit() == of13)
    }
}
