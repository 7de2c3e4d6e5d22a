import Foundation
import Testing

/// Runs the built `lbtrace` binary as a subprocess, with a time limit.
///
/// The binary is looked for next to the test bundle (`swift test` builds it there, since the test
/// target depends on the executable), then in `.build/debug` of the package.
enum LBTrace {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var timedOut: Bool
        var combined: String { stdout + stderr }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL? = {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("lbtrace")) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lbtrace"))
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lbtrace"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/lbtrace"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `lbtrace arguments...` from the package root; kills it after `limit` seconds.
    /// Output goes through files, so a chatty run cannot block on a full pipe.
    /// `stdoutPath`: where standard output goes instead of a file read back (e.g. /dev/full).
    static func run(_ arguments: [String], limit: Double = 5, stdoutPath: String? = nil) throws -> Result {
        guard let binary else { throw RunError.noBinary }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = packageRoot
        if let stdoutPath {
            guard let handle = FileHandle(forWritingAtPath: stdoutPath) else { throw RunError.noBinary }
            p.standardOutput = handle
        } else {
            p.standardOutput = try FileHandle(forWritingTo: out)
        }
        p.standardError = try FileHandle(forWritingTo: err)
        let start = Date()
        try p.run()
        var timedOut = false
        while p.isRunning {
            if Date().timeIntervalSince(start) > limit { timedOut = true; p.terminate(); break }
            usleep(10_000)
        }
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                      seconds: seconds, timedOut: timedOut || p.terminationReason == .uncaughtSignal)
    }

    enum RunError: Error { case noBinary }
}
