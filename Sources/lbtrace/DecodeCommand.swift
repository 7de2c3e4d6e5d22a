import ArgumentParser
import Capture
import Report

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode captures one frame per line, OpenFlow messages reassembled from the control channel.",
        discussion: """
        Each line: frame number, time relative to the first frame, addresses, protocol and a summary \
        (tshark-like). OpenFlow messages are shown in the frame that completes them, with the packet \
        inside PACKET_IN/PACKET_OUT decoded in turn.

        `-` reads a capture from standard input and writes each frame's line as soon as the frame \
        arrives, so a capture still being written can be followed: \
        `sudo tcpdump -i lo -U -w - port 6633 | lbtrace decode -`.

        --json writes JSON Lines: one object per frame with `frame` (1-based, as Wireshark numbers \
        frames), `time` (seconds since the epoch), the decoded layers (`eth`, `sll`, `arp`, `ip`, `ipv6`, \
        `tcp`, `udp`, `icmp`, `icmpv6`) and `openflow`, the messages completed in that frame, with their \
        fields named as in the OpenFlow 1.0 spec.

        Exit status: 0 every file read whole; 1 a file was damaged part-way (frames before the damage \
        were decoded; the damage is named on stderr with file, frame and byte offset) or holds records \
        longer than its snapshot length; 2 a file could not be read at all.
        """)

    @Argument(help: ArgumentHelp("Capture files (pcap or pcapng); - for standard input.", valueName: "capture"), completion: .file(extensions: ["pcap", "pcapng"]))
    var captures: [String]

    @Flag(name: .long, help: "Write JSON Lines, one object per frame.")
    var json = false

    @Flag(name: .long, help: "Show only frames that complete OpenFlow messages.")
    var controlOnly = false

    @Option(name: .customLong("of-port"), help: "A TCP port of the OpenFlow control channel (repeatable; 6633 and 6653 are always included).")
    var ofPorts: [UInt16] = []

    func run() throws {
        var worst: Int32 = 0
        let out = StandardStream.output
        // Output not yet written: stdout is written a MiB at a time (see `emit`).
        var buffer: [UInt8] = []
        for (i, path) in captures.enumerated() {
            var options = FrameDumper.Options()
            options.json = json
            options.controlOnly = controlOnly
            options.controllerPorts.formUnion(ofPorts)
            options.fileLabel = captures.count > 1 ? path : nil
            let dumper: FrameDumper
            do { dumper = try FrameDumper(path: path, options: options) } catch {
                StandardStream.error.write("lbtrace: \(error)\n")
                worst = 2
                continue
            }
            if !json && captures.count > 1 {
                buffer.append(contentsOf: "\(i > 0 ? "\n" : "")==> \(path) <==\n".utf8)
            }
            // A stream may still be growing: its lines are written as they come, not a MiB at a time.
            let flushSize = dumper.readsStream ? 1 : Self.flushSize
            func report(_ problem: String) { StandardStream.error.write("lbtrace: \(path): \(problem)\n") }
            let outcome = dumper.run({ lines in Self.emit(lines, buffer: &buffer, to: out, flushSize: flushSize) }, problems: report)
            for p in outcome.streamProblems { report(p) }
            if outcome.unlistedProblems > 0 {
                StandardStream.error.write("lbtrace: \(path): \(outcome.unlistedProblems) more problems not listed\n")
            }
            if outcome.damagedRecords > 0 { worst = max(worst, 1) }
            if let damage = outcome.damage {
                StandardStream.error.write("lbtrace: \(damage); \(outcome.frames) frames before it were decoded\n")
                worst = max(worst, 1)
            }
        }
        if !buffer.isEmpty { buffer.withUnsafeBytes { out.write($0) } }
        if worst != 0 { throw ExitCode(worst) }
    }

    /// Output is written once this much has been buffered, after the line that reaches it.
    static let flushSize = 1 << 20

    /// Buffers `lines` (whole lines) and writes stdout exactly where line-by-line buffering did:
    /// everything buffered, after the first line that brings it to `flushSize` bytes. (What is
    /// still buffered when a file ends is written after that file's messages on stderr, so the
    /// points matter when both streams go to one file.) The dumper's chunks are cut by the same
    /// rule, so for a single file they are written straight from its buffer, without a copy.
    static func emit(_ lines: UnsafeRawBufferPointer, buffer: inout [UInt8], to out: StandardStream, flushSize: Int = flushSize) {
        var rest = lines
        while !rest.isEmpty {
            // The first line end at which the buffer would hold `flushSize` bytes.
            let need = max(1, flushSize - buffer.count)
            guard need <= rest.count,
                  let newline = rest[(need - 1)...].firstIndex(of: UInt8(ascii: "\n")) else {
                buffer.append(contentsOf: rest)
                return
            }
            if !buffer.isEmpty {
                buffer.withUnsafeBytes { out.write($0) }
                buffer.removeAll(keepingCapacity: true)
            }
            out.write(UnsafeRawBufferPointer(rebasing: rest[..<(newline + 1)]))
            rest = UnsafeRawBufferPointer(rebasing: rest[(newline + 1)...])
        }
    }
}
