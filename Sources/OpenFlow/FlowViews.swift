import Wire

// Views of the messages that carry packets and flow entries: PACKET_IN, PACKET_OUT, FLOW_MOD, FLOW_REMOVED.

/// `ofp_packet_in`: 18 bytes, then the packet (the spec's struct is 20 with padding; data starts at 18).
public struct OFPacketInView {
    enum Field {
        static let bufferId = 8
        static let totalLen = 12
        static let inPort = 14
        static let reason = 16
        static let data = 18
    }
    public static let fixedSize = 18
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try OFHeader(checking: bytes)
        try self.init(headerChecked: bytes)
    }
    /// The body's checks, for a message whose header passed `OFHeader(checking:)` (the caller
    /// checked it, and knows the type). Reads stay inside `bytes` whatever its header says.
    public init(headerChecked bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        try checkBody(bytes, minimum: Self.fixedSize)
        self.bytes = bytes
    }
    public var bufferId: UInt32 { bytes.u32(Field.bufferId) }
    /// The frame's full length on the switch (the data may be cut to miss_send_len).
    public var totalLen: UInt16 { bytes.u16(Field.totalLen) }
    public var inPort: UInt16 { bytes.u16(Field.inPort) }
    public var reason: UInt8 { bytes.u8(Field.reason) }
    /// Where the packet lies in the message, for the caller to decode with `Wire`.
    public var dataRange: Range<Int> { Field.data..<bytes.count }
    public var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[dataRange]) }
}

/// `ofp_packet_out`: 16 bytes, `actions_len` bytes of actions, then the packet (when unbuffered).
public struct OFPacketOutView {
    enum Field {
        static let bufferId = 8
        static let inPort = 12
        static let actionsLen = 14
        static let actions = 16
    }
    public static let fixedSize = 16
    public let bytes: UnsafeRawBufferPointer
    public let actions: OFActionList

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try OFHeader(checking: bytes)
        try self.init(headerChecked: bytes)
    }
    /// The body's checks, for a message whose header passed `OFHeader(checking:)` (the caller
    /// checked it, and knows the type). Reads stay inside `bytes` whatever its header says.
    public init(headerChecked bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        try checkBody(bytes, minimum: Self.fixedSize)
        let actionsLen = Int(bytes.u16(Field.actionsLen))
        guard actionsLen <= bytes.count - Field.actions else {
            throw .actionsLengthBeyondMessage(actionsLength: actionsLen, available: bytes.count - Field.actions)
        }
        actions = try OFActionList(checking: UnsafeRawBufferPointer(rebasing: bytes[Field.actions..<(Field.actions + actionsLen)]),
                                   base: Field.actions)
        self.bytes = bytes
    }
    public var bufferId: UInt32 { bytes.u32(Field.bufferId) }
    public var inPort: UInt16 { bytes.u16(Field.inPort) }
    public var actionsLen: UInt16 { bytes.u16(Field.actionsLen) }
    public var dataRange: Range<Int> { (Field.actions + Int(actionsLen))..<bytes.count }
    public var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[dataRange]) }
}

/// `ofp_flow_mod`: 72 bytes, then actions to the end of the message.
public struct OFFlowModView {
    enum Field {
        static let match = 8
        static let cookie = 48
        static let command = 56
        static let idleTimeout = 58
        static let hardTimeout = 60
        static let priority = 62
        static let bufferId = 64
        static let outPort = 68
        static let flags = 70
        static let actions = 72
    }
    public static let fixedSize = 72
    public let bytes: UnsafeRawBufferPointer
    public let actions: OFActionList

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try OFHeader(checking: bytes)
        try self.init(headerChecked: bytes)
    }
    /// The body's checks, for a message whose header passed `OFHeader(checking:)` (the caller
    /// checked it, and knows the type). Reads stay inside `bytes` whatever its header says.
    public init(headerChecked bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        try checkBody(bytes, minimum: Self.fixedSize)
        actions = try OFActionList(checking: UnsafeRawBufferPointer(rebasing: bytes[Field.actions...]), base: Field.actions)
        self.bytes = bytes
    }
    public var match: OFMatch { OFMatch(unchecked: UnsafeRawBufferPointer(rebasing: bytes[Field.match...])) }
    public var cookie: UInt64 { bytes.u64(Field.cookie) }
    public var command: UInt16 { bytes.u16(Field.command) }
    public var idleTimeout: UInt16 { bytes.u16(Field.idleTimeout) }
    public var hardTimeout: UInt16 { bytes.u16(Field.hardTimeout) }
    public var priority: UInt16 { bytes.u16(Field.priority) }
    public var bufferId: UInt32 { bytes.u32(Field.bufferId) }
    public var outPort: UInt16 { bytes.u16(Field.outPort) }
    public var flags: UInt16 { bytes.u16(Field.flags) }
}

/// `ofp_flow_removed`: 88 bytes.
public struct OFFlowRemovedView {
    enum Field {
        static let match = 8
        static let cookie = 48
        static let priority = 56
        static let reason = 58
        static let durationSec = 60
        static let durationNsec = 64
        static let idleTimeout = 68
        static let packetCount = 72
        static let byteCount = 80
    }
    public static let size = 88
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkFixedMessage(bytes, size: Self.size)
        self.bytes = bytes
    }
    public var match: OFMatch { OFMatch(unchecked: UnsafeRawBufferPointer(rebasing: bytes[Field.match...])) }
    public var cookie: UInt64 { bytes.u64(Field.cookie) }
    public var priority: UInt16 { bytes.u16(Field.priority) }
    public var reason: UInt8 { bytes.u8(Field.reason) }
    public var durationSec: UInt32 { bytes.u32(Field.durationSec) }
    public var durationNsec: UInt32 { bytes.u32(Field.durationNsec) }
    public var idleTimeout: UInt16 { bytes.u16(Field.idleTimeout) }
    public var packetCount: UInt64 { bytes.u64(Field.packetCount) }
    public var byteCount: UInt64 { bytes.u64(Field.byteCount) }
}
