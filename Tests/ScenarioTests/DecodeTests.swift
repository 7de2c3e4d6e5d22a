import Capture
import Foundation
import OpenFlow
import Testing
import Wire
@testable import Scenario

/// Runs tshark with `arguments`; nil when tshark is not installed.
func runTshark(_ arguments: [String]) -> (status: Int32, output: String)? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["tshark"] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus == 127 { return nil }
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

let tsharkInstalled = runTshark(["-v"]) != nil

/// The synthesised files decode with our own decoders and with tshark.
@Suite struct DecodeTests {
    static let scenario = Scenario(clients: basicClients)

    /// Every of.pcap frame: valid IPv4 and TCP checksums, each direction's sequence numbers
    /// contiguous and acknowledged exactly, each segment whole OpenFlow 1.0 messages that parse
    /// and re-emit to the same bytes.
    @Test func controlChannelDecodesWithOurDecoders() throws {
        let dir = temporaryFolder("decode")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var records: [ConnectionRecord] = []
        try ScenarioSynthesizer.write(Self.scenario, to: dir) { records.append($0) }
        let reader = try CaptureReader(path: dir + "/of.pcap")
        var next: [UInt16: UInt32] = [:] // source port -> next sequence number
        var types: [Int: [OFMessageType]] = [:]
        var last = Timestamp(seconds: 0, nanoseconds: 0)
        while let f = try reader.next() {
            #expect(f.timestamp >= last)
            last = f.timestamp
            let d = DecodedPacket.decode(linkType: 1, f.bytes)
            #expect(d.error == nil && d.ipChecksumValid == true && d.transportChecksumValid == true, "frame \(f.number)")
            let tcp = try #require(d.tcp)
            let ip = try #require(d.ipv4)
            #expect(ip.source == IPv4Address(127, 0, 0, 1) && ip.destination == IPv4Address(127, 0, 0, 1))
            let other: UInt16 = tcp.sourcePort == 6633 ? 33448 : 6633
            if let expected = next[tcp.sourcePort] { #expect(tcp.sequenceNumber == expected, "frame \(f.number)") }
            if tcp.flags.contains(.ack), let peer = next[other] { #expect(tcp.acknowledgmentNumber == peer, "frame \(f.number)") }
            let payload = Array(f.bytes[d.payload])
            let advance = payload.count + (tcp.flags.contains(.syn) || tcp.flags.contains(.fin) ? 1 : 0)
            next[tcp.sourcePort] = tcp.sequenceNumber &+ UInt32(advance)
            var at = 0
            while at < payload.count {
                let length = Int(payload[at + 2]) << 8 | Int(payload[at + 3])
                let bytes = Array(payload[at..<at + length])
                let m = try OFMessage(parsing: bytes)
                #expect(m.version == 1)
                #expect(m.emit() == bytes, "frame \(f.number)")
                types[f.number, default: []].append(OFMessageType(rawValue: m.rawType)!)
                at += length
            }
            #expect(at == payload.count)
        }
        #expect(types[4] == [.hello] && types[5] == [.hello] && types[6] == [.featuresRequest])
        #expect(types[7] == [.featuresReply] && types[8] == [.setConfig] && types[9] == [.flowMod])
        for r in records {
            #expect(types[r.forwardPacketIn!] == [.packetIn])
            #expect(types[r.forwardFlowMod!] == [.flowMod, .barrierRequest, .packetOut])
            #expect(types[r.reversePacketIn!] == [.packetIn])
            #expect(types[r.reverseFlowMod!] == [.flowMod, .barrierRequest, .packetOut])
        }
    }

    /// Every dp.pcap frame decodes with valid checksums; the forward SYN appears twice (entering, rewritten).
    @Test func dataPlaneDecodesWithOurDecoders() throws {
        let dir = temporaryFolder("decode-dp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var records: [ConnectionRecord] = []
        try ScenarioSynthesizer.write(Self.scenario, to: dir) { records.append($0) }
        let reader = try CaptureReader(path: dir + "/dp.pcap")
        var frames: [Int: DecodedPacket] = [:]
        while let f = try reader.next() {
            let d = DecodedPacket.decode(linkType: 1, f.bytes)
            #expect(d.error == nil, "frame \(f.number)")
            if d.ipv4 != nil { #expect(d.ipChecksumValid == true && d.transportChecksumValid == true, "frame \(f.number)") }
            frames[f.number] = d
        }
        for r in records {
            let syn = try #require(frames[r.clientSYN!])
            let out = try #require(frames[r.clientSYN! + 1])
            #expect(syn.ipv4?.destination == IPv4Address(10, 0, 1, 1) && syn.ethernet?.destination == MACAddress(rawValue: 1))
            #expect(out.ipv4?.destination == r.server && out.tcp?.sequenceNumber == syn.tcp?.sequenceNumber)
            #expect(out.ethernet?.destination == MACAddress(rawValue: UInt64(r.server!.rawValue & 0xff)))
        }
    }

    /// tshark decodes both files (the control channel as OpenFlow on 6633) with no malformed
    /// packet and no expert item of severity error.
    @Test(.enabled(if: tsharkInstalled, "tshark is not installed"))
    func tsharkFindsNothingMalformed() throws {
        let dir = temporaryFolder("tshark")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(Self.scenario, to: dir)
        for file in ["of.pcap", "dp.pcap"] {
            let r = try #require(runTshark(["-r", dir + "/" + file, "-d", "tcp.port==6633,openflow", "-q", "-z", "expert"]))
            #expect(r.status == 0)
            #expect(!r.output.contains("Errors ("), "\(file):\n\(r.output)")
            #expect(!r.output.contains("Malformed"), "\(file):\n\(r.output)")
            #expect(!r.output.contains("Bad checksum"), "\(file):\n\(r.output)")
        }
        let list = try #require(runTshark(["-r", dir + "/of.pcap", "-d", "tcp.port==6633,openflow", "-T", "fields", "-e", "openflow_1_0.type"]))
        let types = list.output.split(separator: "\n").flatMap { $0.split(separator: ",") }
        #expect(types.filter { $0 == "14" }.count == 9) // FLOW_MODs: the ARP responder's and two for each of 4 connections
        #expect(types.filter { $0 == "10" }.count >= 8) // PACKET_INs
    }
}
