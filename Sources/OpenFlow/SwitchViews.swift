import Wire

// Views of the switch-description messages: FEATURES_REPLY, GET_CONFIG_REPLY/SET_CONFIG,
// PORT_STATUS, PORT_MOD. Each `init(checking:)` takes exactly one message; after it no accessor traps.

/// Checks the header and that the message holds at least `minimum` bytes (header included).
@inline(__always)
func checkMessage(_ bytes: UnsafeRawBufferPointer, minimum: Int) throws(OFDecodeError) -> OFHeader {
    let header = try OFHeader(checking: bytes)
    try checkBody(bytes, minimum: minimum)
    return header
}

/// `checkMessage` for a message whose header has passed `OFHeader(checking:)` already: only the
/// body's size. `OFMessageView` checks the header once and the hot body views after it, rather
/// than every view checking it again.
@inline(__always)
func checkBody(_ bytes: UnsafeRawBufferPointer, minimum: Int) throws(OFDecodeError) {
    guard bytes.count >= minimum else {
        throw .bodyTooShort(type: bytes.u8(OFHeader.Field.type), needed: minimum, available: bytes.count)
    }
}

/// Checks a message whose structure has a fixed size: shorter is truncated, longer is malformed.
@inline(__always)
func checkFixedMessage(_ bytes: UnsafeRawBufferPointer, size: Int) throws(OFDecodeError) -> OFHeader {
    let header = try checkMessage(bytes, minimum: size)
    guard bytes.count == size else { throw .badBodyLength(type: header.rawType, length: bytes.count) }
    return header
}

/// `ofp_switch_features` (FEATURES_REPLY): fixed part 32 bytes, then `ofp_phy_port`s.
public struct OFFeaturesReplyView {
    enum Field {
        static let datapathId = 8
        static let nBuffers = 16
        static let nTables = 20
        static let capabilities = 24
        static let actions = 28
        static let ports = 32
    }
    public static let fixedSize = 32
    public let bytes: UnsafeRawBufferPointer

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        let header = try checkMessage(bytes, minimum: Self.fixedSize)
        guard (bytes.count - Self.fixedSize) % OFPhyPortView.size == 0 else {
            throw .badBodyLength(type: header.rawType, length: bytes.count)
        }
        self.bytes = bytes
    }
    public var header: OFHeader { OFHeader(unchecked: bytes) }
    public var datapathId: UInt64 { bytes.u64(Field.datapathId) }
    public var nBuffers: UInt32 { bytes.u32(Field.nBuffers) }
    public var nTables: UInt8 { bytes.u8(Field.nTables) }
    public var capabilities: UInt32 { bytes.u32(Field.capabilities) }
    /// Bitmap of supported `ofp_action_type`s.
    public var actions: UInt32 { bytes.u32(Field.actions) }
    public var ports: OFPhyPortList {
        // Checked in init: the rest is a whole number of ports.
        OFPhyPortList(checking: UnsafeRawBufferPointer(rebasing: bytes[Field.ports...]))!
    }
}

/// `ofp_switch_config` (GET_CONFIG_REPLY, SET_CONFIG): 12 bytes.
public struct OFSwitchConfigView {
    enum Field {
        static let flags = 8
        static let missSendLen = 10
    }
    public static let size = 12
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkFixedMessage(bytes, size: Self.size)
        self.bytes = bytes
    }
    public var flags: UInt16 { bytes.u16(Field.flags) }
    public var missSendLen: UInt16 { bytes.u16(Field.missSendLen) }
}

/// `ofp_port_status`: reason, 7 pad bytes, one `ofp_phy_port`; 64 bytes.
public struct OFPortStatusView {
    enum Field {
        static let reason = 8
        static let desc = 16
    }
    public static let size = 64
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkFixedMessage(bytes, size: Self.size)
        self.bytes = bytes
    }
    public var reason: UInt8 { bytes.u8(Field.reason) }
    public var desc: OFPhyPortView { OFPhyPortView(unchecked: UnsafeRawBufferPointer(rebasing: bytes[Field.desc...])) }
}

/// `ofp_port_mod`: 32 bytes.
public struct OFPortModView {
    enum Field {
        static let portNo = 8
        static let hwAddr = 10
        static let config = 16
        static let mask = 20
        static let advertise = 24
    }
    public static let size = 32
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkFixedMessage(bytes, size: Self.size)
        self.bytes = bytes
    }
    public var portNo: UInt16 { bytes.u16(Field.portNo) }
    public var hwAddr: MACAddress { MACAddress(rawValue: bytes.u48(Field.hwAddr)) }
    public var config: UInt32 { bytes.u32(Field.config) }
    public var mask: UInt32 { bytes.u32(Field.mask) }
    public var advertise: UInt32 { bytes.u32(Field.advertise) }
}

/// Names of the small enumerations, as the spec names them without their prefix. Each comes as
/// a literal (`...Text`, what the writers copy) and as a short String (no allocation).
public enum OFNames {
    /// `ofp_packet_in_reason`.
    public static func packetInReason(_ r: UInt8) -> String? { packetInReasonText(r)?.description }
    public static func packetInReasonText(_ r: UInt8) -> StaticString? {
        switch r { case 0: "NO_MATCH"; case 1: "ACTION"; default: nil }
    }
    /// `ofp_flow_removed_reason`.
    public static func flowRemovedReason(_ r: UInt8) -> String? { flowRemovedReasonText(r)?.description }
    public static func flowRemovedReasonText(_ r: UInt8) -> StaticString? {
        switch r { case 0: "IDLE_TIMEOUT"; case 1: "HARD_TIMEOUT"; case 2: "DELETE"; default: nil }
    }
    /// `ofp_port_reason`.
    public static func portReason(_ r: UInt8) -> String? { portReasonText(r)?.description }
    public static func portReasonText(_ r: UInt8) -> StaticString? {
        switch r { case 0: "ADD"; case 1: "DELETE"; case 2: "MODIFY"; default: nil }
    }
    /// `ofp_flow_mod_command`.
    public static func flowModCommand(_ c: UInt16) -> String? { flowModCommandText(c)?.description }
    public static func flowModCommandText(_ c: UInt16) -> StaticString? {
        switch c {
        case 0: "ADD"; case 1: "MODIFY"; case 2: "MODIFY_STRICT"; case 3: "DELETE"; case 4: "DELETE_STRICT"
        default: nil
        }
    }
    /// `ofp_stats_types`.
    public static func statsType(_ t: UInt16) -> String? { statsTypeText(t)?.description }
    public static func statsTypeText(_ t: UInt16) -> StaticString? {
        switch t {
        case 0: "DESC"; case 1: "FLOW"; case 2: "AGGREGATE"; case 3: "TABLE"; case 4: "PORT"; case 5: "QUEUE"
        case 0xffff: "VENDOR"
        default: nil
        }
    }
}

/// `buffer_id` meaning "no buffer: the data is in the message".
public let ofNoBuffer: UInt32 = 0xffff_ffff
