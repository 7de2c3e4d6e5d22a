import Foundation
import Model
import Replay
import Report
import Testing
import Wire

@Suite struct InferenceTests {
    /// A data-plane capture alone holds no probes and no rewrites: the configuration cannot be
    /// inferred, and the error names the flag that would decide it.
    @Test func dataPlaneAloneAsksForTheServiceIP() throws {
        let sources = try SessionSources.expand(["\(fixtures)/rr-basic/dp.pcap"])
        #expect(throws: ReplayError.self) { _ = try SessionReplay.run(sources) }
        do { _ = try SessionReplay.run(sources) } catch {
            guard case .configuration(let e) = error else { Issue.record("expected a configuration error, got \(error)"); return }
            #expect(e.description.contains("--service-ip"))
        }
    }

    /// With the configuration given, the data plane alone is analysed and the checks that need
    /// the control channel say so instead of passing.
    @Test func flagsMakeADataPlaneCaptureUsable() throws {
        let sources = try SessionSources.expand(["\(fixtures)/rr-basic/dp.pcap"])
        let options = ReplayOptions(serviceIP: IPv4Address("10.0.1.1"), servers: [IPv4Address("10.0.0.1")!, IPv4Address("10.0.0.2")!],
                                    lbMAC: MACAddress("00:00:00:00:00:01"))
        let r = LabChecks.evaluate(try SessionReplay.run(sources, options: options))
        #expect(r.config.allSatisfy { $0.source == "flag" || $0.name == "policy" })
        let cc = try #require(r.checks.first { $0.id == "control-channel" })
        #expect(cc.status == .notAssessed)
        #expect(r.checks.allSatisfy { $0.status != .pass })
    }

    /// Probes naming two different service IPs are ambiguous.
    @Test func conflictingProbesAreAmbiguous() throws {
        var inference = ConfigInference()
        let mac = MACAddress("00:00:00:00:00:01")!
        inference.probes = [
            .init(serviceIP: IPv4Address("10.0.1.1")!, server: IPv4Address("10.0.0.1")!, mac: mac, frame: FrameRef(file: 0, frame: 17)),
            .init(serviceIP: IPv4Address("10.0.1.2")!, server: IPv4Address("10.0.0.2")!, mac: mac, frame: FrameRef(file: 0, frame: 69)),
        ]
        #expect(throws: InferenceError.self) { _ = try inference.resolve(serviceIP: nil, servers: nil, lbMAC: nil) }
        let r = try inference.resolve(serviceIP: IPv4Address("10.0.1.2"), servers: nil, lbMAC: nil)
        #expect(r.servers.value == [IPv4Address("10.0.0.2")!])
        #expect(r.servers.frames == [FrameRef(file: 0, frame: 69)])
    }
}
