import Model
import Replay
import Report
import Testing
import Wire

/// A session of one file goes from the file straight to the engine (`SessionScanner.run(into:)`);
/// it must come to the same report as the merge loop over `next()` that sessions of several files use.
@Suite struct SingleFilePathTests {
    func report(_ path: String, push: Bool) throws -> String {
        let sources = try SessionSources.expand([path])
        // A data-plane file alone holds no probe to infer the configuration from: say it.
        let options = path.hasSuffix("dp.pcap")
            ? ReplayOptions(serviceIP: IPv4Address(10, 0, 1, 1), servers: [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)],
                            lbMAC: MACAddress(rawValue: 0x0000_0000_0001))
            : ReplayOptions()
        let resolved = try SessionReplay.resolveConfig(sources, options: options)
        let scanner = SessionScanner(sources: sources, keepsPacketData: false)
        var modelConfig = BalancerConfig(serviceIP: resolved.serviceIP.value, servers: resolved.servers.value,
                                         lbMAC: resolved.lbMAC.value, policy: options.policy)
        modelConfig.decisionLogLimit = 0
        let engine = ReplayEngine(config: resolved, modelConfig: modelConfig)
        if push {
            scanner.run(into: engine)
        } else {
            while let e = scanner.next() { engine.consume(e) }
        }
        let analysis = engine.finish(files: scanner.files, diagnostics: scanner.diagnostics,
                                     framesRead: scanner.framesRead, bytesRead: scanner.bytesRead)
        #expect(analysis.connections.count > 0 || analysis.dataPackets > 100)
        return JSONReportRenderer.render(LabChecks.evaluate(analysis))
    }

    @Test(arguments: ["rr-basic/of.pcap", "rr-buggy-reverse/of.pcap", "rr-many/of.pcap", "rr-basic/dp.pcap"])
    func pushGivesTheMergeLoopsReport(_ capture: String) throws {
        let pushed = try report("\(fixtures)/\(capture)", push: true)
        let pulled = try report("\(fixtures)/\(capture)", push: false)
        #expect(pushed == pulled)
    }
}
