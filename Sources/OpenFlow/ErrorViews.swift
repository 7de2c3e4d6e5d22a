import Wire

/// `ofp_error_msg`: type, code, then (usually) the first 64 bytes of the failed request.
public struct OFErrorView {
    enum Field {
        static let type = 8
        static let code = 10
        static let data = 12
    }
    public static let fixedSize = 12
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkMessage(bytes, minimum: Self.fixedSize)
        self.bytes = bytes
    }
    public var errorType: UInt16 { bytes.u16(Field.type) }
    public var code: UInt16 { bytes.u16(Field.code) }
    public var dataRange: Range<Int> { Field.data..<bytes.count }
    public var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[dataRange]) }
}

/// ECHO_REQUEST/ECHO_REPLY: arbitrary data after the header.
public struct OFEchoView {
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try OFHeader(checking: bytes)
        self.bytes = bytes
    }
    public var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[OFHeader.size...]) }
}

/// `ofp_vendor_header`: vendor id, then vendor-defined bytes.
public struct OFVendorView {
    public static let fixedSize = 12
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkMessage(bytes, minimum: Self.fixedSize)
        self.bytes = bytes
    }
    public var vendor: UInt32 { bytes.u32(8) }
    public var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Self.fixedSize...]) }
}

/// Names of `ofp_error_type` and its codes (spec 1.0.0 §5.4.4), without the `OFPET_`/`OFP*C_` prefixes.
public enum OFErrorNames {
    public static func type(_ t: UInt16) -> String? {
        t < types.count ? types[Int(t)] : nil
    }
    public static func code(type t: UInt16, code c: UInt16) -> String? {
        guard t < codes.count, c < codes[Int(t)].count else { return nil }
        return codes[Int(t)][Int(c)]
    }
    static let types = ["HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION", "FLOW_MOD_FAILED", "PORT_MOD_FAILED", "QUEUE_OP_FAILED"]
    static let codes: [[String]] = [
        ["INCOMPATIBLE", "EPERM"],
        ["BAD_VERSION", "BAD_TYPE", "BAD_STAT", "BAD_VENDOR", "BAD_SUBTYPE", "EPERM", "BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN"],
        ["BAD_TYPE", "BAD_LEN", "BAD_VENDOR", "BAD_VENDOR_TYPE", "BAD_OUT_PORT", "BAD_ARGUMENT", "EPERM", "TOO_MANY", "BAD_QUEUE"],
        ["ALL_TABLES_FULL", "OVERLAP", "EPERM", "BAD_EMERG_TIMEOUT", "BAD_COMMAND", "UNSUPPORTED"],
        ["BAD_PORT", "BAD_HW_ADDR"],
        ["BAD_PORT", "BAD_QUEUE", "EPERM"],
    ]
}

/// `ofp_queue_get_config_request`: port, 2 pad bytes; 12 bytes.
public struct OFQueueGetConfigRequestView {
    public static let size = 12
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkFixedMessage(bytes, size: Self.size)
        self.bytes = bytes
    }
    public var port: UInt16 { bytes.u16(8) }
}

/// `ofp_queue_get_config_reply`: port, 6 pad bytes, then `ofp_packet_queue`s.
///
/// Invariant after checking: every queue is at least 8 bytes and ends inside the message, and
/// every property inside it is at least 8 bytes (16 for MIN_RATE) and ends inside its queue.
public struct OFQueueGetConfigReplyView {
    public static let fixedSize = 16
    public let bytes: UnsafeRawBufferPointer
    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        _ = try checkMessage(bytes, minimum: Self.fixedSize)
        var offset = Self.fixedSize
        while offset < bytes.count {
            guard bytes.count - offset >= OFPacketQueueView.fixedSize else {
                throw .badQueueLength(offset: offset, length: bytes.count - offset)
            }
            let len = Int(bytes.u16(offset + 4))
            guard len >= OFPacketQueueView.fixedSize, len <= bytes.count - offset else { throw .badQueueLength(offset: offset, length: len) }
            var p = offset + OFPacketQueueView.fixedSize
            while p < offset + len {
                guard offset + len - p >= 8 else { throw .badQueueLength(offset: p, length: offset + len - p) }
                let plen = Int(bytes.u16(p + 2))
                let minimum = bytes.u16(p) == OFQueueProperty.minRateType ? 16 : 8
                guard plen >= minimum, plen <= offset + len - p else { throw .badQueueLength(offset: p, length: plen) }
                p += plen
            }
            offset += len
        }
        self.bytes = bytes
    }
    public var port: UInt16 { bytes.u16(8) }
    public var queues: Queues { Queues(bytes: UnsafeRawBufferPointer(rebasing: bytes[Self.fixedSize...])) }

    public struct Queues: Sequence {
        let bytes: UnsafeRawBufferPointer
        public struct Iterator: IteratorProtocol {
            let bytes: UnsafeRawBufferPointer
            var offset = 0
            public mutating func next() -> OFPacketQueueView? {
                guard offset < bytes.count else { return nil }
                let len = Int(bytes.u16(offset + 4))
                defer { offset += len }
                return OFPacketQueueView(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + len)]))
            }
        }
        public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
    }
}

/// `ofp_packet_queue`: queue_id, len, 2 pad bytes, then properties. Only made from a checked reply.
public struct OFPacketQueueView {
    public static let fixedSize = 8
    public let bytes: UnsafeRawBufferPointer
    public var queueId: UInt32 { bytes.u32(0) }
    public var properties: Properties { Properties(bytes: UnsafeRawBufferPointer(rebasing: bytes[Self.fixedSize...])) }

    public struct Properties: Sequence {
        let bytes: UnsafeRawBufferPointer
        public struct Iterator: IteratorProtocol {
            let bytes: UnsafeRawBufferPointer
            var offset = 0
            public mutating func next() -> OFQueueProperty? {
                guard offset < bytes.count else { return nil }
                let type = bytes.u16(offset), len = Int(bytes.u16(offset + 2))
                defer { offset += len }
                if type == OFQueueProperty.minRateType { return .minRate(bytes.u16(offset + 8)) }
                return .other(type: type, body: Array(bytes[(offset + 8)..<(offset + len)]))
            }
        }
        public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
    }
}

/// A queue property (`ofp_queue_prop_header` + body).
public enum OFQueueProperty: Hashable, Sendable {
    static let minRateType: UInt16 = 1
    /// `OFPQT_MIN_RATE`: rate in 1/10 of a percent.
    case minRate(UInt16)
    /// `OFPQT_NONE` or a type 1.0 does not define: the bytes after the 8-byte header.
    case other(type: UInt16, body: [UInt8])

    public func emit(into out: inout [UInt8]) {
        switch self {
        case let .minRate(r):
            out.appendU16(Self.minRateType); out.appendU16(16); out.appendZeros(4); out.appendU16(r); out.appendZeros(6)
        case let .other(t, b):
            out.appendU16(t); out.appendU16(UInt16(truncatingIfNeeded: 8 + b.count)); out.appendZeros(4); out.append(contentsOf: b)
        }
    }
}
