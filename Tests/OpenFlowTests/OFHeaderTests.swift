import Testing
import Wire
@testable import OpenFlow

/// `OFMessageType(wire:)` reads the type byte without `init(rawValue:)`, and `nameText` from a
/// table: both must agree with the enum's own definitions for every byte.
@Suite struct OFHeaderTests {
    @Test func wireTypeIsTheRawValueTypeForEveryByte() {
        for v in 0...255 {
            let b = UInt8(v)
            #expect(OFMessageType(wire: b) == OFMessageType(rawValue: b), "type byte \(b)")
        }
    }

    @Test func namesAreTheSpecsForEveryType() {
        // The spec's names (ofp_type without OFPT_), by value, written out here rather than derived.
        let spec = ["HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "VENDOR", "FEATURES_REQUEST",
                    "FEATURES_REPLY", "GET_CONFIG_REQUEST", "GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN",
                    "FLOW_REMOVED", "PORT_STATUS", "PACKET_OUT", "FLOW_MOD", "PORT_MOD", "STATS_REQUEST",
                    "STATS_REPLY", "BARRIER_REQUEST", "BARRIER_REPLY", "QUEUE_GET_CONFIG_REQUEST",
                    "QUEUE_GET_CONFIG_REPLY"]
        #expect(OFMessageType.allCases.count == spec.count)
        for t in OFMessageType.allCases {
            #expect(t.nameText.description == spec[Int(t.rawValue)] && t.name == spec[Int(t.rawValue)])
        }
    }

    @Test func aHeaderOfAnotherVersionHasNoType() {
        let bytes: [UInt8] = [0x04, 10, 0, 8, 0, 0, 0, 1]   // OpenFlow 1.3 PACKET_IN-numbered header
        bytes.withUnsafeBytes { b in
            #expect(OFHeader(unchecked: b).type == nil)
            var v10 = bytes
            v10[0] = 1
            v10.withUnsafeBytes { #expect(OFHeader(unchecked: $0).type == .packetIn) }
        }
    }
}
