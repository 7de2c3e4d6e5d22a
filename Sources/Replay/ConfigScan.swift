import Capture
import OpenFlow
import Wire

/// The inference pass's reader: the session's files merged frame by frame in capture-time order
/// (ties: file order), delivering only what inference reads — the PACKET_OUTs and FLOW_MODs sent to
/// the switch, with the packet a PACKET_OUT carries decoded.
///
/// Why not `SessionScanner`: inference stops 30 s after the first probe, but a short capture (a
/// student's) ends before that, so the first pass read, decoded and replayed-as-events the whole
/// session a second time. Here a data-plane frame costs a timestamp comparison, and a control
/// message that inference ignores costs its header check.
///
/// Messages reach `body` in the order `SessionScanner` would deliver them (a message's time is that
/// of the frame completing it), so inference sees what it saw through the scanner; the one
/// difference, in damaged captures only, is that messages completed by a file's end (after a
/// hole) come after every frame. What damage the files hold is left for the replay pass to report.
///
/// A data-plane file is left to the replay: once a file that has shown no segment of a control
/// connection, while another file carries the control channel, meets `DataPlaneCut`'s rule, the
/// scan stops reading it. A lab session is short (20–40 s, under the 30 s window), so without
/// this the first pass read every data-plane frame too — a third of `check` on a session whose
/// data plane holds a million frames. The replay reads every file whole.
struct ConfigScan {
    /// When a file that has shown no control-channel segment, while another file has, is taken as
    /// data plane only and no longer read: whichever of the two rules is met first.
    struct DataPlaneCut {
        /// Seconds of the file's own capture without a control-channel segment. The controller is
        /// never quiet that long (it probes a server every 2.5 s; the switch echoes every 5 s when
        /// idle), so a file that carries the channel shows it well within this.
        var quiet: Double = 10
        /// Seconds after a control-channel segment seen in another file while this one was being
        /// captured. A file that carries the same channel holds the same segment at the same time
        /// (the lab's captures are taken on one machine, with one clock), so by then it would have
        /// shown one. The rule that cuts a busy session's data plane soonest: a grader's session
        /// read some 30,000 data-plane frames in the first pass under `quiet` alone, this reads a
        /// few thousand.
        var missed: Double = 1

        static let lab = DataPlaneCut()
    }
    /// A message inference may read: a PACKET_OUT or FLOW_MOD to the switch. The view's bytes are
    /// valid only during the call that receives it: inference reads a few fields of each message,
    /// and building the owned message (its action list allocated) was half of the scan's cost.
    struct Message {
        var ref: FrameRef
        var time: Timestamp
        var view: OFMessageView
        var packet: CarriedPacket?
    }

    /// The files that could not be opened (each a diagnostic), and the scan over the others.
    let openErrors: [InputDiagnostic]
    private var files: [(index: Int, reader: CaptureReader, channel: ControlChannel)] = []
    /// How many frames of each file (by position in `files`) the last `run` read: for tests.
    private(set) var framesRead: [Int] = []

    init(sources: SessionSources, controllerPorts: Set<UInt16>) {
        var errors: [InputDiagnostic] = []
        for (i, f) in sources.files.enumerated() {
            do {
                let reader = try CaptureReader(path: f.path)
                var configuration = ControlChannel.Configuration()
                configuration.controllerPorts = controllerPorts
                // Inference reads only messages to the switch: the other half is not framed.
                configuration.framesToController = false
                files.append((i, reader, ControlChannel(configuration: configuration)))
            } catch {
                errors.append(InputDiagnostic(severity: .error, file: f.path, offset: error.offset,
                                              message: "\(error.detail); the file was skipped"))
            }
        }
        openErrors = errors
    }

    var nothingReadable: Bool { files.isEmpty }

    /// Feeds `body` each message in time order until it answers false or every file ends. With
    /// `cut` nil, every file is read to its end.
    mutating func run(cut: DataPlaneCut? = .lab, _ body: (Message) -> Bool) {
        // One frame ahead per file: a frame's bytes stay valid until its own reader's next call.
        var heads: [Frame?] = files.map { Self.next($0.reader) }
        let firstTimes = heads.map { $0?.timestamp }
        var carriesControl = [Bool](repeating: false, count: files.count)
        var anyCarriesControl = false
        // Per file that has shown no control-channel segment: the first such segment another file
        // showed once this file had begun (nil: none yet).
        var missedSince = [Timestamp?](repeating: nil, count: files.count)
        framesRead = [Int](repeating: 0, count: files.count)
        var stopped = false
        while !stopped {
            var best: Int?
            for i in heads.indices {
                guard let h = heads[i] else { continue }
                if let b = best, let hb = heads[b], !(h.timestamp < hb.timestamp) { continue }
                best = i
            }
            guard let b = best, let frame = heads[b] else { break }
            let (fileIndex, reader, channel) = files[b]
            if let cut, anyCarriesControl, !carriesControl[b], let first = firstTimes[b],
               frame.timestamp.interval(since: first) > cut.quiet
                || missedSince[b].map({ frame.timestamp.interval(since: $0) > cut.missed }) == true {
                heads[b] = nil // data plane only: the replay reads it
                continue
            }
            framesRead[b] += 1
            if let segment = TCPSegmentInfo(frameBytes: frame.bytes, linkType: reader.linkType.linktypeValue, frame: frame.number,
                                            seconds: frame.timestamp.seconds, nanoseconds: frame.timestamp.nanoseconds) {
                let control = channel.process(segment) { event in
                    guard !stopped, case .message(let m) = event, m.context.direction == .toSwitch,
                          let delivered = Self.message(m, file: fileIndex, time: frame.timestamp) else { return }
                    if !body(delivered) { stopped = true }
                }
                if control {
                    if !carriesControl[b] { carriesControl[b] = true; anyCarriesControl = true }
                    for i in files.indices where !carriesControl[i] && missedSince[i] == nil {
                        if let first = firstTimes[i], !(frame.timestamp < first) { missedSince[i] = frame.timestamp }
                    }
                }
            }
            heads[b] = Self.next(reader)
        }
        // Messages completed only by the end of a file (none in a well-formed capture) come last,
        // as the scanner delivers them when that file ends.
        for (fileIndex, _, channel) in files where !stopped {
            channel.finish { event in
                guard !stopped, case .message(let m) = event, m.context.direction == .toSwitch,
                      let delivered = Self.message(m, file: fileIndex, time: Timestamp(m.timestamp)) else { return }
                if !body(delivered) { stopped = true }
            }
        }
    }

    /// The next frame, nil at the end or at damage (which the replay pass reports).
    private static func next(_ reader: CaptureReader) -> Frame? {
        (try? reader.next()) ?? nil
    }

    /// A PACKET_OUT or FLOW_MOD, checked; nil for any other type and for what does not decode.
    private static func message(_ m: OFStreamMessage, file: Int, time: Timestamp) -> Message? {
        guard m.version == ofVersion10, m.type == OFMessageType.packetOut.rawValue || m.type == OFMessageType.flowMod.rawValue,
              let view = try? OFMessageView(checking: m.bytes) else { return nil }
        var packet: CarriedPacket?
        if let range = view.dataRange, let data = m.bytes.slice(range), !data.isEmpty {
            packet = CarriedPacket(frame: data)
        }
        return Message(ref: FrameRef(file: file, frame: m.frame), time: time, view: view, packet: packet)
    }
}
