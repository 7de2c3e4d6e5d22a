import Foundation
import Testing
@testable import Capture

/// The file-system operations at the pipeline's edges, on the C library: what they make, and the
/// system's own reason when they cannot.
struct FileSystemTests {
    private func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lbtrace-fs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func kindsOfPaths() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(FileSystem.kind(dir) == .directory)
        #expect(FileSystem.kind(dir + "/nothing") == nil)
        #expect(FileSystem.kind("/dev/null") == .other)
        try FileSystem.write("x", to: dir + "/f")
        #expect(FileSystem.kind(dir + "/f") == .regular)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/f")
        #expect(FileSystem.kind(dir + "/link") == .regular) // followed
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/gone")
        #expect(FileSystem.kind(dir + "/dangling") == nil)
    }

    @Test func makeDirectoriesIsMkdirP() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileSystem.makeDirectories(dir + "/a/b//c/")
        #expect(FileSystem.kind(dir + "/a/b/c") == .directory)
        try FileSystem.makeDirectories(dir + "/a/b/c") // already there: fine
        try FileSystem.write("x", to: dir + "/file")
        #expect(throws: FileSystem.Failure(path: dir + "/file", reason: "not a folder")) {
            try FileSystem.makeDirectories(dir + "/file/sub")
        }
        #expect(throws: FileSystem.Failure(path: "/proc/lbtrace-cannot", reason: String(cString: strerror(ENOENT)))) {
            try FileSystem.makeDirectories("/proc/lbtrace-cannot/x")
        }
    }

    @Test func writeReplacesTheContentAndSaysWhyItCannot() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = String(repeating: "ünïcode line\n", count: 20_000)
        try FileSystem.write(text, to: dir + "/f")
        try FileSystem.write("short\n", to: dir + "/g")
        try FileSystem.write(text, to: dir + "/g")
        try FileSystem.write("short\n", to: dir + "/g") // truncates
        #expect(try String(contentsOfFile: dir + "/f", encoding: .utf8) == text)
        #expect(try String(contentsOfFile: dir + "/g", encoding: .utf8) == "short\n")
        #expect(throws: FileSystem.Failure(path: dir + "/no/f", reason: String(cString: strerror(ENOENT)))) {
            try FileSystem.write("x", to: dir + "/no/f")
        }
        #expect(throws: FileSystem.Failure(path: "/dev/full", reason: String(cString: strerror(ENOSPC)))) {
            try FileSystem.write("x", to: "/dev/full")
        }
    }

    @Test func entriesListTheFolder() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for n in ["b.pcap", ".hidden", "a"] { try FileSystem.write("", to: dir + "/" + n) }
        try FileSystem.makeDirectories(dir + "/sub")
        #expect(FileSystem.entries(dir)?.sorted() == [".hidden", "a", "b.pcap", "sub"])
        #expect(FileSystem.entries(dir)?.sorted() == (try FileManager.default.contentsOfDirectory(atPath: dir)).sorted())
        #expect(FileSystem.entries(dir + "/nothing") == nil)
        #expect(FileSystem.entries(dir + "/a") == nil) // a file, not a folder
    }
}
