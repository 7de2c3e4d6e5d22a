import Wire

/// OpenFlow 1.0 message types (`ofp_type`), named as the spec names them without `OFPT_`.
public enum OFMessageType: UInt8, CaseIterable, Sendable {
    case hello = 0, error, echoRequest, echoReply, vendor
    case featuresRequest, featuresReply, getConfigRequest, getConfigReply, setConfig
    case packetIn, flowRemoved, portStatus
    case packetOut, flowMod, portMod
    case statsRequest, statsReply
    case barrierRequest, barrierReply
    case queueGetConfigRequest, queueGetConfigReply

    /// The spec's name without `OFPT_` ("FLOW_MOD").
    public var name: String { Self.names[Int(rawValue)] }

    /// `nameTexts` as Strings, made once.
    private static let names: [String] = nameTexts.map(\.description)

    /// The spec's name as a literal: what the text and JSON writers copy without a String.
    /// Looked up in a table by raw value: a `switch` over the cases compiled to a jump table whose
    /// target changes with every message of a session (PACKET_IN, FLOW_MOD, barriers in turn).
    public var nameText: StaticString { Self.nameTexts[Int(rawValue)] }

    /// Every case's name, by raw value (cases are numbered 0, 1, ... in order).
    private static let nameTexts: [StaticString] = [
        "HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "VENDOR",
        "FEATURES_REQUEST", "FEATURES_REPLY", "GET_CONFIG_REQUEST", "GET_CONFIG_REPLY", "SET_CONFIG",
        "PACKET_IN", "FLOW_REMOVED", "PORT_STATUS",
        "PACKET_OUT", "FLOW_MOD", "PORT_MOD",
        "STATS_REQUEST", "STATS_REPLY",
        "BARRIER_REQUEST", "BARRIER_REPLY",
        "QUEUE_GET_CONFIG_REQUEST", "QUEUE_GET_CONFIG_REPLY",
    ]

    /// The case whose raw value is `wire`, nil past the last: `init(rawValue:)` without its jump
    /// table. The cases are numbered 0, 1, ... in declaration order, which is how Swift stores them
    /// (`OFHeaderTests` holds it to `init(rawValue:)` for every byte).
    @inlinable
    public init?(wire: UInt8) {
        guard wire <= Self.queueGetConfigReply.rawValue else { return nil }   // the last case
        self = unsafeBitCast(wire, to: OFMessageType.self)
    }
}

/// The OpenFlow version this module decodes in full.
public let ofVersion10: UInt8 = 0x01

/// A view of `ofp_header` over the bytes of exactly one message.
///
/// Invariant after `init(checking:)`: `bytes.count >= 8` and the length field equals `bytes.count`,
/// so every body view may rely on `length` as the message's extent.
public struct OFHeader {
    enum Field {
        static let version = 0
        static let type = 1
        static let length = 2
        static let xid = 4
    }
    /// The header's size; every message is at least this long.
    public static let size = 8

    public let bytes: UnsafeRawBufferPointer

    /// Trusts the caller: `bytes` must hold at least 8 bytes.
    @inlinable public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        guard bytes.count >= Self.size else { throw .truncatedHeader(available: bytes.count) }
        self.bytes = bytes
        let declared = Int(length)
        guard declared >= Self.size, declared == bytes.count else {
            throw .badLength(declared: declared, available: bytes.count)
        }
    }

    public var version: UInt8 { bytes.u8(Field.version) }
    public var rawType: UInt8 { bytes.u8(Field.type) }
    public var length: UInt16 { bytes.u16(Field.length) }
    public var xid: UInt32 { bytes.u32(Field.xid) }
    /// The 1.0 type, nil for another version or a type 1.0 does not define.
    public var type: OFMessageType? {
        version == ofVersion10 ? OFMessageType(wire: rawType) : nil
    }
    /// The bytes after the header.
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Self.size...]) }
}
