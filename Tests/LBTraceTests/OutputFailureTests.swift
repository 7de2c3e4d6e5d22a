import Foundation
import Testing

/// Output that cannot be written (a full disk: /dev/full) ends the run with status 2 and the
/// system's reason, not a trap; every command writes through the same standard-stream writer.
struct OutputFailureTests {
    @Test(arguments: [
        ["check", "Fixtures/rr-basic"],
        ["decode", "Fixtures/rr-basic/of.pcap"],
        ["flows", "Fixtures/rr-basic"],
        ["check", "--format", "json", "Fixtures/rr-basic"],
    ])
    func aFullDiskIsReported(arguments: [String]) throws {
        let r = try LBTrace.run(arguments, stdoutPath: "/dev/full")
        #expect(!r.timedOut)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("lbtrace: cannot write the output: \(String(cString: strerror(ENOSPC)))"), "\(r.stderr)")
    }
}
