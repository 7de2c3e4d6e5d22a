// libFuzzer target: a whole `lbtrace check` over a synthesised capture. The input is read as
// segments (Segments.swift), written as an Ethernet pcap file — control connections to 6633 and
// data-plane packets to the service — and run through SessionReplay, LabChecks and every renderer.
// The first byte chooses whether the configuration is given or inferred (bit 0), the policy (bit 1),
// whether the report is folded as the replay finishes connections, as `check` does (bit 2), and
// whether the data plane goes to a second file, merged by time with the first (bit 3).
import Capture
import Replay
import Report
import Wire

#if canImport(Glibc)
import Glibc
#endif

private let scratchPath = "/tmp/lbtrace-fuzz-replay-\(getpid()).pcap"
private let dataPlanePath = "/tmp/lbtrace-fuzz-replay-\(getpid())-dp.pcap"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplay(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let all = UnsafeRawBufferPointer(start: data, count: size)
    let bytes = UnsafeRawBufferPointer(rebasing: all[1...])
    // Bit 3: the data plane in a file of its own, so that the session's files are merged by time
    // (one file goes straight from the file to the engine).
    let split = all[0] & 8 == 8
    let header: [UInt8] = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]
    var files = [header, header]
    var seconds: UInt32 = 1_700_000_000, micros: UInt32 = 0
    var frame: [UInt8] = []
    for s in parseSegments(bytes) {
        micros += s.delay
        seconds += micros / 1_000_000; micros %= 1_000_000
        frame.removeAll(keepingCapacity: true)
        appendFrame(s, payload: UnsafeRawBufferPointer(rebasing: bytes[s.payload]), to: &frame)
        let f = split && s.dataPlane ? 1 : 0
        for v in [seconds, micros, UInt32(frame.count), UInt32(frame.count)] {
            files[f] += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)]
        }
        files[f] += frame
    }
    guard files[0].withUnsafeBytes({ writeBytes($0, to: scratchPath) }) else { return 0 }
    var paths = [scratchPath]
    if split {
        guard files[1].withUnsafeBytes({ writeBytes($0, to: dataPlanePath) }) else { return 0 }
        paths.append(dataPlanePath)
    }
    var options = ReplayOptions()
    if all[0] & 1 == 1 {
        options.serviceIP = IPv4Address(10, 0, 1, 1)
        options.servers = [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)]
        options.lbMAC = MACAddress(rawValue: 0x0000_0000_00fe)
    }
    if all[0] & 2 == 2 { options.policy = .random }
    guard let sources = try? SessionSources.expand(paths) else { return 0 }
    let report: CheckReport
    if all[0] & 4 == 4 {
        // As `lbtrace check` runs: connections judged as the replay finishes them, small report limits.
        guard let config = try? SessionReplay.resolveConfig(sources, options: options) else { return 0 }
        var limits = ReportLimits()
        limits.findingsPerCheck = 3
        limits.connectionRows = 2
        guard let (_, judged) = try? LabChecks.replayAndJudge(sources, options: options, config: config, limits: limits) else { return 0 }
        report = judged
    } else {
        guard let analysis = try? SessionReplay.run(sources, options: options) else { return 0 }
        report = LabChecks.evaluate(analysis)
    }
    _ = TextReportRenderer(colour: false).render(report)
    _ = JSONReportRenderer.render(report)
    _ = JUnitRenderer.render(report, suiteName: "fuzz")
    return 0
}

func writeBytes(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
    guard let f = fopen(path, "wb") else { return false }
    defer { fclose(f) }
    return fwrite(bytes.baseAddress, 1, bytes.count, f) == bytes.count
}
