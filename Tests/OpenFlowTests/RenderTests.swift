import Testing
import Wire
@testable import OpenFlow

/// JSON and text renderings of the real messages, expected strings written out from the annotated bytes.
@Suite struct RenderTests {
    @Test func flowModJSON() throws {
        let expected = #"{"version":1,"type":"FLOW_MOD","xid":11,"length":104,"#
            + #""match":{"wildcards":0,"in_port":3,"dl_src":"00:00:00:00:00:03","dl_dst":"00:00:00:00:00:01","#
            + #""dl_vlan":65535,"dl_vlan_pcp":0,"dl_type":2048,"nw_tos":0,"nw_proto":6,"#
            + #""nw_src":"10.0.0.3","nw_dst":"10.0.1.1","tp_src":49514,"tp_dst":80},"#
            + #""cookie":0,"command":0,"command_name":"ADD","idle_timeout":10,"hard_timeout":0,"priority":32768,"#
            + #""buffer_id":4294967295,"out_port":65535,"out_port_name":"NONE","flags":0,"#
            + #""actions":[{"type":"SET_DL_DST","dl_addr":"00:00:00:00:00:01"},{"type":"SET_NW_DST","nw_addr":"10.0.0.1"},"#
            + #"{"type":"OUTPUT","port":1,"max_len":0}]}"#
        #expect(try json(Real.flowModForward) == expected)
    }

    @Test func packetInJSONLetsTheCallerWriteData() throws {
        let out = try json(Real.packetInARPReply) { w, data in
            w.key("data"); w.beginObject(); w.key("ethertype"); w.number(data.u16(12)); w.endObject()
        }
        #expect(out == #"{"version":1,"type":"PACKET_IN","xid":0,"length":60,"buffer_id":4294967295,"total_len":42,"#
            + #""in_port":1,"reason":0,"reason_name":"NO_MATCH","data_len":42,"data":{"ethertype":2054}}"#)
    }

    @Test func packetOutJSONNamesSpecialPortsBesideTheNumber() throws {
        #expect(try json(Real.packetOutFlood) == #"{"version":1,"type":"PACKET_OUT","xid":7,"length":66,"#
            + #""buffer_id":4294967295,"in_port":65535,"in_port_name":"NONE","actions_len":8,"#
            + #""actions":[{"type":"OUTPUT","port":65531,"port_name":"FLOOD","max_len":0}],"data_len":42}"#)
    }

    @Test func featuresReplyJSON() throws {
        let out = try json(Real.featuresReply)
        #expect(out.hasPrefix(#"{"version":1,"type":"FEATURES_REPLY","xid":2,"length":368,"datapath_id":1,"#
            + #""datapath_id_hex":"00:00:00:00:00:00:00:01","n_buffers":0,"n_tables":254,"capabilities":199,"actions":4095,"#
            + #""ports":[{"port_no":65534,"port_name":"LOCAL","hw_addr":"72:ed:52:ce:37:4e","name":"s1","config":1,"state":1,"#
            + #""curr":192,"advertised":0,"supported":0,"peer":0},{"port_no":4,"hw_addr":"4e:45:5b:93:92:28","name":"s1-eth4","#))
        #expect(out.hasSuffix(#"{"port_no":3,"hw_addr":"f2:ce:d2:0d:6e:e9","name":"s1-eth3","config":0,"state":0,"#
            + #""curr":192,"advertised":0,"supported":0,"peer":0}]}"#))
    }

    @Test func statsJSON() throws {
        #expect(try json(Real.statsReplyDesc) == #"{"version":1,"type":"STATS_REPLY","xid":3,"length":1068,"#
            + #""stats":{"type":0,"type_name":"DESC","flags":0,"body":{"mfr_desc":"Nicira, Inc.","hw_desc":"Open vSwitch","#
            + #""sw_desc":"3.1.0","serial_num":"None","dp_desc":"s1"}}}"#)
        #expect(try json(Real.statsRequestDesc) == #"{"version":1,"type":"STATS_REQUEST","xid":3,"length":12,"#
            + #""stats":{"type":0,"type_name":"DESC","flags":0,"body":{}}}"#)
        let flow = try json(flowStatsReply())
        #expect(flow.contains(#""stats":{"type":1,"type_name":"FLOW","flags":0,"body":[{"length":120,"table_id":0,"match":{"#))
        #expect(flow.contains(#""packet_count":4,"byte_count":300,"actions":[{"type":"SET_DL_DST""#))
    }

    @Test func headerOnlyAndErrorJSON() throws {
        #expect(try json(Real.barrierReply) == #"{"version":1,"type":"BARRIER_REPLY","xid":6,"length":8}"#)
        let error = OFMessage(xid: 5, body: .error(type: 1, code: 6, data: [0x01, 0x0e])).emit()
        #expect(try json(error) == #"{"version":1,"type":"ERROR","xid":5,"length":14,"#
            + #""error":{"type":1,"type_name":"BAD_REQUEST","code":6,"code_name":"BAD_LEN","data":"010e"}}"#)
        let unnamed = OFMessage(xid: 5, body: .error(type: 9, code: 0, data: [])).emit()
        #expect(try json(unnamed).contains(#""error":{"type":9,"code":0,"data":""}"#))
    }

    @Test func matchWithCIDRWildcards() {
        // dl_type exact, nw_src with 8 low bits ignored (/24), nw_dst's count 63 (all ignored), the rest wildcarded.
        let wildcards = OFMatch.Wildcards.all & ~(OFMatch.Wildcards.dlType | OFMatch.Wildcards.nwSrcMask) | (8 << 8)
        #expect(wildcards == 0x3f_c8ef)
        let m = OFMatch(wildcards: wildcards, dlType: 0x0800, nwSrc: IPv4Address(10, 0, 0, 0), nwDst: IPv4Address(10, 0, 1, 1))
        var w = JSONWriter()
        m.writeJSON(into: &w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"wildcards":4180207,"dl_type":2048,"nw_src":"10.0.0.0/24"}"#)
        #expect(m.summary == "match{dl_type=0x0800,nw_src=10.0.0.0/24}")
        #expect(OFMatch().summary == "match{*}")
    }

    @Test func summaries() throws {
        try withView(Real.flowModForward) { v in
            #expect(v.summary == "FLOW_MOD ADD xid=11 match{in_port=3,dl_src=00:00:00:00:00:03,dl_dst=00:00:00:00:00:01,"
                + "dl_vlan=none,dl_vlan_pcp=0,dl_type=0x0800,nw_tos=0,nw_proto=6,nw_src=10.0.0.3,nw_dst=10.0.1.1,"
                + "tp_src=49514,tp_dst=80} actions[SET_DL_DST 00:00:00:00:00:01, SET_NW_DST 10.0.0.1, OUTPUT 1] idle=10")
        }
        try withView(Real.flowModReverse) { v in
            #expect(v.summary.hasSuffix("actions[SET_DL_SRC 00:00:00:00:00:01, SET_NW_SRC 10.0.1.1, OUTPUT 3] idle=10"))
        }
        try withView(Real.packetInARPReply) { v in
            #expect(v.summary == "PACKET_IN xid=0 buffer=none in_port=1 reason=NO_MATCH len=42")
        }
        try withView(Real.packetOutFlood) { v in
            #expect(v.summary == "PACKET_OUT xid=7 in_port=NONE actions[OUTPUT FLOOD] len=42")
        }
        try withView(Real.packetOutTable) { v in
            #expect(v.summary == "PACKET_OUT xid=13 in_port=3 actions[OUTPUT TABLE] len=74")
        }
        try withView(Real.hello) { #expect($0.summary == "HELLO xid=1") }
        try withView(Real.barrierRequest) { #expect($0.summary == "BARRIER_REQUEST xid=6") }
        try withView(Real.setConfig) { #expect($0.summary == "SET_CONFIG xid=4 flags=0 miss_send_len=128") }
        try withView(Real.portStatus) { #expect($0.summary == "PORT_STATUS MODIFY xid=0 port=1(s1-eth1) config=0x1 state=0x1") }
        try withView(Real.statsReplyDesc) {
            #expect($0.summary == #"STATS_REPLY DESC xid=3 mfr="Nicira, Inc." hw="Open vSwitch" sw="3.1.0" serial="None" dp="s1""#)
        }
        try withView(Real.featuresReply) {
            #expect($0.summary == "FEATURES_REPLY xid=2 dpid=0x0000000000000001 n_buffers=0 n_tables=254 "
                + "ports=[LOCAL:s1,4:s1-eth4,6:s1-eth6,1:s1-eth1,2:s1-eth2,5:s1-eth5,3:s1-eth3]")
        }
        let error = try OFMessage(parsing: OFMessage(xid: 5, body: .error(type: 3, code: 1, data: [])).emit())
        #expect(error.summary == "ERROR xid=5 type=FLOW_MOD_FAILED code=OVERLAP data_len=0")
    }
}
