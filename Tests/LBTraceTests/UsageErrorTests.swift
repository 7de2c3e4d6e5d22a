import Foundation
import Testing

/// A command line lbtrace cannot run as asked exits with 2 and says why on standard error, with
/// the usage — not the argument parser's own 64: CI scripts tell "failed" (1) from "could not
/// run" (2). Help is not an error.
struct UsageErrorTests {
    @Test(arguments: [
        ["check", "Fixtures/rr-basic", "--format", "xml"],
        ["check", "Fixtures/rr-basic", "--service-ip", "300.1.1.1"],
        ["decode", "--no-such-flag", "Fixtures/rr-basic/of.pcap"],
        ["grade", "Fixtures/rr-basic"],
        ["no-such-command"],
        ["bench", "Fixtures/rr-basic/of.pcap", "--passes", "read,foo"],
        ["bench", "Fixtures/rr-basic/of.pcap", "--repeats", "0"],
    ])
    func usageErrorsExitWithTwo(_ arguments: [String]) throws {
        let r = try LBTrace.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: ") && r.stderr.contains("Usage: lbtrace"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// A capture that cannot be read is not a usage error: its message alone, status 2, no table.
    @Test func benchOnAMissingFile() throws {
        let r = try LBTrace.run(["bench", "no-such-file.pcap", "--passes", "read", "--repeats", "1"])
        #expect(r.status == 2 && r.stdout.isEmpty && r.stderr.hasPrefix("lbtrace: no-such-file.pcap: "), "\(r.stdout)\(r.stderr)")
    }

    @Test func helpIsNotAnError() throws {
        let r = try LBTrace.run(["check", "--help"])
        #expect(r.status == 0 && r.stdout.contains("USAGE: lbtrace check") && r.stderr.isEmpty)
    }
}
