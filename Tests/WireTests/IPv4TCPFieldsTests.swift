import Capture
import Testing
@testable import Wire

/// The fast path must agree with the full decoder wherever it answers, and answer nil wherever the
/// full decoder would find anything but plain Ethernet/IPv4/TCP.
@Suite struct IPv4TCPFieldsTests {
    func fields(_ frame: [UInt8], linkType: Int32 = 1) -> IPv4TCPFields? {
        frame.withUnsafeBytes { DecodedPacket.ipv4TCP(linkType: linkType, $0) }
    }

    func decoded(_ frame: [UInt8], linkType: Int32 = 1) -> DecodedPacket {
        frame.withUnsafeBytes { DecodedPacket.decode(linkType: linkType, $0) }
    }

    @Test func readsTheHTTPRequestByHand() throws {
        // Frame 76 of rr-basic/dp.pcap, read off the hex dump: 10.0.0.3:49514 → 10.0.1.1:80,
        // seq 0x36008a40, ack 0xf747f5fc, [PSH, ACK], window 0x0053, TCP header 32 bytes at 34.
        let f = try #require(fields(httpGetFrame))
        #expect(f.source == IPv4Address(10, 0, 0, 3) && f.destination == IPv4Address(10, 0, 1, 1))
        #expect(f.sourcePort == 49514 && f.destinationPort == 80)
        #expect(f.sequenceNumber == 0x3600_8a40 && f.acknowledgmentNumber == 0xf747_f5fc)
        #expect(f.flags == [.psh, .ack] && f.window == 0x53)
        #expect(f.payload == 66..<138)
        #expect(f.payload.count == 72)
        #expect(IPv4TCPFields(decoded(httpGetFrame)) == f)
    }

    @Test func answersNilForWhatItDoesNotRead() {
        #expect(fields(httpGetFrame, linkType: 113) == nil)  // not Ethernet
        var tagged = Array(httpGetFrame[..<12]) + [0x81, 0x00, 0x00, 0x0a] + Array(httpGetFrame[12...])
        #expect(fields(tagged) == nil)                        // a VLAN tag
        #expect(decoded(tagged).tcp != nil)                   // which the full decoder reads
        tagged = httpGetFrame
        tagged[20] |= 0x20                                    // more fragments
        #expect(fields(tagged) == nil)
        tagged = httpGetFrame
        tagged[21] = 0x01                                     // fragment offset 8
        #expect(fields(tagged) == nil)
        #expect(fields(Array(httpGetFrame.dropLast())) == nil) // IP total length beyond the frame
        #expect(decoded(Array(httpGetFrame.dropLast())).error != nil)
        tagged = httpGetFrame
        tagged[23] = 17                                       // UDP
        #expect(fields(tagged) == nil)
        tagged = httpGetFrame
        tagged[14] = 0x44                                     // IHL 4
        #expect(fields(tagged) == nil && decoded(tagged).error != nil)
        tagged = httpGetFrame
        tagged[46] = 0x40                                     // TCP data offset 4
        #expect(fields(tagged) == nil && decoded(tagged).error != nil)
        tagged = httpGetFrame
        tagged[46] = 0xf0                                     // data offset 60: still inside the 104-byte segment
        #expect(fields(tagged)?.payload == 94..<138 && IPv4TCPFields(decoded(tagged)) == fields(tagged))
        tagged = Array(httpGetFrame[..<54])                   // 20 bytes of TCP, IP length cut to match
        tagged[16] = 0; tagged[17] = 40
        #expect(fields(tagged) == nil && decoded(tagged).error != nil)  // data offset 32 beyond the segment
    }

    @Test func paddingIsNotPayload() throws {
        // A SYN-ACK padded to 80 bytes on the wire: the padding is no part of the segment.
        let padded = synAckFrame + [UInt8](repeating: 0, count: 6)
        let f = try #require(fields(padded))
        #expect(f.payload.isEmpty && f.payload.lowerBound == synAckFrame.count)
        #expect(IPv4TCPFields(decoded(padded)) == f)
    }

    /// Every frame of every fixture capture: where the fast path answers, the full decode gives the
    /// same fields; where the full decode is plain Ethernet/IPv4/TCP, the fast path answers.
    @Test(arguments: ["rr-basic/of.pcap", "rr-basic/dp.pcap", "rr-basic/dp-any.pcap", "rr-buggy-reverse/of.pcap",
                      "rr-buggy-reverse/dp.pcap", "rr-many/of.pcap", "rr-many/dp.pcap"])
    func agreesWithTheFullDecoder(_ capture: String) throws {
        let reader = try CaptureReader(path: fixturePath(capture))
        let linkType = reader.linkType.linktypeValue
        var answered = 0, frames = 0
        while let frame = try reader.next() {
            frames += 1
            let fast = DecodedPacket.ipv4TCP(linkType: linkType, frame.bytes)
            let full = IPv4TCPFields(DecodedPacket.decode(linkType: linkType, frame.bytes))
            #expect(fast == full, "frame \(frame.number) of \(capture)")
            if let fast {
                answered += 1
                // `decode`'s text line is written from the fields: the same columns as from the full decode.
                let packet = DecodedPacket.decode(linkType: linkType, frame.bytes)
                for column in [DecodedPacket.SummaryColumn.source, .destination, .protocol, .info] {
                    var a = ByteSink(), b = ByteSink()
                    fast.writeSummary(column, into: &a)
                    packet.writeSummary(column, into: &b)
                    #expect(a.string == b.string, "frame \(frame.number) of \(capture), \(column)")
                }
            }
        }
        // The control channel is all IPv4 TCP; the data plane about a third (ARP and IPv6 besides).
        if capture.hasSuffix("of.pcap") { #expect(answered == frames) }
        if capture == "rr-basic/dp.pcap" { #expect(answered == 80) }  // tshark: 80 TCP frames (FixtureCaptureTests)
        if capture.hasSuffix("dp-any.pcap") { #expect(answered == 0) }  // Linux cooked: always the full decoder
    }
}
