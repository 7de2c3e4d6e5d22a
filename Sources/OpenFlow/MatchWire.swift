import Wire

// `ofp_match` (OpenFlow 1.0.0 §5.2.3) on the wire: 40 bytes, fields at fixed offsets.
extension OFMatch {
    enum Field {
        static let wildcards = 0
        static let inPort = 4
        static let dlSrc = 6
        static let dlDst = 12
        static let dlVlan = 18
        static let dlVlanPcp = 20
        static let dlType = 22
        static let nwTos = 24
        static let nwProto = 25
        static let nwSrc = 28
        static let nwDst = 32
        static let tpSrc = 36
        static let tpDst = 38
    }
    /// `sizeof(struct ofp_match)`.
    public static let wireSize = 40

    /// Reads a match from the first 40 bytes of `bytes`; nil when fewer are there.
    /// Allocates nothing: OFMatch is a plain value.
    @inlinable public init?(wire bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= OFMatch.wireSize else { return nil }
        self.init(unchecked: bytes)
    }

    /// Trusts the caller: `bytes` must hold at least 40 bytes.
    public init(unchecked b: UnsafeRawBufferPointer) {
        self.init(wildcards: b.u32(Field.wildcards), inPort: b.u16(Field.inPort),
                  dlSrc: MACAddress(rawValue: b.u48(Field.dlSrc)), dlDst: MACAddress(rawValue: b.u48(Field.dlDst)),
                  dlVlan: b.u16(Field.dlVlan), dlVlanPcp: b.u8(Field.dlVlanPcp), dlType: b.u16(Field.dlType),
                  nwTos: b.u8(Field.nwTos), nwProto: b.u8(Field.nwProto),
                  nwSrc: IPv4Address(rawValue: b.u32(Field.nwSrc)), nwDst: IPv4Address(rawValue: b.u32(Field.nwDst)),
                  tpSrc: b.u16(Field.tpSrc), tpDst: b.u16(Field.tpDst))
    }

    /// Appends the 40-byte `ofp_match`, pads zeroed.
    public func emit(into out: inout [UInt8]) {
        out.appendU32(wildcards)
        out.appendU16(inPort)
        dlSrc.emit(into: &out)
        dlDst.emit(into: &out)
        out.appendU16(dlVlan)
        out.appendU8(dlVlanPcp)
        out.appendZeros(1)
        out.appendU16(dlType)
        out.appendU8(nwTos)
        out.appendU8(nwProto)
        out.appendZeros(2)
        nwSrc.emit(into: &out)
        nwDst.emit(into: &out)
        out.appendU16(tpSrc)
        out.appendU16(tpDst)
    }
}
