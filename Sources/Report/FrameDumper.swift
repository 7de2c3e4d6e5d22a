import Capture
import OpenFlow
import Wire

/// Decodes one capture file frame by frame for `lbtrace decode`: every layer through Wire, the
/// control channel reassembled and framed, each OpenFlow message rendered in the frame that
/// completes it (with the packet inside PACKET_IN/PACKET_OUT decoded in turn).
///
/// Output goes to a sink in chunks of whole lines (about `flushSize` bytes each): handing over and
/// copying every line separately cost a tenth of `decode --json`. The per-frame path allocates
/// nothing once the buffer has grown: layers are values, messages are views over the reassembled
/// bytes, and text is written straight into the reused buffer.
public final class FrameDumper {
    public struct Options: Sendable {
        public var json = false
        /// Only frames that complete an OpenFlow message (or report damage to the channel).
        public var controlOnly = false
        public var controllerPorts: Set<UInt16> = [6633, 6653]
        /// Written as `file` in each JSON object, when set.
        public var fileLabel: String?
        public init() {}
    }

    /// What a run read, and where it stopped.
    public struct Outcome: Sendable {
        public var frames = 0
        public var bytes = 0
        public var messages = 0
        /// Damage that ended the read early (the frames before it were decoded).
        public var damage: CaptureError?
        /// Gaps, garbage and undecodable messages in the control channel, and damaged records
        /// (at most `FrameDumper.problemLimit`; the rest are counted in `unlistedProblems`).
        public var streamProblems: [String] = []
        public var unlistedProblems = 0
        /// Records damaged without ending the file (longer than the snapshot length).
        public var damagedRecords = 0
    }

    /// Problems listed per file: a capture damaged in every frame must not grow a list per packet.
    public static let problemLimit = 1000

    let reader: CaptureReader
    let options: Options
    let channel: ControlChannel
    // `@exclusivity(unchecked)`: only this class's methods touch these, one frame at a time; the
    // channel's callback (`note`) runs inside `dump` but `dump` holds no access across the call.
    // The dynamic checks cost a tenth of text decoding.
    /// The lines not yet handed to the sink, JSON or text.
    @exclusivity(unchecked) private var w = JSONWriter(capacity: FrameDumper.flushSize + (1 << 16))
    @exclusivity(unchecked) private var firstTime: Timestamp?
    @exclusivity(unchecked) private var frameMessages = 0
    @exclusivity(unchecked) private var outcome = Outcome()
    /// Problems listed so far (handed over already, or still in `outcome`), against `problemLimit`.
    @exclusivity(unchecked) private var problemsListed = 0
    /// The address columns of the last plain IPv4 TCP line, `a → b`, and the addresses they are of:
    /// a control channel's frames all carry the same two, written once rather than per frame.
    @exclusivity(unchecked) private var addressText = ByteSink(capacity: 64)
    @exclusivity(unchecked) private var addressPair: (source: UInt32, destination: UInt32)?

    public init(path: String, options: Options) throws(CaptureError) {
        reader = try CaptureReader(path: path)
        self.options = options
        var c = ControlChannel.Configuration()
        c.controllerPorts = options.controllerPorts
        channel = ControlChannel(configuration: c)
    }

    /// Output is handed over once this many bytes of lines have been written (after every frame
    /// when the capture is a stream: see `readsStream`).
    public static let flushSize = 1 << 20

    /// Whether the capture is read as it comes (standard input, a pipe): lines are handed over frame by frame.
    public var readsStream: Bool { reader.isStream }

    /// Decodes the whole file, handing the rendered lines (each ending in a newline) to `sink`
    /// in chunks of whole lines. From a stream (`readsStream`), the problems a frame showed are
    /// handed to `problems` right after its lines, not kept for `Outcome.streamProblems`, so that
    /// a capture being followed reports a gap when it happens; those still in the outcome (every
    /// one, from a file) are for the caller to report.
    public func run(_ sink: (UnsafeRawBufferPointer) -> Void, problems: ((String) -> Void)? = nil) -> Outcome {
        while true {
            let frame: Frame?
            do { frame = try reader.next() } catch {
                outcome.damage = error
                break
            }
            guard let frame else { break }
            outcome.frames += 1
            outcome.bytes += frame.capturedLength
            if let claimed = frame.claimedBeyondSnapshot {
                outcome.damagedRecords += 1
                problem("frame \(frame.number) (offset \(frame.fileOffset)): the record claims \(claimed) bytes, more than the file's snapshot length \(reader.snapshotLength); only \(frame.capturedLength) were read")
            } else if frame.capturedLength == 0 {
                problem("frame \(frame.number) (offset \(frame.fileOffset)): an empty record (0 bytes captured, \(frame.originalLength) on the wire)")
            }
            dump(frame)
            // A stream may be a capture still being written (`tcpdump -w - | lbtrace decode -`):
            // each frame's line goes out as soon as it is decoded.
            if w.sink.count >= Self.flushSize || reader.isStream { flush(sink) }
            if reader.isStream, let problems, !outcome.streamProblems.isEmpty {
                for p in outcome.streamProblems { problems(p) }
                outcome.streamProblems.removeAll(keepingCapacity: true)
            }
        }
        flush(sink)
        channel.finish { event in note(event, frame: nil) }
        // What the last events wrote belongs to no frame's line: it is not output.
        w.reset()
        return outcome
    }

    private func flush(_ sink: (UnsafeRawBufferPointer) -> Void) {
        if w.sink.count > 0 { w.withUnsafeBytes { sink($0) } }
        w.reset()
    }

    /// Appends the frame's line to `w` (or nothing, for a frame `controlOnly` leaves out).
    private func dump(_ frame: Frame) {
        let linkType = reader.linkType.linktypeValue
        if !options.json {
            // A text line of a plain IPv4 TCP frame needs only the fast path's fields.
            if let fields = DecodedPacket.ipv4TCP(linkType: linkType, frame.bytes) {
                dumpText(frame, fields, segment: TCPSegmentInfo(fields, frameBytes: frame.bytes, frame: frame.number,
                                                                seconds: frame.timestamp.seconds,
                                                                nanoseconds: frame.timestamp.nanoseconds))
            } else {
                // Text lines do not show checksums: do not compute them.
                let packet = DecodedPacket.decode(linkType: linkType, frame.bytes, verifyingChecksums: false)
                dumpText(frame, packet, segment: TCPSegmentInfo(packet, frameBytes: frame.bytes, frame: frame.number,
                                                                seconds: frame.timestamp.seconds,
                                                                nanoseconds: frame.timestamp.nanoseconds))
            }
            return
        }
        let packet = DecodedPacket.decode(linkType: linkType, frame.bytes)
        if firstTime == nil { firstTime = frame.timestamp }
        frameMessages = 0
        let lineStart = w.sink.count
        w.beginObject()
        if let label = options.fileLabel { w.key("file"); w.string(label) }
        w.field("frame", frame.number)
        w.key("time")
        // Exact to the nanosecond in the range a real capture has; a damaged one's far-off time as a double.
        if frame.timestamp.isNanosecondExact { w.fixedPoint(frame.timestamp.totalNanoseconds, fractionDigits: 9) }
        else { w.number(frame.timestamp.secondsSinceEpoch) }
        w.field("caplen", frame.capturedLength)
        w.field("len", frame.originalLength)
        packet.writeJSON(into: &w)
        w.key("openflow"); w.beginArray()
        if let segment = TCPSegmentInfo(packet, frameBytes: frame.bytes, frame: frame.number,
                                        seconds: frame.timestamp.seconds, nanoseconds: frame.timestamp.nanoseconds) {
            channel.process(segment) { event in note(event, frame: frame.number) }
        }
        w.endArray()
        w.endObject()
        w.newline()
        if options.controlOnly && frameMessages == 0 { w.removeLine(from: lineStart) }
    }

    /// `dump` for a text line, from either a full decode or the fast path's fields.
    private func dumpText<Packet: SummaryColumns>(_ frame: Frame, _ packet: Packet, segment: TCPSegmentInfo?) {
        if firstTime == nil { firstTime = frame.timestamp }
        frameMessages = 0
        let lineStart = w.sink.count
        // The line's start does not depend on the messages: written now, the message texts
        // follow it straight into the buffer as the channel reports them.
        Self.writeNumberAndTime(number: frame.number, seconds: frame.timestamp.interval(since: firstTime!), into: &w.sink)
        if let fields = packet as? IPv4TCPFields { writeAddresses(fields) } else { Self.writeAddresses(packet, into: &w.sink) }
        if let segment { channel.process(segment) { event in note(event, frame: frame.number) } }
        if frameMessages > 0 {
            w.sink.appendText("\n")
        } else if options.controlOnly {
            w.removeLine(from: lineStart)
        } else {
            Self.writeLineEnd(packet, into: &w.sink)
        }
    }

    private func note(_ event: OFStreamEvent, frame: Int?) {
        switch event {
        case .message(let m):
            outcome.messages += 1
            frameMessages += 1
            do {
                let view = try OFMessageView(checking: m.bytes)
                if options.json {
                    view.writeJSON(into: &w, direction: m.context.direction == .toSwitch ? "to_switch" : "to_controller") { w, data in
                        w.key("data"); w.beginObject()
                        DecodedPacket.decode(linkType: 1, data).writeJSON(into: &w)
                        w.endObject()
                    }
                } else {
                    Self.writeMessageText(view, m.bytes, first: frameMessages == 1, into: &w.sink)
                }
            } catch {
                let text = "frame \(m.frame): OpenFlow message at stream offset \(m.streamOffset) is malformed: \(error)"
                problem(text)
                if options.json {
                    w.beginObject()
                    w.field("version", m.version)
                    w.field("type_number", m.type)
                    w.field("xid", m.xid)
                    w.field("length", m.length)
                    w.key("malformed"); w.string(String(describing: error))
                    w.endObject()
                } else {
                    let separator: StaticString = frameMessages == 1 ? " OpenFlow " : " | "
                    w.sink.appendText(separator)
                    w.sink.appendText("malformed OpenFlow type \(m.type) xid=\(m.xid) len=\(m.length): \(error)")
                }
            }
        case .gap(let g):
            problem("frame \(g.firstFrameAfter): control channel \(g.context.stream): \(g.missingBytes) bytes missing after frame \(g.lastFrameBefore) (stream offset \(g.streamOffset))")
        case .garbage(let g):
            let skipped = if case .lengthBelowHeader = g.reason { "the bytes skipped from it are reported next" } else { "\(g.byteCount) bytes skipped" }
            problem("frame \(g.frame): control channel \(g.context.stream): \(g.reason.summary) at stream offset \(g.streamOffset); \(skipped)")
        case .connectionOpened, .connectionClosed:
            break
        }
    }

    // The text writers are static and take the buffer inout: written through the dumper's
    // stored property instead, every piece paid a dynamic exclusivity check.

    // A text line: number, relative time and addresses; then `OpenFlow` and the texts of the
    // messages the frame completed, ` | ` between them, or else the protocol and summary.
    // Written straight into the output buffer: building lines from Strings (padding,
    // interpolation, joined) made text output fifteen times slower than decoding.

    private static func writeNumberAndTime(number: Int, seconds: Double, into line: inout ByteSink) {
        line.appendDecimal(Int64(number), rightAlignedIn: 6)
        line.appendText(" ")
        writeSeconds(seconds, rightAlignedIn: 11, into: &line)
        line.appendText(" ")
    }

    private static func writeAddresses<Packet: SummaryColumns>(_ packet: Packet, into line: inout ByteSink) {
        packet.writeSummary(.source, into: &line)
        line.appendText(" → ")
        packet.writeSummary(.destination, into: &line)
    }

    /// `writeAddresses` for a plain IPv4 TCP frame, from the text kept for the last pair when the
    /// pair repeats.
    private func writeAddresses(_ fields: IPv4TCPFields) {
        let pair = (source: fields.source.rawValue, destination: fields.destination.rawValue)
        if addressPair?.source != pair.source || addressPair?.destination != pair.destination {
            addressText.removeAll()
            Self.writeAddresses(fields, into: &addressText)
            addressPair = pair
        }
        w.sink.append(addressText)
    }

    /// The end of the line of a frame that completed no message.
    private static func writeLineEnd<Packet: SummaryColumns>(_ packet: Packet, into line: inout ByteSink) {
        line.appendText(" ")
        packet.writeSummary(.protocol, into: &line)
        line.appendText(" ")
        packet.writeSummary(.info, into: &line)
        line.appendText("\n")
    }

    /// A message's text, after ` OpenFlow ` for the frame's first and ` | ` for the others, with
    /// the packet a PACKET_IN/PACKET_OUT carries summarised in brackets.
    private static func writeMessageText(_ view: OFMessageView, _ bytes: UnsafeRawBufferPointer, first: Bool,
                                         into out: inout ByteSink) {
        let separator: StaticString = first ? " OpenFlow " : " | "
        out.appendText(separator)
        view.writeSummary(into: &out)
        if let range = view.dataRange, let data = bytes.slice(range), !data.isEmpty {
            out.appendText(" [")
            // The packet inside is usually a whole TCP segment: the fast path's fields say the same.
            if let fields = DecodedPacket.ipv4TCP(linkType: 1, data) {
                writeInnerPacket(fields, into: &out)
            } else {
                writeInnerPacket(DecodedPacket.decode(linkType: 1, data, verifyingChecksums: false), into: &out)
            }
            out.appendText("]")
        }
    }

    /// The summary of the packet a PACKET_IN or PACKET_OUT carries: protocol, addresses, info.
    private static func writeInnerPacket<Packet: SummaryColumns>(_ inner: Packet, into out: inout ByteSink) {
        inner.writeSummary(.protocol, into: &out)
        out.appendText(" ")
        inner.writeSummary(.source, into: &out)
        out.appendText(" → ")
        inner.writeSummary(.destination, into: &out)
        out.appendText(" ")
        inner.writeSummary(.info, into: &out)
    }

    private func problem(_ text: String) {
        if problemsListed < Self.problemLimit {
            outcome.streamProblems.append(text)
            problemsListed += 1
        } else {
            outcome.unlistedProblems += 1
        }
    }

    /// Seconds with six decimals. Frames may be dated before the first one (merged or re-ordered
    /// captures) or absurdly far from it (a damaged timestamp): print the sign, and `?` for a
    /// value no Int64 of microseconds holds, rather than trap.
    static func formatSeconds(_ v: Double) -> String {
        var out = ByteSink()
        writeSeconds(v, into: &out)
        return out.string
    }

    /// `formatSeconds` written into a byte buffer, right-aligned in `width` bytes.
    static func writeSeconds(_ v: Double, rightAlignedIn width: Int = 0, into out: inout ByteSink) {
        guard let micro = Int64(exactly: (v * 1e6).rounded()) else {
            if width > 1 { out.append(repeating: UInt8(ascii: " "), count: width - 1) }
            out.appendText("?")
            return
        }
        out.appendScaled(micro, fractionDigits: 6, rightAlignedIn: width)
    }
}
