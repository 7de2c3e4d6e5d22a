import ArgumentParser
import Model
import Replay
import Report
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// Flags that describe the balancer; what is not given is inferred from the capture.
struct BalancerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The service IP clients connect to (default: inferred from the controller's ARP probes).", valueName: "ip"))
    var serviceIP: String?

    @Option(name: .long, help: ArgumentHelp("The servers, comma-separated, in the controller's order (default: inferred from the probes).", valueName: "ip,ip,..."))
    var servers: String?

    @Option(name: .long, help: ArgumentHelp("The balancer's MAC, used in probes and reverse rewrites (default: inferred).", valueName: "mac"))
    var lbMAC: String?

    @Option(name: .long, help: "How the controller picks a server: round-robin (the lab) or random (upstream POX; order not checked).")
    var policy: PolicyArgument = .roundRobin

    @Option(name: .customLong("of-port"), help: "A TCP port of the OpenFlow control channel (repeatable; 6633 and 6653 are always included).")
    var ofPorts: [UInt16] = []

    enum PolicyArgument: String, ExpressibleByArgument, CaseIterable {
        case roundRobin = "round-robin"
        case random
    }

    func validate() throws {
        if let s = serviceIP, IPv4Address(s) == nil { throw ValidationError("--service-ip \(s) is not an IPv4 address (like 10.0.1.1)") }
        if let s = servers {
            for part in s.split(separator: ",") where IPv4Address(trimmed(part)) == nil {
                throw ValidationError("--servers: \(part) is not an IPv4 address (give them comma-separated, like 10.0.0.1,10.0.0.2)")
            }
        }
        if let m = lbMAC, MACAddress(m) == nil { throw ValidationError("--lb-mac \(m) is not a MAC address (like 00:00:00:00:00:01)") }
    }

    /// A list item without the spaces and tabs around it ("10.0.0.1, 10.0.0.2").
    private func trimmed(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    var replayOptions: ReplayOptions {
        ReplayOptions(
            serviceIP: serviceIP.flatMap { IPv4Address($0) },
            servers: servers.map { $0.split(separator: ",").compactMap { IPv4Address(trimmed($0)) } },
            lbMAC: lbMAC.flatMap { MACAddress($0) },
            policy: policy == .random ? .random : .roundRobin,
            controllerPorts: Set([6633, 6653] + ofPorts))
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that the load balancer did its job in one lab session.",
        discussion: """
        Give all the files of one session: the control-channel capture (of.pcap) and, for the \
        end-to-end check, a data-plane capture (dp.pcap, ports/*.pcap or dp-any.pcap) — or the \
        session's folder, which stands for of.pcap plus one data-plane source.

        Checks: \(LabChecks.ids.joined(separator: ", ")). Each is pass, fail, or not_assessed \
        with the reason (a check the capture cannot decide never passes).

        Exit status: 0 every required check passed (not_assessed does not fail), 1 a check failed, \
        2 the input could not be used.
        """)

    @Argument(help: ArgumentHelp("The session's capture files, or its folder.", valueName: "capture"), completion: .file())
    var captures: [String]

    @OptionGroup var balancer: BalancerOptions

    @Option(name: .long, help: "Output format: text, json, junit, html (one self-contained page with a sequence diagram) or markdown.")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "Colour the text report even when standard output is not a terminal or NO_COLOR is set (on a terminal it is coloured unless NO_COLOR is set).")
    var colour = false

    @Flag(name: .long, help: ArgumentHelp(
        "List every connection in the report.",
        discussion: "By default a session with more than 1000 connections lists the first 1000, then only those with a failing column (up to 1000 more); the checks always count every connection."))
    var allConnections = false

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, html, markdown
    }

    func run() throws {
        let sources: SessionSources
        do { sources = try SessionSources.expand(captures) } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
        var limits = ReportLimits()
        if allConnections { limits.connectionRows = .max / 4 }
        // The HTML page draws every connection's timeline, so it needs them all kept; the other
        // formats judge each connection as the replay finishes it, so memory stays flat however
        // long the capture (see SessionReplay.run).
        let keepConnections = format == .html
        let analysis: SessionAnalysis
        let report: CheckReport
        do {
            if keepConnections {
                analysis = try SessionReplay.run(sources, options: balancer.replayOptions)
                report = LabChecks.evaluate(analysis, limits: limits)
            } else {
                let config = try SessionReplay.resolveConfig(sources, options: balancer.replayOptions)
                (analysis, report) = try LabChecks.replayAndJudge(sources, options: balancer.replayOptions, config: config, limits: limits)
            }
        } catch {
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
        let text: String
        switch format {
        case .text:
            // On a terminal unless NO_COLOR is set (no-color.org); --colour asks for it anywhere.
            let terminal = isatty(STDOUT_FILENO) == 1 && (getenv("NO_COLOR").map { $0.pointee == 0 } ?? true)
            text = TextReportRenderer(colour: colour || terminal).render(report)
        case .json: text = JSONReportRenderer.render(report)
        case .junit: text = JUnitRenderer.render(report, suiteName: captures.count == 1 ? captures[0] : captures.joined(separator: " "))
        case .html:
            text = HTMLReportRenderer(title: "lbtrace check " + captures.joined(separator: " "))
                .render(report, timelines: FlowTimelineBuilder.build(analysis), servers: analysis.config.servers.value)
        case .markdown: text = MarkdownReportRenderer().render(report)
        }
        StandardStream.output.write(text)
        if !report.requiredChecksPass { throw ExitCode(1) }
    }
}
