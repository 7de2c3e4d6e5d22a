import Foundation
import Testing

/// The product's modules do not import Foundation (FoundationEssentials, which the argument parser
/// links anyway, is allowed): Foundation and ICU add 1,764 protocol conformances that the Swift
/// runtime scans on each first dynamic cast, dozens of them in argument parsing, some 6 M
/// instructions (20%) of `check` on a lab session (docs/PERFORMANCE.md, start-up). Tests may.
struct NoFoundationTests {
    @Test func sourcesDoNotImportFoundation() throws {
        let sources = LBTrace.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        for f in files {
            let text = try String(contentsOf: sources.appendingPathComponent(f), encoding: .utf8)
            var guarded = false // `import Foundation` as the #else of `#if canImport(FoundationEssentials)` is for Darwin
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let l = line.trimmingCharacters(in: .whitespaces)
                if l.hasPrefix("#if canImport(FoundationEssentials)") { guarded = true }
                if l == "#endif" { guarded = false }
                if l.hasPrefix("import Foundation") && !l.hasPrefix("import FoundationEssentials") {
                    #expect(guarded, "\(f): imports Foundation")
                }
            }
        }
    }
}
