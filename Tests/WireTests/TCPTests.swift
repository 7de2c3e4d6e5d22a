import Testing
@testable import Wire

@Suite struct TCPTests {
    let h3 = IPv4Address(10, 0, 0, 3), service = IPv4Address(10, 0, 1, 1), h1 = IPv4Address(10, 0, 0, 1)

    func segment(_ frame: [UInt8]) -> [UInt8] { tail(frame, 34) }

    func parse(_ bytes: [UInt8]) throws(WireError) -> TCPRepr {
        try withBytes(bytes) { raw throws(WireError) in TCPRepr(parsing: try TCPSegment(checking: raw)) }
    }

    func options(_ bytes: [UInt8]) -> ([TCPOption], WireError?) {
        bytes.withUnsafeBytes { raw in
            var reader = TCPOptionReader(raw)
            var list: [TCPOption] = []
            do throws(WireError) {
                while let o = try reader.next() { list.append(o) }
                return (list, nil)
            } catch {
                // After an error the reader stays finished.
                #expect((try? reader.next()) == nil)
                return (list, error)
            }
        }
    }

    @Test func deconstructSYN() throws {
        let t = try parse(segment(synFrame))
        #expect(t.sourcePort == 49514 && t.destinationPort == 80)
        #expect(t.sequenceNumber == 906_005_055)
        #expect(t.acknowledgmentNumber == 0)
        #expect(t.headerLength == 40)
        #expect(t.flags == .syn)
        #expect(t.window == 42340)
        #expect(t.checksum == 0x0668)
        #expect(t.urgentPointer == 0)
        #expect(t.payloadLength == 0)
        #expect(t.options.tcpOptions == [
            .maximumSegmentSize(1460), .sackPermitted, .timestamps(value: 775_542_522, echoReply: 0),
            .noOperation, .windowScale(9),
        ])
        try withBytes(segment(synFrame)) { raw throws(WireError) in
            #expect(try TCPSegment(checking: raw).verifyChecksum(source: h3, destination: service))
            // The same segment does not check against the rewritten destination.
            #expect(!(try TCPSegment(checking: raw).verifyChecksum(source: h3, destination: h1)))
        }
    }

    @Test func deconstructSYNACK() throws {
        let t = try parse(segment(synAckFrame))
        #expect(t.sourcePort == 80 && t.destinationPort == 49514)
        #expect(t.sequenceNumber == 4_148_688_379)
        #expect(t.acknowledgmentNumber == 906_005_056)
        #expect(t.flags == [.syn, .ack])
        #expect(t.flags.description == "[SYN, ACK]")
        #expect(t.window == 43440)
        #expect(t.checksum == 0xb309)
        #expect(t.options.tcpOptions.contains(.timestamps(value: 1_206_983_372, echoReply: 775_542_522)))
        try withBytes(segment(synAckFrame)) { raw throws(WireError) in
            #expect(try TCPSegment(checking: raw).verifyChecksum(source: h1, destination: h3))
        }
    }

    @Test func payload() throws {
        try withBytes(segment(httpGetFrame)) { raw throws(WireError) in
            let s = try TCPSegment(checking: raw)
            #expect(s.flags == [.psh, .ack])
            #expect(s.headerLength == 32)
            #expect(s.payload.count == 72)
            #expect(Array(s.payload.prefix(5)) == Array("GET /".utf8))
            #expect(s.verifyChecksum(source: h3, destination: service))
        }
    }

    @Test func flagsText() {
        #expect(TCPFlags.syn.description == "[SYN]")
        #expect(TCPFlags([.fin, .ack]).description == "[FIN, ACK]")
        #expect(TCPFlags([.rst, .ack, .cwr, .ece, .urg, .psh]).description == "[RST, PSH, ACK, URG, ECE, CWR]")
        #expect(TCPFlags().description == "[<None>]")
    }

    @Test func lyingDataOffset() {
        var four = segment(synFrame)
        four[12] = 0x40
        #expect(wireError { () throws(WireError) in try parse(four) } == .malformed(layer: .tcp, reason: "data offset < 5"))
        var fifteen = segment(synFrame)
        fifteen[12] = 0xf0  // 60 bytes of header in a 40-byte segment
        #expect(wireError { () throws(WireError) in try parse(fifteen) }
                == .malformed(layer: .tcp, reason: "data offset beyond the segment"))
        #expect(wireError { () throws(WireError) in try parse(Array(segment(synFrame).prefix(19))) }
                == .truncated(layer: .tcp, needed: 20, available: 19))
    }

    @Test func lyingOptionLengths() {
        // MSS, then a kind-8 option whose length is zero: iteration ends with an error.
        let zero = options([0x02, 0x04, 0x05, 0xb4, 0x08, 0x00, 0x01, 0x01])
        #expect(zero.0 == [.maximumSegmentSize(1460)])
        #expect(zero.1 == .malformed(layer: .tcpOption, reason: "option length < 2"))
        let past = options([0x01, 0x08, 0x0a, 0x00, 0x00])
        #expect(past.0 == [.noOperation])
        #expect(past.1 == .malformed(layer: .tcpOption, reason: "option length past the end"))
        let noLengthByte = options([0x01, 0x02])
        #expect(noLengthByte.1 == .malformed(layer: .tcpOption, reason: "option length past the end"))
        let badMSS = options([0x02, 0x03, 0x05])
        #expect(badMSS.1 == .malformed(layer: .tcpOption, reason: "MSS option length is not 4"))
        let badSACK = options([0x05, 0x05, 0, 0, 0])
        #expect(badSACK.1 == .malformed(layer: .tcpOption, reason: "SACK option length is not 2 + 8n"))
    }

    @Test func sackUnknownAndEndOfList() {
        let bytes: [UInt8] = [0x01, 0x01, 0x05, 0x12,
                              0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
                              0xfe, 0x04, 0xab, 0xcd, 0x00, 0x02, 0x04]
        let (list, error) = options(bytes)
        var blocks = SACKBlocks()
        blocks.append(left: 1, right: 2)
        blocks.append(left: 3, right: 4)
        #expect(error == nil)
        // Nothing after end-of-list is read, not even the bytes that look like an option.
        #expect(list == [.noOperation, .noOperation, .sack(blocks), .unknown(kind: 0xfe, length: 4), .endOfList])
    }

    @Test func emitRoundTrip() throws {
        for (frame, src, dst) in [(synFrame, h3, service), (synAckFrame, h1, h3), (httpGetFrame, h3, service)] {
            let bytes = segment(frame)
            let t = try parse(bytes)
            var out: [UInt8] = []
            t.emit(into: &out, payload: Array(bytes[t.headerLength...]), source: src, destination: dst)
            // Same bytes: the computed checksum is the real packet's.
            #expect(out == bytes)
        }
    }

    @Test func emitFromOptionList() throws {
        // A scenario writer's SYN: options given as a list, padded, checksum computed.
        let opts = OptionBytes(tcpOptions: [.maximumSegmentSize(1460), .sackPermitted,
                                            .timestamps(value: 775_542_522, echoReply: 0), .noOperation, .windowScale(9)])
        let t = TCPRepr(sourcePort: 49514, destinationPort: 80, sequenceNumber: 906_005_055, flags: .syn,
                        window: 42340, options: try #require(opts))
        var out: [UInt8] = []
        t.emit(into: &out, source: h3, destination: service)
        #expect(out == segment(synFrame))
        #expect(OptionBytes(tcpOptions: Array(repeating: .timestamps(value: 0, echoReply: 0), count: 5)) == nil)
    }
}
