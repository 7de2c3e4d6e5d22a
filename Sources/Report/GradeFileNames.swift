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

    /// Sanitised, distinct names for `names`, in order: a later name that collides (ignoring case)
    /// with an earlier one, or with one of `reserved`, gets `-2`, `-3`, ... before the length bound.
    public static func unique(_ names: [String], reserved: Set<String> = []) -> [String] {
        var taken = Set(reserved.map { $0.lowercased() })
        var result: [String] = []
        result.reserveCapacity(names.count)
        for n in names {
            let base = sanitise(n)
            var candidate = base
            var k = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = "-\(k)"
                candidate = String(base.prefix(maxLength - suffix.count)) + suffix
                k += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }
}
