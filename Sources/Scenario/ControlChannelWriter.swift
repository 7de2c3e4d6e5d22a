import Capture
import OpenFlow
import Wire

/// The OpenFlow control channel as `tcpdump -i lo tcp port 6633` records it: one TCP
/// connection from the switch (127.0.0.1:33448) to the controller (127.0.0.1:6633), each
/// batch of messages one segment with correct sequence and acknowledgment numbers.
///
/// Invariant: `seq[side]` is the next sequence number that side sends; each segment
/// acknowledges everything the other side has sent so far.
final class ControlChannelWriter {
    enum Side { case toController, toSwitch }

    private let out: MonotonicWriter
    private var frame = FrameBuilder()
    private var payload: [UInt8] = []
    private var switchSeq: UInt32 = 0x5eed_0001
    private var controllerSeq: UInt32 = 0x0c0f_fee0
    private var switchIPID: UInt16 = 0x6700
    private var controllerIPID: UInt16 = 0x1200
    private var nextXid: UInt32 = 1

    init(path: String) throws(ScenarioError) { out = try MonotonicWriter(path: path) }

    var framesWritten: Int { out.writer.framesWritten }

    /// The controller's next transaction id.
    func xid() -> UInt32 {
        defer { nextXid &+= 1 }
        return nextXid
    }

    /// SYN, SYN-ACK, ACK from the switch's port to 6633.
    func handshake(at t: Int64) throws(ScenarioError) {
        try segment(.toController, flags: .syn, at: t, synOption: true)
        switchSeq &+= 1
        try segment(.toSwitch, flags: [.syn, .ack], at: t + 50, synOption: true)
        controllerSeq &+= 1
        try segment(.toController, flags: .ack, at: t + 70)
    }

    /// Sends `messages` in one segment; returns its frame number and timestamp (µs).
    @discardableResult
    func send(_ messages: [OFMessage], _ side: Side, at t: Int64) throws(ScenarioError) -> (frame: Int, time: Int64) {
        payload.removeAll(keepingCapacity: true)
        for m in messages { m.emit(into: &payload) }
        let r = try segment(side, flags: [.psh, .ack], at: t, payload: payload)
        if side == .toController { switchSeq &+= UInt32(payload.count) } else { controllerSeq &+= UInt32(payload.count) }
        return r
    }

    /// The controller's FIN/ACK and the switch's, closing the session.
    func close(at t: Int64) throws(ScenarioError) {
        try segment(.toSwitch, flags: [.fin, .ack], at: t)
        controllerSeq &+= 1
        try segment(.toController, flags: [.fin, .ack], at: t + 40)
        switchSeq &+= 1
        try segment(.toSwitch, flags: .ack, at: t + 60)
        try out.close()
    }

    @discardableResult
    private func segment(_ side: Side, flags: TCPFlags, at t: Int64, synOption: Bool = false,
                         payload: [UInt8] = []) throws(ScenarioError) -> (frame: Int, time: Int64) {
        let fromSwitch = side == .toController
        let id: UInt16
        if fromSwitch { id = switchIPID; switchIPID &+= 1 } else { id = controllerIPID; controllerIPID &+= 1 }
        let p = TCPPacket(srcMAC: .zero, dstMAC: .zero, srcIP: LabSetup.loopback, dstIP: LabSetup.loopback,
                          srcPort: fromSwitch ? LabSetup.switchTCPPort : LabSetup.controllerPort,
                          dstPort: fromSwitch ? LabSetup.controllerPort : LabSetup.switchTCPPort,
                          seq: fromSwitch ? switchSeq : controllerSeq,
                          ack: flags == .syn ? 0 : (fromSwitch ? controllerSeq : switchSeq),
                          flags: flags, window: 43690, mss: synOption, ipID: id, tos: 0xc0)
        frame.tcp(p, payload: payload)
        return try out.write(frame.bytes, at: t)
    }
}
