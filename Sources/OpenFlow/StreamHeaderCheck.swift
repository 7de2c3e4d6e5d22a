import Wire

// Is this the start of an OpenFlow message? Used to recognise a control
// channel on an unknown port and to find a message boundary again after a gap.

/// Plausibility of an OpenFlow header, from the message type tables of the
/// OpenFlow 1.0 to 1.5 specifications.
public enum OFHeaderCheck {
    /// The highest message type each version defines (index = wire version - 1):
    /// 1.0 QUEUE_GET_CONFIG_REPLY 21, 1.1 QUEUE_GET_CONFIG_REPLY 23, 1.2 ROLE_REPLY 25,
    /// 1.3 METER_MOD 29, 1.4 BUNDLE_ADD_MESSAGE 34, 1.5 CONTROLLER_STATUS 35.
    @usableFromInline static let maxType: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (21, 23, 25, 29, 34, 35)

    /// The wire version numbers 1 (OpenFlow 1.0) ... 6 (OpenFlow 1.5).
    public static let versions: ClosedRange<UInt8> = 1...6

    /// The highest defined message type of `version`, or nil for an unknown version.
    @inlinable
    public static func maxType(ofVersion version: UInt8) -> UInt8? {
        switch version {
        case 1: maxType.0
        case 2: maxType.1
        case 3: maxType.2
        case 4: maxType.3
        case 5: maxType.4
        case 6: maxType.5
        default: nil
        }
    }

    /// True when version, type and length (the first four header bytes) could start a message:
    /// version 1...6 (or exactly `expectedVersion` when given), a type that version defines, length at least 8.
    @inlinable
    public static func isPlausible(version: UInt8, type: UInt8, length: UInt16, expectedVersion: UInt8? = nil) -> Bool {
        if let expectedVersion, version != expectedVersion { return false }
        guard let maxType = maxType(ofVersion: version) else { return false }
        return type <= maxType && length >= 8
    }

    /// True when `bytes` begins with an OpenFlow HELLO (any version 1...6, type 0, length ≥ 8).
    @inlinable
    public static func startsWithHello(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 8 else { return false }
        return versions.contains(bytes[0]) && bytes[1] == 0 && bytes.u16(2) >= 8
    }
}
