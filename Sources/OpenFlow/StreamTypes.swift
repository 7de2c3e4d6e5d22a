import Wire

// The input of the control-channel reassembler: one TCP segment, already
// decoded by whoever read the frame. OpenFlow cannot see the Wire TCP view or
// the Capture timestamp, so the caller copies the few fields we need into
// plain values here.

/// A capture timestamp: seconds since the epoch plus nanoseconds.
///
/// Invariant: `nanoseconds < 1_000_000_000` when built by `init(seconds:nanoseconds:)`.
/// It mirrors `Capture.Timestamp`, which this module cannot import.
public struct StreamTimestamp: Hashable, Comparable, Sendable {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds + Int64(nanoseconds / 1_000_000_000)
        self.nanoseconds = nanoseconds % 1_000_000_000
    }

    public static let zero = StreamTimestamp(seconds: 0, nanoseconds: 0)

    public static func < (a: StreamTimestamp, b: StreamTimestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}

/// One side of a TCP connection.
public struct TCPEndpoint: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var port: UInt16

    public init(address: IPv4Address, port: UInt16) {
        self.address = address
        self.port = port
    }

    public static func < (a: TCPEndpoint, b: TCPEndpoint) -> Bool {
        (a.address.rawValue, a.port) < (b.address.rawValue, b.port)
    }

    public var description: String { "\(address):\(port)" }
}

/// The fields of one TCP segment that stream reassembly needs.
///
/// `payload` is borrowed: it must stay valid for the duration of the
/// `ControlChannel.process` call only. Nothing keeps a reference to it
/// afterwards; bytes that must outlive the call are copied.
public struct TCPSegmentInfo {
    public var source: TCPEndpoint
    public var destination: TCPEndpoint
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    /// The raw flags byte of the TCP header (offset 13): FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10.
    public var flags: UInt8
    public var payload: UnsafeRawBufferPointer
    /// The capture frame number (1-based, as tshark counts).
    public var frame: Int
    public var timestamp: StreamTimestamp

    public static let fin: UInt8 = 0x01
    public static let syn: UInt8 = 0x02
    public static let rst: UInt8 = 0x04
    public static let psh: UInt8 = 0x08
    public static let ack: UInt8 = 0x10

    public init(
        source: TCPEndpoint, destination: TCPEndpoint,
        sequenceNumber: UInt32, acknowledgmentNumber: UInt32, flags: UInt8,
        payload: UnsafeRawBufferPointer, frame: Int, timestamp: StreamTimestamp
    ) {
        self.source = source
        self.destination = destination
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.payload = payload
        self.frame = frame
        self.timestamp = timestamp
    }

    @inlinable public var isSYN: Bool { flags & Self.syn != 0 }
    @inlinable public var isFIN: Bool { flags & Self.fin != 0 }
    @inlinable public var isRST: Bool { flags & Self.rst != 0 }
    @inlinable public var isACK: Bool { flags & Self.ack != 0 }
}

/// Which way a message travels on the control channel.
public enum OFStreamDirection: Hashable, Sendable {
    /// Sent by the switch (PACKET_IN, FEATURES_REPLY, BARRIER_REPLY, ...).
    case toController
    /// Sent by the controller (FLOW_MOD, PACKET_OUT, ...).
    case toSwitch
}

/// One control connection as seen in the capture.
///
/// `serial` tells apart connections that reuse the same 4-tuple (a switch
/// that reconnects from the same port); it counts connections in the order
/// the channel first saw them, from 1.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public var serial: Int
    public var controller: TCPEndpoint
    public var `switch`: TCPEndpoint

    public init(serial: Int, controller: TCPEndpoint, switch sw: TCPEndpoint) {
        self.serial = serial
        self.controller = controller
        self.switch = sw
    }

    public var description: String { "#\(serial) \(self.switch) -> \(controller)" }
}
