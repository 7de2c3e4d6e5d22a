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

/// A packet of the data plane: a frame of a capture taken on the switch's ports.
public struct DataPacket: Sendable {
    public var ref: FrameRef
    public var time: Timestamp
    /// The switch port it was captured on, when known (per-port files).
    public var switchPort: UInt16?
    public var packet: DecodedPacket
}

/// What a session's captures contribute to the timeline, in capture-time order.
///
/// Indirect: a decoded message or packet is some 600 bytes, and an event is handed from the file
/// to the merge to the engine; boxed, each hand-over is a reference count, not a copy.
public indirect enum SessionEvent: Sendable {
    case control(ControlMessage)
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
