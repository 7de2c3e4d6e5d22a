import ArgumentParser

@main
struct LBTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lbtrace",
        abstract: "Read captures of an OpenFlow load-balancer lab and say, with evidence, whether the balancer did its job.",
        subcommands: [DecodeCommand.self, CheckCommand.self, FlowsCommand.self, SynthCommand.self, BenchCommand.self, GradeCommand.self, DiffCommand.self, ReplayCommand.self]
    )

    /// Runs the command the arguments name. A usage error (an unknown flag, a bad value, a
    /// missing argument) exits with 2, not the argument parser's 64: lbtrace's statuses are 0 (all
    /// good), 1 (something failed) and 2 (it could not run as asked), which CI scripts test.
    static func main() {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardStream.error.write(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
