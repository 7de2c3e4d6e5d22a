import ArgumentParser

@main
struct LBTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lbtrace",
        abstract: "Read captures of an OpenFlow load-balancer lab and say, with evidence, whether the balancer did its job.",
        subcommands: [DecodeCommand.self, CheckCommand.self, FlowsCommand.self, SynthCommand.self, BenchCommand.self, GradeCommand.self, DiffCommand.self, ReplayCommand.self]
    )

    static func main() {
        MemoryPolicy.apply()
        main(nil)
    }
}
