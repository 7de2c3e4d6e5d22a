// libFuzzer target: arbitrary bytes as a capture file, read through CaptureReader and the whole
// `lbtrace decode` path (FrameDumper: Wire layers, control-channel reassembly, OpenFlow JSON and text).
// Built by Scripts/fuzz.sh; the input is written to a temporary file because libpcap reads files.
import Capture
import Report

#if canImport(Glibc)
import Glibc
#endif

/// One path per process: libFuzzer runs inputs one after another in a single thread.
private let scratchPath = "/tmp/lbtrace-fuzz-capture-\(getpid()).pcap"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard writeScratch(bytes, to: scratchPath) else { return 0 }
    // Text and JSON renderings take different paths through the summaries; alternate on the last byte.
    var options = FrameDumper.Options()
    options.json = size > 0 && bytes[size - 1] & 1 == 1
    guard let dumper = try? FrameDumper(path: scratchPath, options: options) else { return 0 }
    var total = 0
    let outcome = dumper.run { line in total &+= line.count }
    precondition(outcome.frames >= 0 && total >= 0)
    return 0
}

func writeScratch(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
    guard let f = fopen(path, "wb") else { return false }
    defer { fclose(f) }
    if bytes.isEmpty { return true }
    return fwrite(bytes.baseAddress, 1, bytes.count, f) == bytes.count
}
