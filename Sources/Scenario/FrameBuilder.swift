import Capture
import Wire

/// An Ethernet/IPv4/TCP packet as the synthesiser describes it before building bytes.
struct TCPPacket {
    var srcMAC: MACAddress
    var dstMAC: MACAddress
    var srcIP: IPv4Address
    var dstIP: IPv4Address
    var srcPort: UInt16
    var dstPort: UInt16
    var seq: UInt32
    var ack: UInt32
    var flags: TCPFlags
    var window: UInt16 = 42340
    /// Only SYNs carry an option (MSS 1460), as a Linux stack's would (trimmed to the one that matters).
    var mss: Bool = false
    var ipID: UInt16 = 0
    var tos: UInt8 = 0
}

/// Builds frames into one reused buffer; no allocation per frame once the buffer has grown.
struct FrameBuilder {
    private(set) var bytes: [UInt8] = []
    private static let mssOption = OptionBytes([2, 4, 0x05, 0xb4])!

    init() { bytes.reserveCapacity(2048) }

    /// Ethernet + IPv4 + TCP with both checksums, payload from `payload`.
    mutating func tcp(_ p: TCPPacket, payload: UnsafeRawBufferPointer) {
        bytes.removeAll(keepingCapacity: true)
        EthernetRepr(destination: p.dstMAC, source: p.srcMAC, etherType: EtherType.ipv4).emit(into: &bytes)
        let tcp = TCPRepr(sourcePort: p.srcPort, destinationPort: p.dstPort, sequenceNumber: p.seq,
                          acknowledgmentNumber: p.ack, flags: p.flags, window: p.window,
                          options: p.mss ? Self.mssOption : OptionBytes())
        IPv4Repr(tos: p.tos, identification: p.ipID, protocolNumber: IPProtocol.tcp, source: p.srcIP, destination: p.dstIP,
                 payloadLength: tcp.headerLength + payload.count).emit(into: &bytes)
        tcp.emit(into: &bytes, payload: payload, source: p.srcIP, destination: p.dstIP)
    }

    mutating func tcp(_ p: TCPPacket, payload: [UInt8] = []) {
        payload.withUnsafeBytes { tcp(p, payload: $0) }
    }

    /// Ethernet + ARP (42 bytes, unpadded as the veth captures show them).
    mutating func arp(_ a: ARPRepr, srcMAC: MACAddress, dstMAC: MACAddress) {
        bytes.removeAll(keepingCapacity: true)
        EthernetRepr(destination: dstMAC, source: srcMAC, etherType: EtherType.arp).emit(into: &bytes)
        a.emit(into: &bytes)
    }
}

/// Microseconds since the epoch as a capture timestamp.
@inline(__always)
func timestamp(_ micros: Int64) -> Timestamp {
    Timestamp(seconds: micros / 1_000_000, nanoseconds: UInt32(micros % 1_000_000) * 1000)
}

/// A capture file whose timestamps never go backwards: a frame stamped before the previous
/// one is written at the previous one's time (steps of one connection are scheduled ahead and
/// may interleave with another's by a few microseconds).
final class MonotonicWriter {
    let writer: CaptureWriter
    private(set) var last: Int64 = .min

    init(path: String) throws(ScenarioError) {
        do throws(CaptureWriteError) { writer = try CaptureWriter(path: path) }
        catch { throw .write(error.description) }
    }

    /// Writes `bytes` at `micros` (or later); returns the frame number and the time used.
    @discardableResult
    func write(_ bytes: [UInt8], at micros: Int64) throws(ScenarioError) -> (frame: Int, time: Int64) {
        let t = max(micros, last)
        last = t
        do throws(CaptureWriteError) { try writer.write(bytes, timestamp: timestamp(t)) }
        catch { throw .write(error.description) }
        return (writer.framesWritten, t)
    }

    func close() throws(ScenarioError) {
        do throws(CaptureWriteError) { try writer.close() }
        catch { throw .write(error.description) }
    }
}
