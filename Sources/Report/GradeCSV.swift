/// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF; a field holding a
/// comma, quote, CR or LF (or leading/trailing space) is quoted with inner quotes doubled.
public enum GradeCSV {
    public static func field(_ text: String) -> String {
        var t = text
        // A gradebook spreadsheet would run a field starting with = + - @ as a formula: names are
        // student-chosen, so such a field gets a leading apostrophe (shown as text, never evaluated).
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        let needsQuotes = t.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || t.hasPrefix(" ") || t.hasSuffix(" ")
        guard needsQuotes else { return t }
        var quoted = "\""
        for c in t { quoted.append(c); if c == "\"" { quoted.append("\"") } }
        return quoted + "\""
    }

    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
