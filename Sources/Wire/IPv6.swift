/// Which IPv6 extension headers a packet carried before its upper layer.
public struct IPv6Extensions: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let hopByHop = IPv6Extensions(rawValue: 1)
    public static let routing = IPv6Extensions(rawValue: 2)
    public static let fragment = IPv6Extensions(rawValue: 4)
    public static let destinationOptions = IPv6Extensions(rawValue: 8)
    public static let authentication = IPv6Extensions(rawValue: 16)
}

/// The fragment header's fields (RFC 8200 §4.5).
public struct IPv6Fragment: Hashable, Sendable {
    /// In bytes.
    public var offset: Int
    public var moreFragments: Bool
    public var identification: UInt32
}

/// Where the extension-header chain ends.
public struct IPv6UpperLayer: Hashable, Sendable {
    /// The upper-layer protocol (59 = no next header).
    public var protocolNumber: UInt8
    /// Offset of the upper-layer header from the start of the IPv6 header.
    public var offset: Int
    public var extensions: IPv6Extensions
    public var fragment: IPv6Fragment?

    /// Only an unfragmented packet or the first fragment carries the upper-layer header.
    public var hasUpperHeader: Bool { (fragment?.offset ?? 0) == 0 && protocolNumber != 59 }
}

/// A bounds-checked view of an IPv6 header (RFC 8200).
///
/// Invariants after `init(checking:)`: version is 6 and the 40-byte fixed header is
/// present. `payload` stops at the payload length or the end of the bytes, whichever
/// comes first; `isTruncated` says when the capture holds less than promised.
public struct IPv6Packet {
    private enum Field {
        static let versionClassFlow = 0, payloadLength = 4, nextHeader = 6, hopLimit = 7
        static let source = 8, destination = 24
        static let length = 40
    }
    private enum Extension {
        static let hopByHop: UInt8 = 0, routing: UInt8 = 43, fragment: UInt8 = 44
        static let authentication: UInt8 = 51, destinationOptions: UInt8 = 60
        /// More than this many headers is taken as malformed rather than walked on.
        static let maximumChain = 8
    }

    public static let headerLength = Field.length
    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.length, .ipv6)
        guard bytes.u8(0) >> 4 == 6 else { throw .malformed(layer: .ipv6, reason: "version is not 6") }
    }

    public var trafficClass: UInt8 { UInt8(truncatingIfNeeded: bytes.u32(Field.versionClassFlow) >> 20) }
    public var flowLabel: UInt32 { bytes.u32(Field.versionClassFlow) & 0xfffff }
    public var payloadLength: UInt16 { bytes.u16(Field.payloadLength) }
    public var nextHeader: UInt8 { bytes.u8(Field.nextHeader) }
    public var hopLimit: UInt8 { bytes.u8(Field.hopLimit) }
    public var source: IPv6Address { IPv6Address(high: bytes.u64(Field.source), low: bytes.u64(Field.source + 8)) }
    public var destination: IPv6Address {
        IPv6Address(high: bytes.u64(Field.destination), low: bytes.u64(Field.destination + 8))
    }
    public var isTruncated: Bool { Field.length + Int(payloadLength) > bytes.count }
    public var packetLength: Int { min(Field.length + Int(payloadLength), bytes.count) }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[Field.length..<packetLength]) }

    /// Walks hop-by-hop, routing, fragment, destination-options (and AH) headers to the
    /// upper layer. A header that runs past the bytes present is `truncated`.
    public func upperLayer() throws(WireError) -> IPv6UpperLayer {
        var next = nextHeader
        var at = Field.length
        var result = IPv6UpperLayer(protocolNumber: next, offset: at, extensions: [], fragment: nil)
        for _ in 0..<Extension.maximumChain {
            let length: Int
            switch next {
            case Extension.hopByHop, Extension.routing, Extension.destinationOptions:
                try requireExt(at + 2)
                length = (Int(bytes.u8(at + 1)) + 1) * 8
                result.extensions.insert(next == Extension.hopByHop ? .hopByHop
                                         : next == Extension.routing ? .routing : .destinationOptions)
            case Extension.fragment:
                length = 8
                try requireExt(at + length)
                let word = bytes.u16(at + 2)
                result.fragment = IPv6Fragment(offset: Int(word >> 3) * 8, moreFragments: word & 1 == 1,
                                               identification: bytes.u32(at + 4))
                result.extensions.insert(.fragment)
            case Extension.authentication:
                try requireExt(at + 2)
                length = (Int(bytes.u8(at + 1)) + 2) * 4
                result.extensions.insert(.authentication)
            default:
                result.protocolNumber = next
                result.offset = at
                return result
            }
            try requireExt(at + length)
            // A non-first fragment's following bytes are not headers: stop at the fragment header.
            if next == Extension.fragment, let f = result.fragment, f.offset > 0 {
                result.protocolNumber = bytes.u8(at)
                result.offset = at + length
                return result
            }
            next = bytes.u8(at)
            at += length
        }
        throw .malformed(layer: .ipv6Extension, reason: "too many extension headers")
    }

    private func requireExt(_ needed: Int) throws(WireError) {
        if needed > packetLength { throw .truncated(layer: .ipv6Extension, needed: needed, available: packetLength) }
    }
}

/// The parsed IPv6 fixed header, with where its extension chain led.
public struct IPv6Repr: Hashable, Sendable {
    public var trafficClass: UInt8
    public var flowLabel: UInt32
    public var payloadLength: Int
    public var nextHeader: UInt8
    public var hopLimit: UInt8
    public var source: IPv6Address
    public var destination: IPv6Address
    /// Filled by `init(parsing:)`; emit ignores it (extension headers are payload to the emitter).
    public var upperLayer: IPv6UpperLayer?

    public init(trafficClass: UInt8 = 0, flowLabel: UInt32 = 0, payloadLength: Int, nextHeader: UInt8,
                hopLimit: UInt8 = 64, source: IPv6Address, destination: IPv6Address) {
        self.trafficClass = trafficClass; self.flowLabel = flowLabel; self.payloadLength = payloadLength
        self.nextHeader = nextHeader; self.hopLimit = hopLimit; self.source = source; self.destination = destination
    }

    /// Fails only when the extension chain is truncated or malformed.
    public init(parsing p: IPv6Packet) throws(WireError) {
        self.init(parsingFixedHeader: p)
        upperLayer = try p.upperLayer()
    }

    /// The fixed header alone (`upperLayer` nil): what is still known when the chain is damaged.
    public init(parsingFixedHeader p: IPv6Packet) {
        self.init(trafficClass: p.trafficClass, flowLabel: p.flowLabel, payloadLength: Int(p.payloadLength),
                  nextHeader: p.nextHeader, hopLimit: p.hopLimit, source: p.source, destination: p.destination)
    }

    public var bufferLength: Int { IPv6Packet.headerLength }

    public func emit(into out: inout [UInt8]) {
        out.appendU32(6 << 28 | UInt32(trafficClass) << 20 | flowLabel & 0xfffff)
        out.appendU16(UInt16(truncatingIfNeeded: payloadLength))
        out.appendU8(nextHeader)
        out.appendU8(hopLimit)
        out.appendU64(source.high); out.appendU64(source.low)
        out.appendU64(destination.high); out.appendU64(destination.low)
    }
}

extension IPv6Address {
    /// From sixteen bytes, most significant first; nil when fewer are present.
    public init?(bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset >= 0, offset + 16 <= bytes.count else { return nil }
        self.init(high: bytes.u64(offset), low: bytes.u64(offset + 8))
    }
}
