import Testing
import Wire
@testable import OpenFlow

/// Interned action lists must equal freshly built ones, share storage when the bytes repeat, and
/// stay within their bounds.
struct ActionListInternerTests {
    static func bytes(_ actions: [OFAction]) -> [UInt8] {
        var out: [UInt8] = []
        actions.emit(into: &out)
        return out
    }

    static func interned(_ bytes: [UInt8], _ interner: inout OFActionListInterner) throws -> [OFAction] {
        try bytes.withUnsafeBytes { raw in try interner.actions(OFActionList(checking: raw)) }
    }

    static func storage(_ a: [OFAction]) -> UnsafeRawPointer? { a.withUnsafeBytes { $0.baseAddress } }

    static let forward: [OFAction] = [.setDlDst(MACAddress(rawValue: 1)), .setNwDst(IPv4Address(10, 0, 0, 1)), .output(port: 1, maxLen: 0)]
    static let reverse: [OFAction] = [.setDlSrc(MACAddress(rawValue: 1)), .setNwSrc(IPv4Address(10, 0, 1, 1)), .output(port: 4, maxLen: 0)]

    @Test func sameBytesShareOneArray() throws {
        var interner = OFActionListInterner()
        let a = try Self.interned(Self.bytes(Self.forward), &interner)
        let b = try Self.interned(Self.bytes(Self.forward), &interner)
        #expect(a == Self.forward && b == Self.forward)
        #expect(Self.storage(a) == Self.storage(b))
        // Same length, one byte different (the output port): a list of its own.
        let r = try Self.interned(Self.bytes(Self.reverse), &interner)
        var otherPort = Self.forward
        otherPort[2] = .output(port: 2, maxLen: 0)
        let c = try Self.interned(Self.bytes(otherPort), &interner)
        #expect(r == Self.reverse && c == otherPort)
        #expect(Self.storage(c) != Self.storage(a))
        #expect(try Self.interned([], &interner).isEmpty)
    }

    /// Lists longer than `maxBytes` are built each time; past `capacity` distinct lists the oldest
    /// slot is reused, and a list met again after that is built anew (and still equal).
    @Test func bounded() throws {
        var interner = OFActionListInterner()
        let long = Array(repeating: OFAction.output(port: 3, maxLen: 0), count: OFActionListInterner.maxBytes / 8 + 1)
        let l1 = try Self.interned(Self.bytes(long), &interner)
        let l2 = try Self.interned(Self.bytes(long), &interner)
        #expect(l1 == long && l2 == long && Self.storage(l1) != Self.storage(l2))

        let first = try Self.interned(Self.bytes([.output(port: 0, maxLen: 0)]), &interner)
        for port in 1...UInt16(OFActionListInterner.capacity) {
            #expect(try Self.interned(Self.bytes([.output(port: port, maxLen: 0)]), &interner) == [.output(port: port, maxLen: 0)])
        }
        let again = try Self.interned(Self.bytes([.output(port: 0, maxLen: 0)]), &interner)
        #expect(again == first && Self.storage(again) != Self.storage(first))
    }

    /// A vendor action's body is compared too (bytes past the first eight).
    @Test func vendorBodiesAreCompared() throws {
        var interner = OFActionListInterner()
        let a: [OFAction] = [.vendor(vendor: 0x2320, body: [0, 1, 2, 3, 4, 5, 6, 7])]
        let b: [OFAction] = [.vendor(vendor: 0x2320, body: [0, 1, 2, 3, 4, 5, 6, 8])]
        #expect(try Self.interned(Self.bytes(a), &interner) == a)
        #expect(try Self.interned(Self.bytes(b), &interner) == b)
    }

    /// Through the message: the same owned message as without the interner, on every FLOW_MOD
    /// and PACKET_OUT of a real capture.
    @Test func messagesAsWithoutIt() throws {
        var interner = OFActionListInterner()
        var count = 0
        for s in try StreamTestSupport.segments("rr-many/of.pcap") {
            s.withInfo { info in
                _ = channel.process(info) { event in
                    guard case .message(let m) = event, let view = try? OFMessageView(checking: m.bytes) else { return }
                    let plain = OFMessage(view, keepingPacketData: false)
                    let shared = OFMessage(view, keepingPacketData: false, actionLists: &interner)
                    #expect(plain == shared)
                    if case .flowMod = plain.body { count += 1 }
                }
            }
        }
        #expect(count > 200)
    }
    let channel = ControlChannel()
}
