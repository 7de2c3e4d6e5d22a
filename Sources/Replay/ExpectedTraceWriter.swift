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
        let file: CaptureWriter
        do { file = try CaptureWriter(path: path, precision: .nanosecond) } catch {
            throw ExpectedTraceError(description: error.description)
        }
        var writeError: CaptureWriteError?
        defer { try? file.close() }
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
            if writeError == nil {
                do { try file.write(frame, timestamp: time) } catch { writeError = error }
            }
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
        if let writeError { throw ExpectedTraceError(description: writeError.description) }
        do { try file.close() } catch { throw ExpectedTraceError(description: error.description) }
    }
}
