import Capture
import OpenFlow
@testable import Replay
import Testing

/// A single-file session hands messages to the engine without building them where it can: PACKET_INs
/// and PACKET_OUTs as the fields the engine reads (`consumePacketIn`, `consumePacketOut`), FLOW_MODs
/// without their message (`consumeFlowMod`), messages it does not read (barriers, echoes, stats…)
/// as counts (`consumeCounted`). The analysis must be the one the same events give when every
/// message is built and consumed (the merging path, `SessionScanner.next`, always builds them).
@Suite struct CountedMessageTests {
    /// What the two paths must agree on, spelled out (the analysis is not `Equatable`).
    func digest(_ a: SessionAnalysis) -> [String] {
        let c = a.controlChannel
        var lines = [
            "messages \(c.messages) connections \(c.connections.sorted()) versions \(c.versions.sorted()) dpid \(String(describing: c.datapathID))",
            "hello \(String(describing: c.helloToSwitch)) \(String(describing: c.helloToController)) features \(String(describing: c.featuresRequest)) \(String(describing: c.featuresReply))",
            "errors \(c.errors.map { "\($0.frame) \($0.text)" })",
            "liveness \(a.liveness.transitions.map { "\($0.server) \($0.up) \($0.time) \(String(describing: $0.frame))" })",
            "probes \(a.liveness.probes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })",
            "replies \(a.liveness.replies.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }) \(a.liveness.unsolicitedReplies)",
            "diagnostics \(a.diagnostics.map(\.message))",
            "stray \(a.strayInstalls.map(\.packetIn))",
            "time \(String(describing: a.firstTime)) \(String(describing: a.lastTime))",
        ]
        for t in a.connections {
            lines.append("\(t.label) " + (t.forward + t.reverse).map {
                "\($0.direction) \($0.packetIn) mod \(String(describing: $0.flowMod)) release \(String(describing: $0.release)) "
                    + "\($0.discrepancies.count) \(String(describing: $0.releaseProblem)) \(String(describing: $0.actualServer))"
            }.joined(separator: "; "))
        }
        return lines
    }

    func analyses(_ path: String) throws -> (drained: SessionAnalysis, merged: SessionAnalysis, counted: Int) {
        let sources = try SessionSources.expand([path])
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        func engine() -> ReplayEngine {
            ReplayEngine(config: config, modelConfig: .init(serviceIP: config.serviceIP.value, servers: config.servers.value,
                                                           lbMAC: config.lbMAC.value))
        }
        let drained = engine()
        let a = SessionScanner(sources: sources, keepsPacketData: false)
        a.run(into: drained)
        let merged = engine()
        let b = SessionScanner(sources: sources, keepsPacketData: false)
        var counted = 0
        while let e = b.next() {
            if case .control(let c) = e, case .barrierRequest = c.message.body { counted += 1 }
            merged.consume(e)
        }
        return (drained.finish(files: a.files, diagnostics: a.diagnostics, framesRead: a.framesRead, bytesRead: a.bytesRead),
                merged.finish(files: b.files, diagnostics: b.diagnostics, framesRead: b.framesRead, bytesRead: b.bytesRead),
                counted)
    }

    @Test(arguments: ["rr-basic", "rr-buggy-reverse", "rr-many"])
    func countedMessagesChangeNothing(session: String) throws {
        let (drained, merged, counted) = try analyses("\(fixtures)/\(session)/of.pcap")
        #expect(counted > 0, "the capture has barriers, which the engine only counts: the counted path ran")
        #expect(!drained.connections.isEmpty)
        #expect(digest(drained) == digest(merged))
    }

    /// The bodies `control` switches on, and only those, are read; another version's never is.
    @Test func readsTheBodiesControlSwitchesOn() {
        let read: Set<OFMessageType> = [.hello, .error, .featuresRequest, .featuresReply, .packetIn, .packetOut, .flowMod]
        for type in OFMessageType.allCases { #expect(ReplayEngine.readsBody(ofType: type) == read.contains(type), "\(type)") }
        #expect(!ReplayEngine.readsBody(ofType: nil))
    }
}
