import ArgumentParser
import Replay

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Say what the controller should have sent, and where it sent something else.",
        discussion: """
        Replays the session through the balancer model and prints, per PACKET_IN, where the \
        controller's answer differs from the expected one: a FLOW_MOD missing, one that differs \
        (expected and actual actions, and how), one that should not have been sent, a packet not \
        released.

        --write FILE writes the expected control channel as a pcap: the switch's messages as \
        captured, the controller's too except its FLOW_MODs for PACKET_INs, which are replaced by \
        the model's (missing ones added, with the PACKET_OUT that releases the packet when nothing \
        did). Ethernet/IPv4/TCP over 127.0.0.1, controller on port 6653, valid checksums: open it \
        in Wireshark beside the real of.pcap.

        Exit status: 0 no difference, 1 some difference, 2 the input could not be read or the file written.
        """)

    @Argument(help: ArgumentHelp("The session's capture files, or its folder.", valueName: "capture"), completion: .file())
    var captures: [String]

    @OptionGroup var balancer: BalancerOptions

    @Option(name: .long, help: ArgumentHelp("Write the expected control channel to this pcap file.", valueName: "file"), completion: .file())
    var write: String?

    func run() throws {
        let sources: SessionSources
        let analysis: SessionAnalysis
        do {
            sources = try SessionSources.expand(captures)
            analysis = try SessionReplay.run(sources, options: balancer.replayOptions)
        } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
        if let path = write {
            let messages = ExpectedTrace.build(sources, analysis: analysis, controllerPorts: balancer.replayOptions.controllerPorts)
            do { try ExpectedTraceWriter.write(messages, to: path) } catch {
                StandardStream.error.write("lbtrace: \(error)\n")
                throw ExitCode(2)
            }
            let expected = messages.filter { if case .expected = $0.origin { true } else { false } }.count
            print("wrote \(path): \(messages.count) messages, \(expected) of them the model's")
        }
        let diffs = ExpectedTrace.differences(analysis)
        for d in diffs { print(d.description) }
        print(diffs.isEmpty ? "the controller sent what the model expected" : "\(diffs.count) PACKET_INs answered otherwise than expected")
        if !diffs.isEmpty { throw ExitCode(1) }
    }
}
