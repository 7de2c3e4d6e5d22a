import Foundation
import Testing
@testable import Wire

/// Bytes from a hex dump (`tshark -x` columns pasted without offsets); spaces and newlines ignored.
func hex(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var pending: UInt8? = nil
    for c in text.utf8 {
        let v: UInt8
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
        default: continue
        }
        if let p = pending { out.append(p << 4 | v); pending = nil } else { pending = v }
    }
    precondition(pending == nil, "odd number of hex digits")
    return out
}

/// A path under the package's Fixtures directory, found from this file's path.
func fixturePath(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}

/// Catches the typed error of a throwing decoder (nil when it did not throw).
func wireError<T>(_ body: () throws(WireError) -> T) -> WireError? {
    do { _ = try body(); return nil } catch { return error }
}

/// `withUnsafeBytes` keeping the decoders' typed error (Array's version rethrows `any Error`).
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(WireError) -> R) throws(WireError) -> R {
    let result: Result<R, WireError> = bytes.withUnsafeBytes { raw in
        do throws(WireError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    return try result.get()
}

/// The error a decoder throws over `bytes`, nil when it succeeds.
func wireError<T>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(WireError) -> T) -> WireError? {
    wireError { () throws(WireError) in try withBytes(bytes, body) }
}
