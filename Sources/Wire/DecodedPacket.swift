/// The link layer a frame was captured with.
public enum LinkLayer: Hashable, Sendable {
    case ethernet(EthernetRepr)
    case cooked(LinuxCookedRepr)
    /// Null/loopback (LINKTYPE 0) or OpenBSD loop (108).
    case null(NullRepr)
    /// Raw IP: no link header.
    case raw
}

/// The network layer, or the EtherType nobody here decodes (kept, never dropped).
public enum NetworkLayer: Hashable, Sendable {
    case arp(ARPRepr)
    case ipv4(IPv4Repr)
    case ipv6(IPv6Repr)
    case other(etherType: UInt16)
}

/// The transport layer, or the IP protocol number nobody here decodes.
public enum TransportLayer: Hashable, Sendable {
    case tcp(TCPRepr)
    case udp(UDPRepr)
    case icmp(ICMPRepr)
    case icmpv6(ICMPv6Repr)
    case other(protocolNumber: UInt8)
}

/// Every layer of one frame that could be decoded, as values; built without allocating.
///
/// Decoding stops at the first layer that is short or malformed and names it in
/// `error`; the layers before it are kept. One exception: an IPv4/IPv6 packet whose
/// length field promises more than the capture holds (a snapshot length) records
/// `truncated` but its transport header is still decoded from what is there.
public struct DecodedPacket: Equatable, Sendable {
    public var link: LinkLayer?
    public var network: NetworkLayer?
    public var transport: TransportLayer?
    /// Offsets into the frame of the network and transport headers, when found.
    public var networkOffset: Int?
    public var transportOffset: Int?
    /// The bytes after the last decoded header (the application data for TCP/UDP), as
    /// offsets into the frame; link padding past the IP length is excluded.
    public var payload: Range<Int>
    /// The IPv4 header checksum verified, when there is an IPv4 header.
    public var ipChecksumValid: Bool?
    /// The TCP/UDP/ICMP/ICMPv6 checksum verified, when the whole segment was captured
    /// (TCP and UDP over IPv6 are decoded but their checksums not checked).
    public var transportChecksumValid: Bool?
    public var error: WireError?

    public init(payload: Range<Int>) { self.payload = payload }

    public var vlan: VLANTags {
        if case .ethernet(let e) = link { return e.vlan }
        return VLANTags()
    }
    public var ethernet: EthernetRepr? { if case .ethernet(let e) = link { e } else { nil } }
    public var cooked: LinuxCookedRepr? { if case .cooked(let c) = link { c } else { nil } }
    public var arp: ARPRepr? { if case .arp(let a) = network { a } else { nil } }
    public var ipv4: IPv4Repr? { if case .ipv4(let ip) = network { ip } else { nil } }
    public var ipv6: IPv6Repr? { if case .ipv6(let ip) = network { ip } else { nil } }
    public var tcp: TCPRepr? { if case .tcp(let t) = transport { t } else { nil } }
    public var udp: UDPRepr? { if case .udp(let u) = transport { u } else { nil } }
    public var icmp: ICMPRepr? { if case .icmp(let i) = transport { i } else { nil } }
    public var icmpv6: ICMPv6Repr? { if case .icmpv6(let i) = transport { i } else { nil } }

    /// Decodes a frame of the given LINKTYPE_ number (1 Ethernet, 113/276 Linux cooked,
    /// 0/108 loopback, 101/228/229 and DLT 12/14 raw IP). Never traps, never allocates.
    ///
    /// - Parameter verifyingChecksums: false leaves `ipChecksumValid` and `transportChecksumValid`
    ///   nil, for callers that do not show them (summing every segment is not free).
    public static func decode(linkType: Int32, _ bytes: UnsafeRawBufferPointer,
                              verifyingChecksums: Bool = true) -> DecodedPacket {
        var p = DecodedPacket(payload: 0..<bytes.count)
        do {
            try p.decodeLink(linkType: linkType, bytes, verify: verifyingChecksums)
        } catch {
            if p.error == nil { p.error = error }
        }
        return p
    }

    private mutating func decodeLink(linkType: Int32, _ bytes: UnsafeRawBufferPointer, verify: Bool) throws(WireError) {
        let etherType: UInt16?
        let offset: Int
        switch linkType {
        case 1:
            let f = try EthernetFrame(checking: bytes)
            link = .ethernet(EthernetRepr(parsing: f))
            etherType = f.etherType
            offset = f.headerLength
        case 113, 276:
            let h = try LinuxCookedHeader(checking: bytes, version: linkType == 276 ? 2 : 1)
            link = .cooked(LinuxCookedRepr(parsing: h))
            etherType = h.protocolType
            offset = h.headerLength
        case 0, 108:
            let h = try NullHeader(checking: bytes, networkOrder: linkType == 108)
            let r = NullRepr(parsing: h)
            link = .null(r)
            offset = NullHeader.length
            guard let t = r.network.etherType else {
                payload = offset..<bytes.count
                throw .malformed(layer: .null, reason: "unknown address family")
            }
            etherType = t
        case 12, 14, 101, 228, 229:
            link = .raw
            offset = 0
            switch linkType {
            case 228: etherType = EtherType.ipv4
            case 229: etherType = EtherType.ipv6
            default:
                guard let t = try RawIP.network(of: bytes).etherType else {
                    throw .malformed(layer: .rawIP, reason: "IP version is neither 4 nor 6")
                }
                etherType = t
            }
        default:
            throw .malformed(layer: .link, reason: "unsupported link type")
        }
        payload = offset..<bytes.count
        if let etherType { try decodeNetwork(etherType: etherType, bytes, at: offset, verify: verify) }
    }

    private mutating func decodeNetwork(etherType: UInt16, _ frame: UnsafeRawBufferPointer, at offset: Int,
                                        verify: Bool) throws(WireError) {
        let bytes = UnsafeRawBufferPointer(rebasing: frame[offset...])
        switch etherType {
        case EtherType.arp:
            let a = try ARPPacket(checking: bytes)
            network = .arp(ARPRepr(parsing: a))
            networkOffset = offset
            payload = offset + ARPPacket.length..<offset + ARPPacket.length
        case EtherType.ipv4:
            let v = try IPv4Packet(checking: bytes)
            let ip = IPv4Repr(parsing: v)
            network = .ipv4(ip)
            networkOffset = offset
            if verify { ipChecksumValid = v.verifyChecksum }
            let start = offset + v.headerLength
            payload = start..<offset + v.packetLength
            if v.isTruncated {
                error = .truncated(layer: .ipv4, needed: Int(v.totalLength), available: bytes.count)
            }
            // Only the first fragment carries the transport header.
            guard v.fragmentOffset == 0 else { return }
            try decodeTransport(protocolNumber: ip.protocolNumber, frame, range: payload,
                                checkable: verify && !v.isTruncated && !v.isFragment, v4: (ip.source, ip.destination), v6: nil)
        case EtherType.ipv6:
            let v = try IPv6Packet(checking: bytes)
            var ip = IPv6Repr(parsingFixedHeader: v)
            network = .ipv6(ip)
            networkOffset = offset
            payload = offset + IPv6Packet.headerLength..<offset + v.packetLength
            if v.isTruncated {
                error = .truncated(layer: .ipv6, needed: IPv6Packet.headerLength + Int(v.payloadLength), available: bytes.count)
            }
            let upper = try v.upperLayer()
            ip.upperLayer = upper
            network = .ipv6(ip)
            payload = offset + upper.offset..<payload.upperBound
            guard upper.hasUpperHeader else { return }
            try decodeTransport(protocolNumber: upper.protocolNumber, frame, range: payload,
                                checkable: verify && !v.isTruncated && upper.fragment == nil, v4: nil,
                                v6: (ip.source, ip.destination))
        default:
            network = .other(etherType: etherType)
        }
    }

    private mutating func decodeTransport(protocolNumber: UInt8, _ frame: UnsafeRawBufferPointer, range: Range<Int>,
                                          checkable: Bool, v4: (IPv4Address, IPv4Address)?,
                                          v6: (IPv6Address, IPv6Address)?) throws(WireError) {
        let bytes = UnsafeRawBufferPointer(rebasing: frame[range])
        let base = range.lowerBound
        switch protocolNumber {
        case IPProtocol.tcp:
            let s = try TCPSegment(checking: bytes)
            transport = .tcp(TCPRepr(parsing: s))
            payload = base + s.headerLength..<range.upperBound
            if checkable, let (src, dst) = v4 { transportChecksumValid = s.verifyChecksum(source: src, destination: dst) }
        case IPProtocol.udp:
            let d = try UDPDatagram(checking: bytes)
            transport = .udp(UDPRepr(parsing: d))
            payload = base + UDPDatagram.headerLength..<base + UDPDatagram.headerLength + d.payload.count
            if checkable, !d.isTruncated, let (src, dst) = v4 {
                transportChecksumValid = d.verifyChecksum(source: src, destination: dst)
            }
        case IPProtocol.icmp where v4 != nil:
            let c = try ICMPPacket(checking: bytes)
            transport = .icmp(ICMPRepr(parsing: c))
            payload = base + ICMPPacket.headerLength..<range.upperBound
            if checkable { transportChecksumValid = c.verifyChecksum }
        case IPProtocol.icmpv6 where v6 != nil:
            let c = try ICMPv6Packet(checking: bytes)
            transport = .icmpv6(ICMPv6Repr(parsing: c))
            payload = base + ICMPv6Packet.headerLength..<range.upperBound
            if checkable, let (src, dst) = v6 { transportChecksumValid = c.verifyChecksum(source: src, destination: dst) }
        default:
            transport = .other(protocolNumber: protocolNumber)
            return
        }
        transportOffset = base
    }
}
