// libFuzzer target: one OpenFlow message. The view (`OFMessageView(checking:)`), its JSON with the
// carried packet decoded, its summary; the allocating `OFMessage(parsing:)`, its emit, and a second
// parse of what was emitted, which must equal the first (a message that parses can be written back).
import OpenFlow
import Wire

nonisolated(unsafe) private var writer = JSONWriter(capacity: 1 << 12)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOpenFlow(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let view = try? OFMessageView(checking: bytes) {
        writer.reset()
        view.writeJSON(into: &writer, direction: "to_switch") { w, packet in
            w.key("data"); w.beginObject()
            DecodedPacket.decode(linkType: 1, packet).writeJSON(into: &w)
            w.endObject()
        }
        _ = view.summary
        if let range = view.dataRange {
            precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "dataRange outside the message")
            _ = bytes.slice(range).map { DecodedPacket.decode(linkType: 1, $0).summary }
        }
    }
    if let message = try? OFMessage(parsing: bytes) {
        let emitted = message.emit()
        let again: OFMessage
        do { again = try OFMessage(parsing: emitted) } catch {
            preconditionFailure("emitted message does not parse: \(error)")
        }
        // Fixed-width names (ports, desc and table stats) are text in the Repr: bytes that are not
        // UTF-8, or a name filling its field with no NUL, cannot be written back as they came. For
        // those the first emit normalises and must then be stable; every other message must come
        // back exactly.
        let carriesNames = [6, 12, 17].contains(bytes[1])
        precondition(carriesNames || again == message, "parse → emit → parse changed the message")
        precondition(again.emit() == emitted, "emit is not stable: emit(parse(emit(m))) != emit(m)")
        _ = message.summary
    }
    return 0
}
