/// Turns submission names (which students choose) into file names that stay inside the output
/// folder whatever they contain.
///
/// Invariant of every name returned: 1...`maxLength` characters from `[A-Za-z0-9._-]`, no `/`,
/// not starting or ending with `.` (so never `.`, `..` or a hidden file), and — from `unique` —
/// distinct even on a case-insensitive file system.
public enum GradeFileNames {
    public static let maxLength = 80

    public static func sanitise(_ name: String) -> String {
        var out = ""
        for s in name.unicodeScalars {
            guard out.utf8.count < maxLength else { break }
            let ok = (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "-" || s == "_" || s == "."
            out.unicodeScalars.append(ok ? s : "_")
        }
        // A leading dot hides the file (or makes `.`/`..`); a trailing one is dropped by some systems.
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        if out.hasSuffix(".") { out = out.dropLast() + "_" }
        return out.isEmpty ? "submission" : out
    }

    /// Sanitised, distinct names for `names`, in order. Every name whose sanitised form is free
    /// (ignoring case, and not in `reserved`) keeps it, the first of equal ones included; only the
    /// later duplicates are numbered `-2`, `-3`, ... (before the length bound), skipping any name
    /// another submission keeps. So the submission `bob-2` is always `bob-2`, never a second `bob`.
    public static func unique(_ names: [String], reserved: Set<String> = []) -> [String] {
        let bases = names.map(sanitise)
        var taken = Set(reserved.map { $0.lowercased() })
        var result = [String?](repeating: nil, count: names.count)
        // First every name that is free keeps it, so that numbering cannot take it later.
        for (i, base) in bases.enumerated() where taken.insert(base.lowercased()).inserted {
            result[i] = base
        }
        for (i, base) in bases.enumerated() where result[i] == nil {
            var k = 2
            var candidate: String
            repeat {
                let suffix = "-\(k)"
                candidate = String(base.prefix(maxLength - suffix.count)) + suffix
                k += 1
            } while taken.contains(candidate.lowercased())
            taken.insert(candidate.lowercased())
            result[i] = candidate
        }
        return result.map { $0! }
    }
}
