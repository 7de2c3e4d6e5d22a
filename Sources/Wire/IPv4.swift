/// IP protocol numbers lbtrace names.
public enum IPProtocol {
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpv6: UInt8 = 58
}

/// The three flag bits of the IPv4 fragment word.
public struct IPv4Flags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 7 }
    public static let reserved = IPv4Flags(rawValue: 4)
    public static let dontFragment = IPv4Flags(rawValue: 2)
    public static let moreFragments = IPv4Flags(rawValue: 1)
}

/// A bounds-checked view of an IPv4 header (RFC 791).
///
/// Invariants after `init(checking:)`: version is 4, `5 <= IHL`, `IHL*4 <= totalLength`,
/// and the whole header (with options) is in `bytes`. The total length may still
/// exceed the bytes present (a snapshot length cut the packet): `isTruncated`
/// says so and `payload` holds what is there. Bytes past the total length
/// (Ethernet padding) are never part of `payload`.
public struct IPv4Packet {
    private enum Field {
        static let versionIHL = 0, tos = 1, totalLength = 2, identification = 4, fragment = 6
        static let ttl = 8, proto = 9, checksum = 10, source = 12, destination = 16
        static let minimumLength = 20
    }

    public let bytes: UnsafeRawBufferPointer

    public init(unchecked bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public init(checking bytes: UnsafeRawBufferPointer) throws(WireError) {
        self.init(unchecked: bytes)
        try require(bytes, Field.minimumLength, .ipv4)
        guard version == 4 else { throw .malformed(layer: .ipv4, reason: "version is not 4") }
        guard headerLength >= Field.minimumLength else { throw .malformed(layer: .ipv4, reason: "IHL < 5") }
        guard Int(totalLength) >= headerLength else {
            throw .malformed(layer: .ipv4, reason: "total length < header length")
        }
        try require(bytes, headerLength, .ipv4)
    }

    public var version: UInt8 { bytes.u8(Field.versionIHL) >> 4 }
    /// IHL × 4, in bytes.
    public var headerLength: Int { Int(bytes.u8(Field.versionIHL) & 0xf) * 4 }
    public var tos: UInt8 { bytes.u8(Field.tos) }
    public var totalLength: UInt16 { bytes.u16(Field.totalLength) }
    public var identification: UInt16 { bytes.u16(Field.identification) }
    public var flags: IPv4Flags { IPv4Flags(rawValue: UInt8(bytes.u16(Field.fragment) >> 13)) }
    /// In bytes (the 13-bit field × 8), as tshark shows `ip.frag_offset`.
    public var fragmentOffset: Int { Int(bytes.u16(Field.fragment) & 0x1fff) * 8 }
    public var ttl: UInt8 { bytes.u8(Field.ttl) }
    public var protocolNumber: UInt8 { bytes.u8(Field.proto) }
    public var checksum: UInt16 { bytes.u16(Field.checksum) }
    public var source: IPv4Address { IPv4Address(rawValue: bytes.u32(Field.source)) }
    public var destination: IPv4Address { IPv4Address(rawValue: bytes.u32(Field.destination)) }
    public var options: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Field.minimumLength..<headerLength])
    }

    /// More fragments follow, or this is not the first: only offset 0 carries the transport header.
    public var isFragment: Bool { flags.contains(.moreFragments) || fragmentOffset > 0 }
    /// The total length claims more bytes than are present.
    public var isTruncated: Bool { Int(totalLength) > bytes.count }
    /// Header plus payload as far as present, without link-layer padding.
    public var packetLength: Int { min(Int(totalLength), bytes.count) }
    public var payload: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[headerLength..<packetLength]) }

    /// The header sums to 0xffff with its checksum in place.
    public var verifyChecksum: Bool {
        InternetChecksum.finish(InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: bytes[..<headerLength]))) == 0
    }
}

/// The parsed IPv4 header. `payloadLength` is what the total length promised,
/// whether or not the capture holds it all.
public struct IPv4Repr: Hashable, Sendable {
    public var tos: UInt8
    public var identification: UInt16
    public var flags: IPv4Flags
    /// In bytes; a multiple of 8.
    public var fragmentOffset: Int
    public var ttl: UInt8
    public var protocolNumber: UInt8
    /// As found when parsed; `emit` computes its own.
    public var checksum: UInt16
    public var source: IPv4Address
    public var destination: IPv4Address
    public var options: OptionBytes
    public var payloadLength: Int

    public init(tos: UInt8 = 0, identification: UInt16 = 0, flags: IPv4Flags = .dontFragment, fragmentOffset: Int = 0,
                ttl: UInt8 = 64, protocolNumber: UInt8, checksum: UInt16 = 0, source: IPv4Address,
                destination: IPv4Address, options: OptionBytes = OptionBytes(), payloadLength: Int) {
        self.tos = tos; self.identification = identification; self.flags = flags; self.fragmentOffset = fragmentOffset
        self.ttl = ttl; self.protocolNumber = protocolNumber; self.checksum = checksum; self.source = source
        self.destination = destination; self.options = options; self.payloadLength = payloadLength
    }

    /// Never fails: `IPv4Packet(checking:)` has vouched for every field, and 40 option bytes at most fit.
    public init(parsing p: IPv4Packet) {
        self.init(tos: p.tos, identification: p.identification, flags: p.flags, fragmentOffset: p.fragmentOffset,
                  ttl: p.ttl, protocolNumber: p.protocolNumber, checksum: p.checksum, source: p.source,
                  destination: p.destination, options: OptionBytes(p.options) ?? OptionBytes(),
                  payloadLength: Int(p.totalLength) - p.headerLength)
    }

    public var isFragment: Bool { flags.contains(.moreFragments) || fragmentOffset > 0 }
    /// Options are padded to a multiple of four bytes on emit.
    public var headerLength: Int { 20 + (options.count + 3) / 4 * 4 }
    public var totalLength: Int { headerLength + payloadLength }
    public var bufferLength: Int { headerLength }

    /// Appends the header (not the payload) with its checksum computed.
    public func emit(into out: inout [UInt8]) {
        let start = out.count
        out.appendU8(0x40 | UInt8(headerLength / 4))
        out.appendU8(tos)
        out.appendU16(UInt16(truncatingIfNeeded: totalLength))
        out.appendU16(identification)
        out.appendU16(UInt16(flags.rawValue) << 13 | UInt16(truncatingIfNeeded: fragmentOffset / 8) & 0x1fff)
        out.appendU8(ttl)
        out.appendU8(protocolNumber)
        out.appendU16(0)
        source.emit(into: &out)
        destination.emit(into: &out)
        options.emit(into: &out)
        out.appendZeros(headerLength - 20 - options.count)
        out.setU16(InternetChecksum.finish(InternetChecksum.sum(out, start..<out.count)), at: start + 10)
    }
}
