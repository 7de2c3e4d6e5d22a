// libFuzzer target: the control-channel reassembler and framer over an arbitrary sequence of
// segments (see Segments.swift for the layout). Checks the accounting: every message handed out
// is exactly its header's length, at least 8 bytes, and memory stays within the documented bounds.
import OpenFlow
import Wire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStream(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var configuration = ControlChannel.Configuration()
    // Small limits so the fuzzer reaches eviction and held-byte bounds with short inputs.
    configuration.limits.maxConnections = 3
    configuration.limits.maxHeldSegments = 8
    configuration.limits.maxHeldBytes = 2048
    let channel = ControlChannel(configuration: configuration)
    var frame = 0
    var seconds: Int64 = 1_700_000_000, micros: UInt32 = 0
    let check: (OFStreamEvent) -> Void = { event in
        if case .message(let m) = event {
            precondition(m.bytes.count >= 8 && m.bytes.count == Int(m.bytes.u16(2)), "a framed message is not its header's length")
            precondition(m.firstFrame <= m.frame, "a message ends before it starts")
            _ = try? OFMessage(parsing: m.bytes)
        }
    }
    for s in parseSegments(bytes) {
        frame += 1
        micros += s.delay
        seconds += Int64(micros / 1_000_000); micros %= 1_000_000
        let payload = UnsafeRawBufferPointer(rebasing: bytes[s.payload])
        let sw = TCPEndpoint(address: controllerIP, port: UInt16(40000 + s.connection))
        let ctl = TCPEndpoint(address: controllerIP, port: s.dataPlane ? 7000 : controllerPort)
        let segment = TCPSegmentInfo(
            source: s.toController ? sw : ctl, destination: s.toController ? ctl : sw,
            sequenceNumber: s.sequenceNumber, acknowledgmentNumber: s.acknowledgmentNumber, flags: s.flags,
            payload: payload, frame: frame, timestamp: StreamTimestamp(seconds: seconds, nanoseconds: micros * 1000))
        channel.process(segment, check)
        precondition(channel.connectionCount <= configuration.limits.maxConnections, "connection table over its bound")
    }
    channel.finish(check)
    return 0
}
