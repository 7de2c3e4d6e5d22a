import ArgumentParser
import Report

#if canImport(Glibc)
import Glibc
#endif

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time lbtrace's passes over captures: packets/s, MB/s and peak memory.",
        discussion: """
        Passes: read (libpcap records only: the floor), decode (every layer, the control channel \
        reassembled, OpenFlow messages checked), json (decode --json with the output discarded), \
        check (the whole replay and checks, one session made of all the files given). Measure the \
        build the README recommends (Scripts/build-release.sh; plain `swift build -c release` is \
        some 10% slower). Peak memory is the \
        process's maximum resident set, so run one pass per process to attribute it \
        (Scripts/bench.sh does).
        """)

    @Argument(help: "Capture files (or, for check, a session folder).", completion: .file())
    var captures: [String]

    @Option(name: .long, help: "Comma-separated passes: read, decode, json, check.")
    var passes: String = "read,decode,json,check"

    @Option(name: .long, help: "Repeat each pass and report the fastest run.")
    var repeats: Int = 3

    static let passNames = ["read", "decode", "json", "check"]

    /// Checked before anything is printed, so that a mistake is not preceded by the table's header.
    func validate() throws {
        for pass in passes.split(separator: ",") where !Self.passNames.contains(String(pass)) {
            throw ValidationError("unknown pass \(pass): use \(Self.passNames.joined(separator: ", "))")
        }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        do { try measure() } catch let e as ExitCode { throw e } catch {
            // A capture that cannot be read: as `decode` and `check` say it.
            StandardStream.error.write("lbtrace: \(error)\n")
            throw ExitCode(2)
        }
    }

    private func measure() throws {
        let clock = ContinuousClock()
        var header: String? = "pass       packets        bytes   seconds     packets/s      MB/s"
        for pass in passes.split(separator: ",").map(String.init) {
            var best: (Double, BenchmarkPasses.Tally)?
            for _ in 0..<repeats {
                var tally = BenchmarkPasses.Tally()
                let elapsed = try clock.measure {
                    switch pass {
                    case "read": for c in captures { add(&tally, try BenchmarkPasses.read(c)) }
                    case "decode": for c in captures { add(&tally, try BenchmarkPasses.decode(c)) }
                    case "json": for c in captures { add(&tally, try BenchmarkPasses.json(c)) }
                    case "check": tally = try BenchmarkPasses.check(captures)
                    default: preconditionFailure("validate() lets only known passes through")
                    }
                }
                let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                if best == nil || s < best!.0 { best = (s, tally) }
            }
            let (s, t) = best!
            let name = pass + String(repeating: " ", count: max(0, 7 - pass.count))
            if let h = header { print(h); header = nil } // after the first pass: an unreadable file prints no table
            print(name + PrintfFormat.string(" %10ld %12ld %9.3f %13.0f %9.1f", t.packets, t.bytes, s,
                                             Double(t.packets) / s, Double(t.bytes) / s / 1e6))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(PrintfFormat.string("peak RSS: %.1f MiB", Double(usage.ru_maxrss) / 1024))
    }

    private func add(_ a: inout BenchmarkPasses.Tally, _ b: BenchmarkPasses.Tally) {
        a.packets += b.packets; a.bytes += b.bytes; a.checksum &+= b.checksum
    }
}
