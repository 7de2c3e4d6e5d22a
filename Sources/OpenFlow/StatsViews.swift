import Wire

/// `ofp_stats_types`.
public enum OFStatsType: UInt16, Sendable {
    case desc = 0, flow, aggregate, table, port, queue
    case vendor = 0xffff
}

/// A record of fixed size inside a stats body.
public protocol OFFixedRecord {
    static var size: Int { get }
    /// Trusts the caller: `bytes` holds at least `size` bytes.
    init(unchecked bytes: UnsafeRawBufferPointer)
}

/// A run of fixed-size records whose length was checked to be a whole multiple; iterating allocates nothing.
public struct OFRecordList<Record: OFFixedRecord>: Sequence {
    public let bytes: UnsafeRawBufferPointer
    init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    public var count: Int { bytes.count / Record.size }
    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        public mutating func next() -> Record? {
            guard offset + Record.size <= bytes.count else { return nil }
            defer { offset += Record.size }
            return Record(unchecked: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Record.size)]))
        }
    }
    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

/// `ofp_stats_request` and its body, checked per type (spec 1.0.0 §5.3.5).
public struct OFStatsRequestView {
    enum Field {
        static let type = 8
        static let flags = 10
        static let body = 12
        // Inside ofp_flow_stats_request / ofp_aggregate_stats_request (offsets in the body).
        static let match = 0
        static let tableId = 40
        static let outPort = 42
        // Inside ofp_port_stats_request / ofp_queue_stats_request.
        static let portNo = 0
        static let queueId = 4
        static let vendor = 0
    }
    public static let fixedSize = 12
    public let bytes: UnsafeRawBufferPointer

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        let header = try checkMessage(bytes, minimum: Self.fixedSize)
        let bodyLength = bytes.count - Self.fixedSize
        let ok: Bool
        switch OFStatsType(rawValue: bytes.u16(Field.type)) {
        case .desc, .table: ok = bodyLength == 0
        case .flow, .aggregate: ok = bodyLength == 44
        case .port, .queue: ok = bodyLength == 8
        case .vendor: ok = bodyLength >= 4
        case nil: ok = true
        }
        guard ok else { throw .badBodyLength(type: header.rawType, length: bytes.count) }
        self.bytes = bytes
    }
    public var statsType: UInt16 { bytes.u16(Field.type) }
    public var flags: UInt16 { bytes.u16(Field.flags) }
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Field.body...]) }

    /// FLOW/AGGREGATE: the match, table and out_port asked about.
    public var match: OFMatch? { isFlow ? OFMatch(unchecked: body) : nil }
    public var tableId: UInt8? { isFlow ? body.u8(Field.tableId) : nil }
    public var outPort: UInt16? { isFlow ? body.u16(Field.outPort) : nil }
    /// PORT/QUEUE: the port asked about.
    public var portNo: UInt16? { isPortOrQueue ? body.u16(Field.portNo) : nil }
    /// QUEUE: the queue asked about.
    public var queueId: UInt32? { statsType == OFStatsType.queue.rawValue ? body.u32(Field.queueId) : nil }
    /// VENDOR: the vendor id.
    public var vendor: UInt32? { statsType == OFStatsType.vendor.rawValue ? body.u32(Field.vendor) : nil }

    var isFlow: Bool { statsType == OFStatsType.flow.rawValue || statsType == OFStatsType.aggregate.rawValue }
    var isPortOrQueue: Bool { statsType == OFStatsType.port.rawValue || statsType == OFStatsType.queue.rawValue }
}

/// `ofp_stats_reply` and its body, checked per type.
///
/// Invariant after checking: DESC is 1056 bytes, AGGREGATE 24, TABLE/PORT/QUEUE whole multiples
/// of their records, FLOW a chain of entries each ≥ 88 bytes, inside the body, with a valid action list.
public struct OFStatsReplyView {
    enum Field {
        static let type = 8
        static let flags = 10
        static let body = 12
    }
    public static let fixedSize = 12
    public let bytes: UnsafeRawBufferPointer

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        let header = try checkMessage(bytes, minimum: Self.fixedSize)
        let n = bytes.count - Self.fixedSize
        let ok: Bool
        switch OFStatsType(rawValue: bytes.u16(Field.type)) {
        case .desc: ok = n == OFDescStatsView.size
        case .aggregate: ok = n == OFAggregateStatsView.size
        case .table: ok = n % OFTableStatsView.size == 0
        case .port: ok = n % OFPortStatsView.size == 0
        case .queue: ok = n % OFQueueStatsView.size == 0
        case .vendor: ok = n >= 4
        case .flow:
            var offset = Field.body
            while offset < bytes.count {
                guard bytes.count - offset >= 2 else { throw .badStatsEntryLength(offset: offset, length: bytes.count - offset) }
                let len = Int(bytes.u16(offset))
                guard len >= OFFlowStatsView.fixedSize, len <= bytes.count - offset else {
                    throw .badStatsEntryLength(offset: offset, length: len)
                }
                let actions = offset + OFFlowStatsView.fixedSize
                _ = try OFActionList(checking: UnsafeRawBufferPointer(rebasing: bytes[actions..<(offset + len)]), base: actions)
                offset += len
            }
            ok = true
        case nil: ok = true
        }
        guard ok else { throw .badBodyLength(type: header.rawType, length: bytes.count) }
        self.bytes = bytes
    }
    public var statsType: UInt16 { bytes.u16(Field.type) }
    public var flags: UInt16 { bytes.u16(Field.flags) }
    public var body: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Field.body...]) }

    public var desc: OFDescStatsView? { statsType == OFStatsType.desc.rawValue ? OFDescStatsView(unchecked: body) : nil }
    public var aggregate: OFAggregateStatsView? {
        statsType == OFStatsType.aggregate.rawValue ? OFAggregateStatsView(unchecked: body) : nil
    }
    public var flowStats: OFFlowStatsList? { statsType == OFStatsType.flow.rawValue ? OFFlowStatsList(bytes: body) : nil }
    public var tableStats: OFRecordList<OFTableStatsView>? { list(.table) }
    public var portStats: OFRecordList<OFPortStatsView>? { list(.port) }
    public var queueStats: OFRecordList<OFQueueStatsView>? { list(.queue) }
    public var vendor: UInt32? { statsType == OFStatsType.vendor.rawValue ? body.u32(0) : nil }

    func list<R>(_ t: OFStatsType) -> OFRecordList<R>? { statsType == t.rawValue ? OFRecordList(unchecked: body) : nil }
}

/// `ofp_desc_stats`: five NUL-padded strings.
public struct OFDescStatsView: OFFixedRecord {
    public static let size = 1056
    public static let descLength = 256
    public static let serialLength = 32
    public let bytes: UnsafeRawBufferPointer
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    func field(_ at: Int, _ width: Int) -> UnsafeRawBufferPointer {
        cString(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + width)]))
    }
    public var mfrDesc: UnsafeRawBufferPointer { field(0, Self.descLength) }
    public var hwDesc: UnsafeRawBufferPointer { field(256, Self.descLength) }
    public var swDesc: UnsafeRawBufferPointer { field(512, Self.descLength) }
    public var serialNum: UnsafeRawBufferPointer { field(768, Self.serialLength) }
    public var dpDesc: UnsafeRawBufferPointer { field(800, Self.descLength) }
}

/// `ofp_aggregate_stats_reply`: 24 bytes.
public struct OFAggregateStatsView: OFFixedRecord {
    public static let size = 24
    public let bytes: UnsafeRawBufferPointer
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    public var packetCount: UInt64 { bytes.u64(0) }
    public var byteCount: UInt64 { bytes.u64(8) }
    public var flowCount: UInt32 { bytes.u32(16) }
}

/// `ofp_table_stats`: 64 bytes.
public struct OFTableStatsView: OFFixedRecord {
    public static let size = 64
    public let bytes: UnsafeRawBufferPointer
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    public var tableId: UInt8 { bytes.u8(0) }
    public var name: UnsafeRawBufferPointer { cString(UnsafeRawBufferPointer(rebasing: bytes[4..<36])) }
    public var wildcards: UInt32 { bytes.u32(36) }
    public var maxEntries: UInt32 { bytes.u32(40) }
    public var activeCount: UInt32 { bytes.u32(44) }
    public var lookupCount: UInt64 { bytes.u64(48) }
    public var matchedCount: UInt64 { bytes.u64(56) }
}

/// `ofp_port_stats`: port_no, 6 pad bytes, twelve 64-bit counters; 104 bytes.
public struct OFPortStatsView: OFFixedRecord {
    public static let size = 104
    public static let counterNames: [StaticString] = [
        "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_dropped", "tx_dropped",
        "rx_errors", "tx_errors", "rx_frame_err", "rx_over_err", "rx_crc_err", "collisions",
    ]
    public let bytes: UnsafeRawBufferPointer
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    public var portNo: UInt16 { bytes.u16(0) }
    /// Counter `i` in spec order (`counterNames`), 0 ≤ i < 12.
    public func counter(_ i: Int) -> UInt64 { bytes.u64(8 + 8 * i) }
}

/// `ofp_queue_stats`: 32 bytes.
public struct OFQueueStatsView: OFFixedRecord {
    public static let size = 32
    public let bytes: UnsafeRawBufferPointer
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    public var portNo: UInt16 { bytes.u16(0) }
    public var queueId: UInt32 { bytes.u32(4) }
    public var txBytes: UInt64 { bytes.u64(8) }
    public var txPackets: UInt64 { bytes.u64(16) }
    public var txErrors: UInt64 { bytes.u64(24) }
}

/// The chain of `ofp_flow_stats` entries of a checked FLOW stats reply.
public struct OFFlowStatsList: Sequence {
    let bytes: UnsafeRawBufferPointer
    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        public mutating func next() -> OFFlowStatsView? {
            guard offset < bytes.count else { return nil }
            let len = Int(bytes.u16(offset))
            defer { offset += len }
            return OFFlowStatsView(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + len)]))
        }
    }
    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

/// `ofp_flow_stats`: 88 bytes, then actions to the entry's length. Only made from a checked reply.
public struct OFFlowStatsView {
    public static let fixedSize = 88
    public let bytes: UnsafeRawBufferPointer
    public var length: UInt16 { bytes.u16(0) }
    public var tableId: UInt8 { bytes.u8(2) }
    public var match: OFMatch { OFMatch(unchecked: UnsafeRawBufferPointer(rebasing: bytes[4...])) }
    public var durationSec: UInt32 { bytes.u32(44) }
    public var durationNsec: UInt32 { bytes.u32(48) }
    public var priority: UInt16 { bytes.u16(52) }
    public var idleTimeout: UInt16 { bytes.u16(54) }
    public var hardTimeout: UInt16 { bytes.u16(56) }
    public var cookie: UInt64 { bytes.u64(64) }
    public var packetCount: UInt64 { bytes.u64(72) }
    public var byteCount: UInt64 { bytes.u64(80) }
    /// Checked with the reply: the entry's actions.
    public var actions: OFActionList { OFActionList(unchecked: UnsafeRawBufferPointer(rebasing: bytes[Self.fixedSize...])) }
}
