import Testing
@testable import Wire

@Suite struct IPv6Tests {
    let ff02_16 = IPv6Address(high: 0xff02_0000_0000_0000, low: 0x16)

    @Test func mldv2BehindHopByHop() throws {
        let bytes = tail(mldv2Frame, 14)
        try withBytes(bytes) { raw throws(WireError) in
            let p = try IPv6Packet(checking: raw)
            #expect(p.trafficClass == 0 && p.flowLabel == 0)
            #expect(p.payloadLength == 56)
            #expect(p.nextHeader == 0)
            #expect(p.hopLimit == 1)
            #expect(p.source == IPv6Address(high: 0, low: 0))
            #expect(p.destination == ff02_16)
            #expect(p.destination.description == "ff02::16")
            let upper = try p.upperLayer()
            #expect(upper.protocolNumber == IPProtocol.icmpv6)
            #expect(upper.offset == 48)
            #expect(upper.extensions == .hopByHop)
            #expect(upper.fragment == nil)
            let icmp = try ICMPv6Packet(checking: UnsafeRawBufferPointer(rebasing: raw[48...]))
            #expect(icmp.type == ICMPv6Type.mldv2Report && icmp.code == 0)
            #expect(icmp.checksum == 0x9cbc)
            #expect(ICMPv6Repr(parsing: icmp).name?.description == "Multicast Listener Report Message v2")
            #expect(icmp.verifyChecksum(source: p.source, destination: p.destination))
        }
    }

    @Test func routerSolicitation() throws {
        let bytes = tail(routerSolicitationFrame, 14)
        try withBytes(bytes) { raw throws(WireError) in
            let p = try IPv6Packet(checking: raw)
            #expect(p.source.description == "fe80::8f1:20ff:fe43:d1f9")
            #expect(p.hopLimit == 255)
            let upper = try p.upperLayer()
            #expect(upper.protocolNumber == 58 && upper.offset == 40 && upper.extensions.isEmpty)
            let icmp = ICMPv6Repr(parsing: try ICMPv6Packet(checking: p.payload))
            #expect(icmp.type == ICMPv6Type.routerSolicitation)
            #expect(icmp.name?.description == "Router Solicitation")
            #expect(icmp.checksum == 0x84d2)
        }
    }

    @Test func fragmentAndTruncatedChains() throws {
        // The RS behind a fragment header (offset 0, M set, id 7) → the first fragment.
        var frag = Array(tail(routerSolicitationFrame, 14).prefix(40))
        frag[6] = 44
        frag[5] = 16 + 8
        frag += [58, 0, 0x00, 0x01, 0, 0, 0, 7] + tail(routerSolicitationFrame, 54)
        try withBytes(frag) { raw throws(WireError) in
            let u = try IPv6Packet(checking: raw).upperLayer()
            #expect(u.extensions == .fragment)
            #expect(u.fragment == IPv6Fragment(offset: 0, moreFragments: true, identification: 7))
            #expect(u.protocolNumber == 58 && u.offset == 48 && u.hasUpperHeader)
        }
        // A later fragment: no upper header to decode.
        frag[42] = 0x00; frag[43] = 0x10  // offset 2 × 8
        try withBytes(frag) { raw throws(WireError) in
            let u = try IPv6Packet(checking: raw).upperLayer()
            #expect(u.fragment?.offset == 16 && !u.hasUpperHeader)
        }
        // The hop-by-hop header claims 16 bytes where the packet has 8 left.
        var lying = tail(mldv2Frame, 14)
        lying[41] = 1
        lying[4] = 0; lying[5] = 8
        #expect(wireError(Array(lying.prefix(48))) { raw throws(WireError) in try IPv6Packet(checking: raw).upperLayer() }
                == .truncated(layer: .ipv6Extension, needed: 56, available: 48))
        #expect(wireError(Array(lying.prefix(39))) { raw throws(WireError) in try IPv6Packet(checking: raw) }
                == .truncated(layer: .ipv6, needed: 40, available: 39))
    }

    @Test func emitRoundTrip() throws {
        for frame in [mldv2Frame, routerSolicitationFrame] {
            let bytes = tail(frame, 14)
            try withBytes(bytes) { raw throws(WireError) in
                let p = try IPv6Packet(checking: raw)
                let r = try IPv6Repr(parsing: p)
                var out: [UInt8] = []
                r.emit(into: &out)
                #expect(out == Array(bytes.prefix(40)))
                // ICMPv6 with its checksum recomputed over the pseudo-header.
                guard let upper = r.upperLayer else { Issue.record("no upper layer"); return }
                let icmpBytes = UnsafeRawBufferPointer(rebasing: raw[upper.offset...])
                let icmp = ICMPv6Repr(parsing: try ICMPv6Packet(checking: icmpBytes))
                var icmpOut: [UInt8] = []
                icmp.emit(into: &icmpOut, body: Array(icmpBytes[4...]), source: r.source, destination: r.destination)
                #expect(icmpOut == Array(icmpBytes))
            }
        }
    }
}
