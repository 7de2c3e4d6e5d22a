/// A frame of one of the session's capture files: the file's index in the session and its
/// 1-based frame number. Ordered by file, then frame.
public struct FrameRef: Hashable, Comparable, Sendable {
    public var file: Int
    public var frame: Int

    public init(file: Int, frame: Int) { self.file = file; self.frame = frame }

    public static func < (a: FrameRef, b: FrameRef) -> Bool { (a.file, a.frame) < (b.file, b.frame) }
}
