import CPcap
import Capture
import OpenFlow
import Wire

public struct ExpectedTraceError: Error, CustomStringConvertible {
    public var description: String
}

/// Writes an expected control channel as a pcap file Wireshark opens: Ethernet/IPv4/TCP over
/// 127.0.0.1, the switch on port 40000 + connection, the controller on 6653 (IANA's OpenFlow port,
/// which Wireshark decodes without `-d`). Each connection opens with a three-way handshake; each
/// message is one PSH/ACK segment (split at 65000 bytes) whose sequence and acknowledgement numbers
/// follow the bytes each side has sent, with valid IPv4 and TCP checksums. Timestamps keep
/// nanoseconds.
public struct ExpectedTraceWriter {
    public static let controllerPort: UInt16 = 6653
    static let loopback = IPv4Address(127, 0, 0, 1)
    static let maxSegment = 65000

    /// The TCP state of one control connection: the next sequence number each side will send.
    struct Flow {
        var switchPort: UInt16
        var switchNext: UInt32 = 1_000
        var controllerNext: UInt32 = 500_000
    }

    public static func write(_ messages: [ExpectedMessage], to path: String) throws(ExpectedTraceError) {
        let file = try PcapDumpFile(path: path)
        defer { file.close() }
        var flows: [Int: Flow] = [:]
        var ipID: UInt16 = 0
        var frame: [UInt8] = []
        frame.reserveCapacity(70_000)

        func segment(_ from: OFStreamDirection, _ flow: inout Flow, flags: TCPFlags, payload: ArraySlice<UInt8>, at time: Timestamp) {
            let toSwitch = from == .toSwitch
            let seq = toSwitch ? flow.controllerNext : flow.switchNext
            let ack = toSwitch ? flow.switchNext : flow.controllerNext
            let tcp = TCPRepr(sourcePort: toSwitch ? controllerPort : flow.switchPort, destinationPort: toSwitch ? flow.switchPort : controllerPort,
                              sequenceNumber: seq, acknowledgmentNumber: flags.contains(.ack) ? ack : 0, flags: flags)
            ipID &+= 1
            let ip = IPv4Repr(identification: ipID, protocolNumber: 6, source: loopback, destination: loopback,
                              payloadLength: tcp.headerLength + payload.count)
            frame.removeAll(keepingCapacity: true)
            EthernetRepr(destination: .zero, source: .zero, etherType: 0x0800).emit(into: &frame)
            ip.emit(into: &frame)
            payload.withUnsafeBytes { tcp.emit(into: &frame, payload: $0, source: loopback, destination: loopback) }
            file.dump(frame, at: time)
            let advance = UInt32(payload.count) + (flags.contains(.syn) ? 1 : 0)
            if toSwitch { flow.controllerNext &+= advance } else { flow.switchNext &+= advance }
        }

        for m in messages {
            var flow: Flow
            if let f = flows[m.connection] {
                flow = f
            } else {
                flow = Flow(switchPort: 40000 &+ UInt16(truncatingIfNeeded: m.connection))
                // The switch connects to the controller.
                segment(.toController, &flow, flags: .syn, payload: [], at: m.time)
                segment(.toSwitch, &flow, flags: [.syn, .ack], payload: [], at: m.time)
                segment(.toController, &flow, flags: .ack, payload: [], at: m.time)
            }
            let bytes = m.message.emit()
            var start = 0
            repeat {
                let end = min(bytes.count, start + maxSegment)
                segment(m.direction, &flow, flags: [.psh, .ack], payload: bytes[start..<end], at: m.time)
                start = end
            } while start < bytes.count
            flows[m.connection] = flow
        }
    }
}

/// A pcap file written through libpcap (`pcap_open_dead` + `pcap_dump_open`), Ethernet link type,
/// nanosecond timestamps. A private stand-in until the project's `CaptureWriter` lands.
final class PcapDumpFile {
    private var pcap: OpaquePointer?
    private var dumper: OpaquePointer?

    init(path: String) throws(ExpectedTraceError) {
        guard let p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262_144, UInt32(PCAP_TSTAMP_PRECISION_NANO)) else {
            throw ExpectedTraceError(description: "libpcap could not make a capture handle")
        }
        pcap = p
        guard let d = pcap_dump_open(p, path) else {
            let why = String(cString: pcap_geterr(p))
            pcap_close(p)
            pcap = nil
            throw ExpectedTraceError(description: "\(path): \(why)")
        }
        dumper = d
    }

    func dump(_ frame: [UInt8], at time: Timestamp) {
        guard let dumper else { return }
        var header = pcap_pkthdr()
        header.ts.tv_sec = Int(time.seconds)
        header.ts.tv_usec = Int(time.nanoseconds) // nanoseconds: the handle was opened with nano precision
        header.caplen = UInt32(frame.count)
        header.len = UInt32(frame.count)
        frame.withUnsafeBufferPointer { buf in
            pcap_dump(UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self), &header, buf.baseAddress)
        }
    }

    func close() {
        if let d = dumper { pcap_dump_close(d); dumper = nil }
        if let p = pcap { pcap_close(p); pcap = nil }
    }

    deinit { close() }
}
