import Wire

/// OpenFlow 1.0 action types (`ofp_action_type`), named as the spec names them without `OFPAT_`.
public enum OFActionType: UInt16, Sendable {
    case output = 0, setVlanVid, setVlanPcp, stripVlan, setDlSrc, setDlDst
    case setNwSrc, setNwDst, setNwTos, setTpSrc, setTpDst, enqueue
    case vendor = 0xffff

    /// The spec's name without `OFPAT_` (a short String: no allocation).
    public var name: String { nameText.description }

    /// The spec's name as a literal, for the writers.
    public var nameText: StaticString {
        switch self {
        case .output: "OUTPUT"
        case .setVlanVid: "SET_VLAN_VID"
        case .setVlanPcp: "SET_VLAN_PCP"
        case .stripVlan: "STRIP_VLAN"
        case .setDlSrc: "SET_DL_SRC"
        case .setDlDst: "SET_DL_DST"
        case .setNwSrc: "SET_NW_SRC"
        case .setNwDst: "SET_NW_DST"
        case .setNwTos: "SET_NW_TOS"
        case .setTpSrc: "SET_TP_SRC"
        case .setTpDst: "SET_TP_DST"
        case .enqueue: "ENQUEUE"
        case .vendor: "VENDOR"
        }
    }

    /// The size of the type's structure: an action of this type may not be shorter.
    public var minimumLength: Int {
        switch self {
        case .setDlSrc, .setDlDst, .enqueue: 16
        default: 8
        }
    }
}

/// One action as decoded from the wire without allocating: the vendor and unknown
/// cases carry a view of their bytes instead of an array (see `OFAction(_:)` for the owned form).
public enum OFActionElement {
    case output(port: UInt16, maxLen: UInt16)
    case setVlanVid(UInt16)
    case setVlanPcp(UInt8)
    case stripVlan
    case setDlSrc(MACAddress)
    case setDlDst(MACAddress)
    case setNwSrc(IPv4Address)
    case setNwDst(IPv4Address)
    case setNwTos(UInt8)
    case setTpSrc(UInt16)
    case setTpDst(UInt16)
    case enqueue(port: UInt16, queueId: UInt32)
    /// `OFPAT_VENDOR`: the vendor id and the bytes after it.
    case vendor(vendor: UInt32, body: UnsafeRawBufferPointer)
    /// A type 1.0 does not define: its number and the bytes after the 4-byte header.
    case unknown(type: UInt16, body: UnsafeRawBufferPointer)

    enum Field {
        static let type = 0
        static let length = 2
        static let arg = 4          // port, vlan_vid, vlan_pcp, dl_addr, nw_addr, nw_tos, tp_port, vendor
        static let maxLen = 6
        static let queueId = 12
    }

    /// Decodes one action. Trusts the caller (`OFActionList` checking): `b` is the whole action,
    /// at least 8 bytes and at least its type's minimum length.
    init(unchecked b: UnsafeRawBufferPointer) {
        let raw = b.u16(Field.type)
        guard let type = OFActionType(rawValue: raw) else {
            self = .unknown(type: raw, body: UnsafeRawBufferPointer(rebasing: b[4...])); return
        }
        switch type {
        case .output: self = .output(port: b.u16(Field.arg), maxLen: b.u16(Field.maxLen))
        case .setVlanVid: self = .setVlanVid(b.u16(Field.arg))
        case .setVlanPcp: self = .setVlanPcp(b.u8(Field.arg))
        case .stripVlan: self = .stripVlan
        case .setDlSrc: self = .setDlSrc(MACAddress(rawValue: b.u48(Field.arg)))
        case .setDlDst: self = .setDlDst(MACAddress(rawValue: b.u48(Field.arg)))
        case .setNwSrc: self = .setNwSrc(IPv4Address(rawValue: b.u32(Field.arg)))
        case .setNwDst: self = .setNwDst(IPv4Address(rawValue: b.u32(Field.arg)))
        case .setNwTos: self = .setNwTos(b.u8(Field.arg))
        case .setTpSrc: self = .setTpSrc(b.u16(Field.arg))
        case .setTpDst: self = .setTpDst(b.u16(Field.arg))
        case .enqueue: self = .enqueue(port: b.u16(Field.arg), queueId: b.u32(Field.queueId))
        case .vendor: self = .vendor(vendor: b.u32(Field.arg), body: UnsafeRawBufferPointer(rebasing: b[8...]))
        }
    }

    /// The action's type number.
    public var rawType: UInt16 {
        switch self {
        case .output: OFActionType.output.rawValue
        case .setVlanVid: OFActionType.setVlanVid.rawValue
        case .setVlanPcp: OFActionType.setVlanPcp.rawValue
        case .stripVlan: OFActionType.stripVlan.rawValue
        case .setDlSrc: OFActionType.setDlSrc.rawValue
        case .setDlDst: OFActionType.setDlDst.rawValue
        case .setNwSrc: OFActionType.setNwSrc.rawValue
        case .setNwDst: OFActionType.setNwDst.rawValue
        case .setNwTos: OFActionType.setNwTos.rawValue
        case .setTpSrc: OFActionType.setTpSrc.rawValue
        case .setTpDst: OFActionType.setTpDst.rawValue
        case .enqueue: OFActionType.enqueue.rawValue
        case .vendor: OFActionType.vendor.rawValue
        case .unknown(let t, _): t
        }
    }
}

/// A checked list of `ofp_action_header`-prefixed actions; iterating it allocates nothing.
///
/// Invariant after `init(checking:)`: every action is at least 8 bytes, a multiple of 8,
/// at least its type's structure size, and ends inside the list.
public struct OFActionList: Sequence {
    public let bytes: UnsafeRawBufferPointer

    /// Trusts the caller: `bytes` passed `init(checking:)` before (a view re-deriving a checked list).
    init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// - Parameter base: the list's offset inside its message, so errors name message offsets.
    public init(checking bytes: UnsafeRawBufferPointer, base: Int = 0) throws(OFDecodeError) {
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { throw .badActionLength(offset: base + offset, length: bytes.count - offset) }
            let length = Int(bytes.u16(offset + OFActionElement.Field.length))
            let minimum = OFActionType(rawValue: bytes.u16(offset))?.minimumLength ?? 8
            guard length >= minimum, length % 8 == 0, length <= bytes.count - offset else {
                throw .badActionLength(offset: base + offset, length: length)
            }
            offset += length
        }
        self.bytes = bytes
    }

    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        public mutating func next() -> OFActionElement? {
            guard offset < bytes.count else { return nil }
            let length = Int(bytes.u16(offset + OFActionElement.Field.length))
            let one = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            offset += length
            return OFActionElement(unchecked: one)
        }
    }
    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    /// The owned actions, for the models.
    public var actions: [OFAction] {
        // Every action is at least 8 bytes: one allocation, where `map` over a sequence of
        // unknown length grew the array once or twice per list.
        var out: [OFAction] = []
        out.reserveCapacity(bytes.count / 8)
        for e in self { out.append(OFAction(e)) }
        return out
    }
}

extension OFAction {
    /// The owned copy of a decoded action.
    public init(_ e: OFActionElement) {
        switch e {
        case let .output(p, m): self = .output(port: p, maxLen: m)
        case let .setVlanVid(v): self = .setVlanVid(v)
        case let .setVlanPcp(v): self = .setVlanPcp(v)
        case .stripVlan: self = .stripVlan
        case let .setDlSrc(a): self = .setDlSrc(a)
        case let .setDlDst(a): self = .setDlDst(a)
        case let .setNwSrc(a): self = .setNwSrc(a)
        case let .setNwDst(a): self = .setNwDst(a)
        case let .setNwTos(v): self = .setNwTos(v)
        case let .setTpSrc(v): self = .setTpSrc(v)
        case let .setTpDst(v): self = .setTpDst(v)
        case let .enqueue(p, q): self = .enqueue(port: p, queueId: q)
        case let .vendor(v, b): self = .vendor(vendor: v, body: Array(b))
        case let .unknown(t, b): self = .unknown(type: t, body: Array(b))
        }
    }

    /// Appends the action with its length filled in. Vendor and unknown bodies are padded
    /// with zeros to a multiple of 8, as the spec requires of every action.
    public func emit(into out: inout [UInt8]) {
        let start = out.count
        func header(_ t: OFActionType) { out.appendU16(t.rawValue); out.appendU16(0) }
        switch self {
        case let .output(p, m): header(.output); out.appendU16(p); out.appendU16(m)
        case let .setVlanVid(v): header(.setVlanVid); out.appendU16(v); out.appendZeros(2)
        case let .setVlanPcp(v): header(.setVlanPcp); out.appendU8(v); out.appendZeros(3)
        case .stripVlan: header(.stripVlan); out.appendZeros(4)
        case let .setDlSrc(a): header(.setDlSrc); a.emit(into: &out); out.appendZeros(6)
        case let .setDlDst(a): header(.setDlDst); a.emit(into: &out); out.appendZeros(6)
        case let .setNwSrc(a): header(.setNwSrc); a.emit(into: &out)
        case let .setNwDst(a): header(.setNwDst); a.emit(into: &out)
        case let .setNwTos(v): header(.setNwTos); out.appendU8(v); out.appendZeros(3)
        case let .setTpSrc(v): header(.setTpSrc); out.appendU16(v); out.appendZeros(2)
        case let .setTpDst(v): header(.setTpDst); out.appendU16(v); out.appendZeros(2)
        case let .enqueue(p, q): header(.enqueue); out.appendU16(p); out.appendZeros(6); out.appendU32(q)
        case let .vendor(v, b): header(.vendor); out.appendU32(v); out.append(contentsOf: b)
        case let .unknown(t, b): out.appendU16(t); out.appendU16(0); out.append(contentsOf: b)
        }
        let padded = (out.count - start + 7) / 8 * 8
        out.appendZeros(padded - (out.count - start))
        out.setU16(UInt16(truncatingIfNeeded: padded), at: start + 2)
    }
}

extension Array where Element == OFAction {
    /// Appends every action; returns the bytes written (`actions_len`).
    @discardableResult public func emit(into out: inout [UInt8]) -> Int {
        let start = out.count
        for a in self { a.emit(into: &out) }
        return out.count - start
    }
}
