import Wire

extension TCPSegmentInfo {
    /// The segment a decoded frame carries, ready for `ControlChannel.process`; nil when the frame is
    /// not IPv4 TCP, or is a non-first IPv4 fragment (no TCP header). `frameBytes` are the bytes
    /// `packet` was decoded from: the payload is borrowed from them, not copied.
    @inlinable
    public init?(_ packet: DecodedPacket, frameBytes: UnsafeRawBufferPointer, frame: Int, seconds: Int64, nanoseconds: UInt32) {
        guard let ip = packet.ipv4, let tcp = packet.tcp, ip.fragmentOffset == 0 else { return nil }
        self.init(
            source: TCPEndpoint(address: ip.source, port: tcp.sourcePort),
            destination: TCPEndpoint(address: ip.destination, port: tcp.destinationPort),
            sequenceNumber: tcp.sequenceNumber, acknowledgmentNumber: tcp.acknowledgmentNumber,
            flags: UInt8(truncatingIfNeeded: tcp.flags.rawValue),
            payload: frameBytes.slice(packet.payload) ?? UnsafeRawBufferPointer(start: nil, count: 0),
            frame: frame, timestamp: StreamTimestamp(seconds: seconds, nanoseconds: nanoseconds))
    }
}

extension TCPSegmentInfo {
    /// The segment of a frame read by the fast path (`DecodedPacket.ipv4TCP`); the payload is
    /// borrowed from `frameBytes`.
    @inlinable
    public init(_ fields: IPv4TCPFields, frameBytes: UnsafeRawBufferPointer, frame: Int, seconds: Int64, nanoseconds: UInt32) {
        self.init(
            source: TCPEndpoint(address: fields.source, port: fields.sourcePort),
            destination: TCPEndpoint(address: fields.destination, port: fields.destinationPort),
            sequenceNumber: fields.sequenceNumber, acknowledgmentNumber: fields.acknowledgmentNumber,
            flags: fields.flags.rawValue,
            payload: UnsafeRawBufferPointer(rebasing: frameBytes[fields.payload]),
            frame: frame, timestamp: StreamTimestamp(seconds: seconds, nanoseconds: nanoseconds))
    }
}

extension TCPSegmentInfo {
    /// The TCP segment a captured frame carries, read by the fast path (`DecodedPacket.ipv4TCP`)
    /// when it answers, else from a full decode (checksums not verified); nil when the frame holds
    /// no IPv4 TCP segment. For readers that want the segment alone: one that also wants the
    /// decoded packet of a frame that is not a segment decodes it itself.
    @inlinable
    public init?(frameBytes: UnsafeRawBufferPointer, linkType: Int32, frame: Int, seconds: Int64, nanoseconds: UInt32) {
        if let fields = DecodedPacket.ipv4TCP(linkType: linkType, frameBytes) {
            self.init(fields, frameBytes: frameBytes, frame: frame, seconds: seconds, nanoseconds: nanoseconds)
        } else {
            self.init(DecodedPacket.decode(linkType: linkType, frameBytes, verifyingChecksums: false),
                      frameBytes: frameBytes, frame: frame, seconds: seconds, nanoseconds: nanoseconds)
        }
    }
}
