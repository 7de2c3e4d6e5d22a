import Testing
import Wire
@testable import OpenFlow

/// Runs `body` over a checked view of `bytes`; a decode error fails the calling test through the throw.
func withView<R>(_ bytes: [UInt8], _ body: (OFMessageView) throws -> R) throws -> R {
    try bytes.withUnsafeBytes { raw in try body(try OFMessageView(checking: raw)) }
}

/// The error `OFMessageView(checking:)` throws for `bytes`, nil when it decodes.
func decodeError(_ bytes: [UInt8]) -> OFDecodeError? {
    bytes.withUnsafeBytes { raw in
        do throws(OFDecodeError) { _ = try OFMessageView(checking: raw); return nil } catch { return error }
    }
}

/// The JSON the view writes, as text.
func json(_ bytes: [UInt8], data: (inout JSONWriter, UnsafeRawBufferPointer) -> Void = { _, _ in }) throws -> String {
    var w = JSONWriter()
    try withView(bytes) { $0.writeJSON(into: &w, data: data) }
    return String(decoding: w.bytes, as: UTF8.self)
}

struct UnexpectedBody: Error {}
