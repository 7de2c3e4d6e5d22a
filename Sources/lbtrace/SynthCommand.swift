#if canImport(FoundationEssentials)
import FoundationEssentials // FileManager, ProcessInfo
#else
import Foundation
#endif
import ArgumentParser
import Scenario

/// `lbtrace synth`: writes a lab session described in JSON (or by a few flags) as of.pcap and dp.pcap.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesise a lab session as capture files: DIR/of.pcap (control channel) and DIR/dp.pcap (data plane).",
        discussion: """
        The scenario is JSON, snake_case keys, every field optional:
          {"hosts": 6,                   h1..hN: 10.0.0.N, 00:00:00:00:00:0N, port N
           "service_ip": "10.0.1.1",
           "servers": ["10.0.0.1", "10.0.0.2"],
           "policy": "round_robin",      or "random" ("round-robin" reads too)
           "start_time": 1700000000,     epoch seconds of the first frame
           "duration": 20,               seconds at least
           "data_plane": true,           false: of.pcap only
           "clients": [{"host": 3, "port": 49514, "start": 3.5}],
           "generator": {"connections": 1000, "rate": 50,
                         "hosts": [3, 4, 5, 6], "seed": 1, "start": 3},
           "server_events": [{"server": "10.0.0.2", "down": 10},
                             {"server": "10.0.0.2", "up": 25}],
           "faults": [{"kind": "missing_rewrite_action",
                       "action": "set_nw_src", "connection": 2}]}
        Times are seconds after the session starts. Connections are numbered
        from 0 in start order; a fault without "connection" hits them all.
        Fault kinds:
          missing_rewrite_action  "action": set_dl_dst, set_nw_dst (forward),
                                  set_dl_src, set_nw_src (reverse)
          wrong_output_port       the forward entry outputs to another port
          skip_round_robin_step   the controller skips one server in turn
          lost_first_packet       no PACKET_OUT releases the client's SYN
          too_broad_match         "fields" wildcarded (default nw_src, tp_src)
          missing_reverse_flow    no reverse FLOW_MOD
          dead_server             sent to a server the controller holds down
          lab_index_error         the lab's _pick_server: once a server went
                                  down after being picked last, picks raise
                                  IndexError and get no answer (until the
                                  live list is as long again); the client
                                  sends its SYN once more after 1 s

        Without a file, flags describe a quick session: --connections N
        --rate R --seed S, and --fault KIND[:DETAIL][@INDEX] (repeatable),
        e.g. --fault missing_rewrite_action:set_nw_src@2. With a file, the
        flags override its generator and add to its faults.
        """)

    @Argument(help: "The scenario JSON file (optional with --connections).")
    var scenario: String?

    @Option(name: [.short, .long], help: "The folder to write of.pcap and dp.pcap into (created).")
    var out: String

    @Option(help: "Generate this many client connections.")
    var connections: Int?

    @Option(help: "Generated connections per second (default 10).")
    var rate: Double?

    @Option(help: "Seed of the generator (same seed, same capture).")
    var seed: UInt64?

    @Option(name: .customLong("fault"), help: "A fault: KIND[:DETAIL][@INDEX]; repeatable.")
    var faults: [String] = []

    @Flag(help: "Write only the control channel (of.pcap).")
    var noDataPlane = false

    func run() throws {
        // A scenario that cannot be read or used is input, not a command-line mistake: its message
        // alone, exit status 2 (the usage would not help).
        func fail(_ message: String) -> ExitCode {
            StandardStream.error.write("lbtrace: \(message)\n")
            return ExitCode(2)
        }
        var s = Scenario()
        if let path = scenario {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("\(path): cannot read the scenario file") }
            do { s = try Scenario.decode(data) } catch { throw fail("\(path): \(error)") }
        } else if connections == nil {
            throw ValidationError("give a scenario file or --connections N")
        }
        if connections != nil || rate != nil || seed != nil {
            var g = s.generator ?? Scenario.Generator(connections: 0)
            if let connections { g.connections = connections }
            if let rate { g.rate = rate }
            if let seed { g.seed = seed }
            s.generator = g
        }
        for f in faults { s.faults = (s.faults ?? []) + [try Scenario.Fault(flag: f)] }
        if noDataPlane { s.dataPlane = false }
        let summary: SynthesisSummary
        do { summary = try ScenarioSynthesizer.write(s, to: out) } catch { throw fail("\(error)") }
        var line = "\(summary.controlFile): \(summary.controlFrames) frames"
        if let dp = summary.dataFile { line += "; \(dp): \(summary.dataFrames) frames" }
        print(line + "; \(summary.connections) connections")
        for n in summary.notes { print("note: \(n)") }
    }
}
