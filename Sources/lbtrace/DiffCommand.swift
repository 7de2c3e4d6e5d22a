import ArgumentParser
import Replay
import Report

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the decisions and installed flows of two sessions (known-good A, changed controller B).",
        discussion: """
        A and B are each a session: a capture file, or a session's folder. To give several files for \
        one side, join them with commas (of.pcap,dp.pcap). Connections are aligned by the order in \
        which clients first reached the controller (client ports differ between runs). Per connection: \
        the server chosen, the forward FLOW_MOD's actions, match shape (exact fields and prefix \
        lengths, not values) and timeouts/priority, the reverse FLOW_MOD's actions; then each \
        check's status. Each side's configuration is inferred separately unless flags say it.

        Exit status: 0 no difference, 1 some difference, 2 an input could not be read.
        """)

    @Argument(help: ArgumentHelp("The known-good session.", valueName: "A"), completion: .file())
    var a: String

    @Argument(help: ArgumentHelp("The session to compare with it.", valueName: "B"), completion: .file())
    var b: String

    @OptionGroup var balancer: BalancerOptions

    @Option(name: .long, help: "Output format: text (only the differences) or junit (one testcase per compared aspect).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, junit }

    func run() throws {
        let sa = try load(a), sb = try load(b)
        let d = SessionDiff.compare(sa, sb)
        let text = format == .junit ? DiffRenderer.junit(d, a: a, b: b) : DiffRenderer.text(d, a: a, b: b)
        StandardStream.output.write(text)
        if !d.differences.isEmpty { throw ExitCode(1) }
    }

    private func load(_ arg: String) throws -> SessionAnalysis {
        do {
            let sources = try SessionSources.expand(arg.split(separator: ",").map(String.init))
            return try SessionReplay.run(sources, options: balancer.replayOptions)
        } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
    }
}
