import Capture
import Foundation
import Model
@testable import Replay
import Testing
@testable import Scenario

/// The engine skips looking for finished connections on most events (the oldest one is not yet
/// quiet, or the flow memory still holds it and has forgotten nothing since). The skip must never
/// leave a connection unfinished past the event at which it became due: once the clock has moved
/// to an event's time, the oldest live connection is either not yet quiet or still remembered by
/// the flow memory. (Checked by breaking each part of the skip: the test then fails.)
struct RetireTimingTests {
    /// The control channel alone (where the skip matters: nothing else calls for a look), and with
    /// the data plane.
    @Test(arguments: [false, true]) func noConnectionOutstaysItsTurn(withDataPlane: Bool) throws {
        // 400 connections, one a second, some clients reusing ports: longer than the 300 s memory,
        // so connections are finished at probes all through the capture.
        let scenario = Scenario(generator: Scenario.Generator(connections: 400, rate: 1, seed: 11))
        let dir = temporaryFolder("retire-timing-\(withDataPlane)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ScenarioSynthesizer.write(scenario, to: dir)
        let sources = try SessionSources.expand(withDataPlane ? [dir] : ["\(dir)/of.pcap"])
        #expect(sources.files.count == (withDataPlane ? 2 : 1))
        let config = try SessionReplay.resolveConfig(sources, options: ReplayOptions())
        let engine = ReplayEngine(config: config, modelConfig: BalancerConfig(
            serviceIP: config.serviceIP.value, servers: config.servers.value, lbMAC: config.lbMAC.value))
        var finished = 0
        engine.retire = { _ in finished += 1 }
        let scanner = SessionScanner(sources: sources)
        var events = 0, waitingOnMemory = 0, sweeps = 0, lastHead = 0
        while let e = scanner.next() {
            events += 1
            // The clock moves first (what `consume` does before handling the event): what is due by
            // the event's time must be finished then, before the event can change anything.
            engine.advance(to: e.time)
            defer { engine.consume(e) }
            // Likewise the data-plane traces queued for a sweep: the oldest is never left past its turn
            // (`sweepBound` lets most events skip the look).
            if engine.dataOrderHead != lastHead { sweeps += 1; lastHead = engine.dataOrderHead }
            if engine.dataOrderHead < engine.dataOrder.count {
                let queued = engine.dataOrder[engine.dataOrderHead].queued
                try #require(e.time.interval(since: queued) <= engine.quietPeriod, "event \(events): a data-plane trace queued at \(queued) is due")
            }
            guard engine.retiredFront < engine.liveConnections.count else { continue }
            let front = engine.liveConnections[engine.retiredFront]
            guard e.time.interval(since: engine.lastSeen[engine.retiredFront]) > engine.quietPeriod else { continue }
            let key = FlowKey(srcIP: front.client, dstIP: config.serviceIP.value, srcPort: front.clientPort, dstPort: front.servicePort)
            // Asked apart, so that a failure names the connection rather than printing the whole model.
            let held = engine.model.remembers(key)
            try #require(held, "event \(events): \(front.label) is due but was not finished")
            waitingOnMemory += 1
        }
        // The case the skip is for happened: quiet connections waited for the memory to forget them.
        #expect(waitingOnMemory > 50, "\(waitingOnMemory) events with a quiet front held by the memory")
        #expect(finished > 50, "\(finished) connections finished during the capture")
        if withDataPlane { #expect(sweeps > 50, "\(sweeps) sweeps of data-plane traces during the capture") }
    }
}
