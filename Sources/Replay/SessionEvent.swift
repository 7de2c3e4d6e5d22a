import Capture
import OpenFlow
import Wire

/// A control-channel message, decoded and owned, with the frame that completed it.
public struct ControlMessage: Sendable {
    public var ref: FrameRef
    /// The frame holding the message's first byte (differs from `ref.frame` when it spans segments).
    public var firstFrame: Int
    public var time: Timestamp
    public var direction: OFStreamDirection
    /// The control connection's serial number (1 for the first switch connection seen).
    public var connection: Int
    public var datapathID: UInt64?
    /// The message; a PACKET_IN's or PACKET_OUT's `data` is empty when the scanner was told not
    /// to keep it (`SessionScanner(keepsPacketData: false)`, as replay does): `packet` has it decoded.
    public var message: OFMessage
    /// What replay needs of the Ethernet frame inside a PACKET_IN or PACKET_OUT.
    public var packet: CarriedPacket?
}

extension OFStreamDirection: CustomStringConvertible {
    public var description: String { self == .toController ? "to_controller" : "to_switch" }
}

/// A packet of the data plane: a frame of a capture taken on the switch's ports, as the facts the
/// replay reads of it.
///
/// Why not the decoded packet: a `DecodedPacket` is some 600 bytes of every layer's fields, built
/// for each of a data-plane capture's millions of frames, moved through the merge and read for a
/// dozen bytes; a plain IPv4 TCP frame's facts come from the fast path (`DecodedPacket.ipv4TCP`)
/// without decoding it at all.
public struct DataPacket: Equatable, Sendable {
    public var ref: FrameRef
    public var time: Timestamp
    /// The switch port it was captured on, when known (per-port files).
    public var switchPort: UInt16?
    /// The TCP segment it carries, when it is IPv4 TCP.
    public var segment: DataSegment?
    /// Whether a Linux cooked capture saw it leaving the host (nil: another link type, or not said).
    public var outgoing: Bool?

    public init(ref: FrameRef, time: Timestamp, switchPort: UInt16?, segment: DataSegment?, outgoing: Bool?) {
        self.ref = ref; self.time = time; self.switchPort = switchPort; self.segment = segment; self.outgoing = outgoing
    }

    /// The facts of a fully decoded frame.
    public init(ref: FrameRef, time: Timestamp, switchPort: UInt16?, packet: DecodedPacket) {
        var segment: DataSegment?
        if let ip = packet.ipv4, let t = packet.tcp {
            segment = DataSegment(source: ip.source, sourcePort: t.sourcePort, destination: ip.destination,
                                  destinationPort: t.destinationPort, flags: t.flags, sequenceNumber: t.sequenceNumber)
        }
        self.init(ref: ref, time: time, switchPort: switchPort, segment: segment,
                  outgoing: packet.cooked?.direction.map { $0 == .outgoing })
    }

    /// The facts of a plain Ethernet/IPv4/TCP frame, from the fast path's fields (equal to a full
    /// decode's: see `IPv4TCPFields`).
    public init(ref: FrameRef, time: Timestamp, switchPort: UInt16?, fields f: IPv4TCPFields) {
        self.init(ref: ref, time: time, switchPort: switchPort,
                  segment: DataSegment(source: f.source, sourcePort: f.sourcePort, destination: f.destination,
                                       destinationPort: f.destinationPort, flags: f.flags, sequenceNumber: f.sequenceNumber),
                  outgoing: nil)
    }
}

/// An IPv4 TCP segment of the data plane, seen from its sender: what the replay reads of it.
public struct DataSegment: Equatable, Sendable {
    public var source: IPv4Address
    public var sourcePort: UInt16
    public var destination: IPv4Address
    public var destinationPort: UInt16
    public var flags: TCPFlags
    public var sequenceNumber: UInt32

    public init(source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16,
                flags: TCPFlags, sequenceNumber: UInt32) {
        self.source = source; self.sourcePort = sourcePort; self.destination = destination
        self.destinationPort = destinationPort; self.flags = flags; self.sequenceNumber = sequenceNumber
    }
}

/// What a session's captures contribute to the timeline, in capture-time order.
///
/// A control message is boxed (`indirect`): a decoded message is some 600 bytes, handed from the
/// file to the merge to the engine, and boxed each hand-over is a reference count, not a copy. A
/// data-plane packet's facts are a few dozen bytes, and a data-plane capture has millions: held
/// inline, they cost no allocation each.
public enum SessionEvent: Sendable {
    indirect case control(ControlMessage)
    case data(DataPacket)

    public var time: Timestamp {
        switch self {
        case .control(let c): c.time
        case .data(let d): d.time
        }
    }

    public var ref: FrameRef {
        switch self {
        case .control(let c): c.ref
        case .data(let d): d.ref
        }
    }
}

/// Something in the input that could not be used, and what was skipped because of it.
public struct InputDiagnostic: Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var file: String
    public var frame: Int?
    public var offset: Int64?
    public var message: String

    public init(severity: Severity, file: String, frame: Int? = nil, offset: Int64? = nil, message: String) {
        self.severity = severity; self.file = file; self.frame = frame; self.offset = offset; self.message = message
    }

    public var description: String {
        var s = file
        if let frame { s += ": frame \(frame)" }
        if let offset { s += " (offset \(offset))" }
        return s + ": " + message
    }
}

extension Timestamp {
    init(_ t: StreamTimestamp) { self.init(seconds: t.seconds, nanoseconds: t.nanoseconds) }
}

extension StreamTimestamp {
    init(_ t: Timestamp) { self.init(seconds: t.seconds, nanoseconds: t.nanoseconds) }
}
