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

    /// `name` as Strings, made once from `nameText` (cases are numbered 0, 1, ... in order).
    private static let names: [String] = allCases.map { $0.nameText.description }

    /// The spec's name as a literal: what the text and JSON writers copy without a String.
    public var nameText: StaticString {
        switch self {
        case .hello: "HELLO"
        case .error: "ERROR"
        case .echoRequest: "ECHO_REQUEST"
        case .echoReply: "ECHO_REPLY"
        case .vendor: "VENDOR"
        case .featuresRequest: "FEATURES_REQUEST"
        case .featuresReply: "FEATURES_REPLY"
        case .getConfigRequest: "GET_CONFIG_REQUEST"
        case .getConfigReply: "GET_CONFIG_REPLY"
        case .setConfig: "SET_CONFIG"
        case .packetIn: "PACKET_IN"
        case .flowRemoved: "FLOW_REMOVED"
        case .portStatus: "PORT_STATUS"
        case .packetOut: "PACKET_OUT"
        case .flowMod: "FLOW_MOD"
        case .portMod: "PORT_MOD"
        case .statsRequest: "STATS_REQUEST"
        case .statsReply: "STATS_REPLY"
        case .barrierRequest: "BARRIER_REQUEST"
        case .barrierReply: "BARRIER_REPLY"
        case .queueGetConfigRequest: "QUEUE_GET_CONFIG_REQUEST"
        case .queueGetConfigReply: "QUEUE_GET_CONFIG_REPLY"
        }
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
        version == ofVersion10 ? OFMessageType(rawValue: rawType) : nil
    }
    /// The bytes after the header.
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Self.size...]) }
}
