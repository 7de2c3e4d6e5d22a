import Capture
import OpenFlow

/// Merges the event streams of a session's files into one timeline ordered by capture time
/// (ties: file order, then frame order). Holds one event per file at a time.
public final class SessionScanner {
    public let files: [String]
    // `@exclusivity(unchecked)` (why: see ReplayEngine): only `next` touches these.
    @exclusivity(unchecked) private var sources: [FileEventSource] = []
    /// Each file's next event, valid where `headTimes` has a time; `ended` stands in for a file at
    /// its end. Why not `[SessionEvent?]` with the time read off each head: every copy, move and
    /// destruction of an optional event (an enum with a boxed case) went through outlined value
    /// witnesses, each file's head copied at every step to read its time — some 9% of `check` on a
    /// session whose data plane is large.
    @exclusivity(unchecked) private var heads: [SessionEvent] = []
    /// Each head's time; nil once its file has ended. The merge compares these.
    @exclusivity(unchecked) private var headTimes: [Timestamp?] = []
    private var openErrors: [InputDiagnostic] = []

    /// Opens every file; a file that cannot be opened is reported in `diagnostics` and left out.
    ///
    /// - Parameter keepsPacketData: false empties the `data` of PACKET_IN and PACKET_OUT messages
    ///   (`ControlMessage.packet` still has the packet, decoded): for readers that never write the
    ///   messages back out.
    public init(sources: SessionSources, controllerPorts: Set<UInt16> = [6633, 6653], keepsPacketData: Bool = true) {
        files = sources.files.map(\.path)
        for (i, f) in sources.files.enumerated() {
            do {
                let s = try FileEventSource(fileIndex: i, path: f.path, switchPort: f.switchPort, controllerPorts: controllerPorts,
                                            keepsPacketData: keepsPacketData)
                self.sources.append(s)
            } catch {
                openErrors.append(InputDiagnostic(severity: .error, file: f.path, offset: error.offset, message: "\(error.detail); the file was skipped"))
            }
        }
        for s in self.sources { let e = s.next(); heads.append(e ?? Self.ended); headTimes.append(e?.time) }
    }

    /// What a head holds once its file has ended (never delivered).
    private static let ended = SessionEvent.data(DataPacket(ref: FrameRef(file: -1, frame: 0), time: Timestamp(seconds: 0, nanoseconds: 0),
                                                            switchPort: nil, segment: nil, outgoing: nil))

    /// The file whose head comes next in time order (ties: file order); nil when all have ended.
    @inline(__always) private func nextFile() -> Int? {
        var best: Int?
        var bestTime: Timestamp?
        for i in headTimes.indices {
            guard let t = headTimes[i] else { continue }
            if let bt = bestTime, !(t < bt) { continue }
            best = i
            bestTime = t
        }
        return best
    }

    /// Replaces file `b`'s head by its next event.
    @inline(__always) private func refill(_ b: Int) {
        if let e = sources[b].next() {
            headTimes[b] = e.time
            heads[b] = e
        } else {
            headTimes[b] = nil
            heads[b] = Self.ended
        }
    }

    /// True when no file could be opened at all.
    public var nothingReadable: Bool { sources.isEmpty }

    /// The next event of the session in time order, nil at the end of every file.
    public func next() -> SessionEvent? {
        guard let b = nextFile() else { return nil }
        let event = heads[b]
        refill(b)
        return event
    }

    /// Feeds the whole timeline to `engine`, as a loop over `next` would. A session of one file has
    /// nothing to merge: its events go straight from the file to the engine, unboxed.
    public func run(into engine: ReplayEngine) {
        guard sources.count == 1 else {
            // The head is read in place and replaced, never copied out as an optional.
            while let b = nextFile() {
                engine.consume(heads[b])
                refill(b)
            }
            return
        }
        if headTimes[0] != nil { engine.consume(heads[0]); headTimes[0] = nil; heads[0] = Self.ended }
        sources[0].drain(into: engine)
    }

    public var diagnostics: [InputDiagnostic] { openErrors + sources.flatMap(\.diagnostics) }
    public var framesRead: Int { sources.reduce(0) { $0 + $1.frames } }
    public var bytesRead: Int { sources.reduce(0) { $0 + $1.bytes } }
}
