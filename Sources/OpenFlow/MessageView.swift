import Wire

/// One checked OpenFlow message as a view: the header and a view of its body.
/// Made by `init(checking:)` over the bytes of exactly one message (as the framer delivers it);
/// decoding allocates nothing.
///
/// Messages of another version, or of a type 1.0 does not define, are `.raw`: their header
/// was checked, their body is left alone.
public struct OFMessageView {
    public let header: OFHeader
    public let body: Body

    public enum Body {
        case hello
        case error(OFErrorView)
        case echoRequest(OFEchoView)
        case echoReply(OFEchoView)
        case vendor(OFVendorView)
        case featuresRequest
        case featuresReply(OFFeaturesReplyView)
        case getConfigRequest
        case getConfigReply(OFSwitchConfigView)
        case setConfig(OFSwitchConfigView)
        case packetIn(OFPacketInView)
        case flowRemoved(OFFlowRemovedView)
        case portStatus(OFPortStatusView)
        case packetOut(OFPacketOutView)
        case flowMod(OFFlowModView)
        case portMod(OFPortModView)
        case statsRequest(OFStatsRequestView)
        case statsReply(OFStatsReplyView)
        case barrierRequest
        case barrierReply
        case queueGetConfigRequest(OFQueueGetConfigRequestView)
        case queueGetConfigReply(OFQueueGetConfigReplyView)
        /// Another version or an unknown type: the bytes after the header.
        case raw(UnsafeRawBufferPointer)
    }

    public init(checking bytes: UnsafeRawBufferPointer) throws(OFDecodeError) {
        header = try OFHeader(checking: bytes)
        guard let type = header.type else { body = .raw(header.body); return }
        // The header is checked: PACKET_IN, PACKET_OUT and FLOW_MOD, most of a session's messages,
        // check only their bodies (the header again was a tenth of checking a message).
        switch type {
        case .hello: body = .hello
        case .error: body = .error(try OFErrorView(checking: bytes))
        case .echoRequest: body = .echoRequest(try OFEchoView(checking: bytes))
        case .echoReply: body = .echoReply(try OFEchoView(checking: bytes))
        case .vendor: body = .vendor(try OFVendorView(checking: bytes))
        case .featuresRequest: body = .featuresRequest
        case .featuresReply: body = .featuresReply(try OFFeaturesReplyView(checking: bytes))
        case .getConfigRequest: body = .getConfigRequest
        case .getConfigReply: body = .getConfigReply(try OFSwitchConfigView(checking: bytes))
        case .setConfig: body = .setConfig(try OFSwitchConfigView(checking: bytes))
        case .packetIn: body = .packetIn(try OFPacketInView(headerChecked: bytes))
        case .flowRemoved: body = .flowRemoved(try OFFlowRemovedView(checking: bytes))
        case .portStatus: body = .portStatus(try OFPortStatusView(checking: bytes))
        case .packetOut: body = .packetOut(try OFPacketOutView(headerChecked: bytes))
        case .flowMod: body = .flowMod(try OFFlowModView(headerChecked: bytes))
        case .portMod: body = .portMod(try OFPortModView(checking: bytes))
        case .statsRequest: body = .statsRequest(try OFStatsRequestView(checking: bytes))
        case .statsReply: body = .statsReply(try OFStatsReplyView(checking: bytes))
        case .barrierRequest: body = .barrierRequest
        case .barrierReply: body = .barrierReply
        case .queueGetConfigRequest: body = .queueGetConfigRequest(try OFQueueGetConfigRequestView(checking: bytes))
        case .queueGetConfigReply: body = .queueGetConfigReply(try OFQueueGetConfigReplyView(checking: bytes))
        }
    }

    /// Where the carried packet lies in the message (PACKET_IN, PACKET_OUT), nil for other types.
    public var dataRange: Range<Int>? {
        switch body {
        case .packetIn(let v): v.dataRange
        case .packetOut(let v): v.dataRange
        default: nil
        }
    }
}
