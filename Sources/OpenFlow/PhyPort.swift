import Wire

/// `ofp_phy_port` (spec 1.0.0 §5.2.1): 48 bytes describing one switch port.
public struct OFPhyPortView {
    enum Field {
        static let portNo = 0
        static let hwAddr = 2
        static let name = 8        // char[16], NUL-padded
        static let config = 24
        static let state = 28
        static let curr = 32
        static let advertised = 36
        static let supported = 40
        static let peer = 44
    }
    public static let size = 48
    public static let nameLength = 16

    public let bytes: UnsafeRawBufferPointer
    /// Trusts the caller: `bytes` holds at least 48 bytes.
    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var portNo: UInt16 { bytes.u16(Field.portNo) }
    public var hwAddr: MACAddress { MACAddress(rawValue: bytes.u48(Field.hwAddr)) }
    /// The name's bytes up to the first NUL.
    public var nameBytes: UnsafeRawBufferPointer {
        let field = UnsafeRawBufferPointer(rebasing: bytes[Field.name..<(Field.name + Self.nameLength)])
        return UnsafeRawBufferPointer(rebasing: field[..<(field.firstIndex(of: 0) ?? field.endIndex)])
    }
    public var name: String { String(decoding: nameBytes, as: UTF8.self) }
    public var config: UInt32 { bytes.u32(Field.config) }
    public var state: UInt32 { bytes.u32(Field.state) }
    public var curr: UInt32 { bytes.u32(Field.curr) }
    public var advertised: UInt32 { bytes.u32(Field.advertised) }
    public var supported: UInt32 { bytes.u32(Field.supported) }
    public var peer: UInt32 { bytes.u32(Field.peer) }
}

/// A checked run of `ofp_phy_port`s (FEATURES_REPLY's port list); iterating allocates nothing.
public struct OFPhyPortList: Sequence {
    public let bytes: UnsafeRawBufferPointer
    /// Nil when the bytes are not a whole number of ports.
    public init?(checking bytes: UnsafeRawBufferPointer) {
        guard bytes.count % OFPhyPortView.size == 0 else { return nil }
        self.bytes = bytes
    }
    public var count: Int { bytes.count / OFPhyPortView.size }
    public struct Iterator: IteratorProtocol {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        public mutating func next() -> OFPhyPortView? {
            guard offset + OFPhyPortView.size <= bytes.count else { return nil }
            defer { offset += OFPhyPortView.size }
            return OFPhyPortView(unchecked: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + OFPhyPortView.size)]))
        }
    }
    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

/// The owned form of `ofp_phy_port`.
public struct OFPhyPort: Hashable, Sendable {
    public var portNo: UInt16
    public var hwAddr: MACAddress
    public var name: String
    public var config: UInt32
    public var state: UInt32
    public var curr: UInt32
    public var advertised: UInt32
    public var supported: UInt32
    public var peer: UInt32

    public init(portNo: UInt16, hwAddr: MACAddress, name: String, config: UInt32 = 0, state: UInt32 = 0,
                curr: UInt32 = 0, advertised: UInt32 = 0, supported: UInt32 = 0, peer: UInt32 = 0) {
        self.portNo = portNo; self.hwAddr = hwAddr; self.name = name; self.config = config; self.state = state
        self.curr = curr; self.advertised = advertised; self.supported = supported; self.peer = peer
    }

    public init(_ v: OFPhyPortView) {
        self.init(portNo: v.portNo, hwAddr: v.hwAddr, name: v.name, config: v.config, state: v.state,
                  curr: v.curr, advertised: v.advertised, supported: v.supported, peer: v.peer)
    }

    /// Appends the 48 bytes; the name is cut to 15 bytes so a NUL always ends it.
    public func emit(into out: inout [UInt8]) {
        out.appendU16(portNo)
        hwAddr.emit(into: &out)
        out.appendFixedString(name, width: OFPhyPortView.nameLength)
        for v in [config, state, curr, advertised, supported, peer] { out.appendU32(v) }
    }
}

extension Array where Element == UInt8 {
    /// Appends `s` NUL-padded to `width` bytes, truncated to `width - 1` so C readers find a terminator.
    /// The cut falls between Unicode scalars: cutting inside one would write invalid UTF-8, which
    /// reads back as a different name (so parse → emit → parse would not settle).
    mutating func appendFixedString(_ s: String, width: Int) {
        var n = 0
        for scalar in s.unicodeScalars {
            let w = UTF8.width(scalar)
            if n + w > width - 1 { break }
            n += w
        }
        append(contentsOf: s.utf8.prefix(n))
        appendZeros(width - n)
    }
}

/// Bytes of a NUL-padded fixed-width C string field, up to the first NUL.
func cString(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: field[..<(field.firstIndex(of: 0) ?? field.endIndex)])
}
