import Capture
import OpenFlow
import Replay
import Wire

/// The passes `lbtrace bench` times, each over whole capture files, each returning what it read
/// so the caller can compute rates. They do the work of the real commands minus the output.
public enum BenchmarkPasses {
    public struct Tally: Sendable {
        public var packets = 0
        public var bytes = 0
        /// Something the pass computed, so the work cannot be optimised away.
        public var checksum = 0
        public init(packets: Int = 0, bytes: Int = 0, checksum: Int = 0) {
            self.packets = packets; self.bytes = bytes; self.checksum = checksum
        }
    }

    /// libpcap's records and nothing else: the floor for any reader built on libpcap.
    public static func read(_ path: String) throws(CaptureError) -> Tally {
        let reader = try CaptureReader(path: path)
        var t = Tally()
        while let f = try reader.next() {
            t.packets += 1
            t.bytes += f.capturedLength
            t.checksum &+= Int(f.bytes.first ?? 0)
        }
        return t
    }

    /// Every frame decoded (plain IPv4 TCP by the fast path), the control channel reassembled and each
    /// OpenFlow message checked as a view, the packet inside decoded.
    public static func decode(_ path: String) throws(CaptureError) -> Tally {
        let reader = try CaptureReader(path: path)
        let channel = ControlChannel()
        var t = Tally()
        let link = reader.linkType.linktypeValue
        while let f = try reader.next() {
            t.packets += 1
            t.bytes += f.capturedLength
            // As `check` reads frames: the fast path's fields when it answers, else every layer.
            guard let segment = TCPSegmentInfo(frameBytes: f.bytes, linkType: link, frame: f.number,
                                               seconds: f.timestamp.seconds, nanoseconds: f.timestamp.nanoseconds) else { continue }
            channel.process(segment) { event in
                if case .message(let m) = event, let v = try? OFMessageView(checking: m.bytes) {
                    t.checksum &+= Int(v.header.xid & 0xff)
                    if let r = v.dataRange, let data = m.bytes.slice(r) {
                        t.checksum &+= DecodedPacket.decode(linkType: 1, data).payload.count
                    }
                }
            }
        }
        channel.finish { _ in }
        return t
    }

    /// `lbtrace decode --json` with the output thrown away.
    public static func json(_ path: String) throws(CaptureError) -> Tally {
        var options = FrameDumper.Options()
        options.json = true
        let dumper = try FrameDumper(path: path, options: options)
        var sum = 0
        let outcome = dumper.run { line in sum &+= line.count }
        return Tally(packets: outcome.frames, bytes: outcome.bytes, checksum: sum)
    }

    /// `lbtrace check` on one session, report rendered to JSON and thrown away.
    public static func check(_ paths: [String], options: ReplayOptions = ReplayOptions()) throws -> Tally {
        let analysis = try SessionReplay.run(try SessionSources.expand(paths), options: options)
        let report = LabChecks.evaluate(analysis)
        return Tally(packets: analysis.framesRead, bytes: analysis.bytesRead, checksum: JSONReportRenderer.render(report).utf8.count)
    }
}
