import Capture
import OpenFlow

/// Merges the event streams of a session's files into one timeline ordered by capture time
/// (ties: file order, then frame order). Holds one event per file at a time.
public final class SessionScanner {
    public let files: [String]
    // `@exclusivity(unchecked)` (why: see ReplayEngine): only `next` touches these.
    @exclusivity(unchecked) private var sources: [FileEventSource] = []
    @exclusivity(unchecked) private var heads: [SessionEvent?] = []
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
        heads = self.sources.map { $0.next() }
    }

    /// True when no file could be opened at all.
    public var nothingReadable: Bool { sources.isEmpty }

    /// The next event of the session in time order, nil at the end of every file.
    public func next() -> SessionEvent? {
        var best: Int?
        for i in heads.indices {
            guard let h = heads[i] else { continue }
            if let b = best, let hb = heads[b], !(h.time < hb.time) { continue }
            best = i
        }
        guard let b = best, let event = heads[b].take() else { return nil }
        heads[b] = sources[b].next()
        return event
    }

    /// Feeds the whole timeline to `engine`, as a loop over `next` would. A session of one file has
    /// nothing to merge: its events go straight from the file to the engine, unboxed.
    public func run(into engine: ReplayEngine) {
        guard sources.count == 1 else {
            while let e = next() { engine.consume(e) }
            return
        }
        if let head = heads[0].take() { engine.consume(head) }
        sources[0].drain(into: engine)
    }

    public var diagnostics: [InputDiagnostic] { openErrors + sources.flatMap(\.diagnostics) }
    public var framesRead: Int { sources.reduce(0) { $0 + $1.frames } }
    public var bytesRead: Int { sources.reduce(0) { $0 + $1.bytes } }
}
