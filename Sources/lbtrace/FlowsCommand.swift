import ArgumentParser
import Replay
import Report
import Wire

/// `lbtrace flows`: each client connection's story, step by step with frames and latencies.
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Tell each client connection's story: SYN, PACKET_IN, decision, FLOW_MOD, release, reply, reverse install, SYN-ACK.",
        discussion: """
        Same inputs as `check`. Each step names its frame (file#frame); the latencies PACKET_IN → FLOW_MOD \
        and client SYN → SYN-ACK are given per connection. Data-plane steps need a data-plane capture. \
        A step marked ✗ is wrong, with the reason.
        """)

    @Argument(help: ArgumentHelp("The session's capture files, or its folder.", valueName: "capture"), completion: .file())
    var captures: [String]

    @OptionGroup var balancer: BalancerOptions

    @Option(name: .long, help: ArgumentHelp("Only this connection (client address and port, like 10.0.0.3:49514), or all of a client's (10.0.0.3). Repeatable.", valueName: "ip[:port]"))
    var client: [String] = []

    @Flag(name: .long, help: "JSON instead of text.")
    var json = false

    func run() throws {
        let analysis: SessionAnalysis
        do {
            analysis = try SessionReplay.run(try SessionSources.expand(captures), options: balancer.replayOptions)
        } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
        var connections = analysis.connections
        if !client.isEmpty {
            connections = connections.filter { c in client.contains { $0 == c.label || $0 == c.client.description } }
            if connections.isEmpty {
                let known = analysis.connections.prefix(8).map(\.label).joined(separator: ", ")
                StandardStream.error.write("lbtrace: no connection of \(client.joined(separator: ", ")) reached the controller (connections: \(known)\(analysis.connections.count > 8 ? ", …" : ""))\n")
                throw ExitCode(2)
            }
        }
        let timelines = connections.map { FlowTimelineBuilder.build($0, in: analysis) }
        let text = json ? FlowStoryRenderer.renderJSON(timelines, files: analysis.files)
            : FlowStoryRenderer.renderText(timelines, files: analysis.files)
        StandardStream.output.write(text)
    }
}
