import Foundation
import Testing

/// Captures built to make state grow, through the real binary: each must finish in time and say
/// which bound it reached (ControlChannelLimits for the reassembler, ReplayLimits for the replay,
/// the per-file diagnostic limits of `decode` and `check`).
struct BoundedMemoryTests {
    static let balancer = ["--service-ip", "10.0.1.1", "--servers", "10.0.0.1,10.0.0.2"]
    static let controller: IP = (127, 0, 0, 1)

    /// 3000 switch connections that each send half an OpenFlow header and never another byte.
    /// The reassembler holds at most `maxConnections` (1024) and evicts the oldest; every stream's
    /// unfinished header is reported once, and the report lists a bounded number of them.
    @Test func manyControlStreamsThatNeverFinish() throws {
        var pcap = PcapBuilder()
        for i in 0..<3000 {
            let port = UInt16(10000 + i)
            pcap.append(tcpFrame(from: (127, 0, 0, 2), port, to: Self.controller, 6633, seq: 1000, flags: tcpPSH | tcpACK,
                                 payload: [1, 0, 0]), at: 1.0 + Double(i) * 0.001)
        }
        let path = try pcap.write(to: "many-streams.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }

        let decode = try LBTrace.run(["decode", path])
        #expect(!decode.timedOut && decode.status == 0)
        #expect(decode.stdout.split(separator: "\n").count == 3000)
        #expect(decode.stderr.contains("an unfinished header at the end (3 of 8 bytes)"))
        // 1000 listed (FrameDumper.problemLimit), the other 2000 counted.
        #expect(decode.stderr.contains("2000 more problems not listed"), "\(decode.stderr.suffix(500))")

        let check = try LBTrace.run(["check", path] + Self.balancer)
        #expect(!check.timedOut && check.status < 128)
        #expect(check.stdout.contains("an unfinished header at the end (3 of 8 bytes)"))
        // 200 listed (ReplayLimits.diagnosticsPerFile), the other 2800 counted.
        #expect(check.stdout.contains("2800 more problems in this file were not listed (at most 200 are)"), "\(check.stdout.prefix(3000))")
    }

    /// A HELLO, then a message whose header claims 65535 bytes; 40 segments of 1000 bytes follow
    /// and the capture ends. The framer holds at most one message (≤ 65535 bytes) per direction
    /// and reports the unfinished one with what arrived.
    @Test func messageClaiming64KiBThatNeverCompletes() throws {
        var pcap = PcapBuilder()
        let sw: IP = (127, 0, 0, 1)
        var seq: UInt32 = 5000
        var t = 1.0
        func send(_ payload: [UInt8]) {
            pcap.append(tcpFrame(from: sw, 40000, to: Self.controller, 6633, seq: seq, flags: tcpPSH | tcpACK, payload: payload), at: t)
            seq &+= UInt32(payload.count)
            t += 0.01
        }
        send([1, 0, 0, 8, 0, 0, 0, 1])                                       // HELLO
        send([1, 10, 0xff, 0xff, 0, 0, 0, 2] + [UInt8](repeating: 0xab, count: 992)) // claims 65535
        for _ in 0..<39 { send([UInt8](repeating: 0xcd, count: 1000)) }
        let path = try pcap.write(to: "never-completes.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }

        let decode = try LBTrace.run(["decode", path])
        #expect(!decode.timedOut && decode.status == 0)
        #expect(decode.stderr.contains("frame 2: control channel"))
        #expect(decode.stderr.contains("an unfinished message at the end (40000 of the 65535 bytes its header claims) at stream offset 8; 40000 bytes skipped"),
                "\(decode.stderr)")

        let check = try LBTrace.run(["check", path] + Self.balancer)
        #expect(!check.timedOut && check.status < 128)
        #expect(check.stdout.contains("an unfinished message at the end (40000 of the 65535 bytes its header claims)"))
    }

    /// One client connection whose every packet reaches the controller (no FLOW_MOD ever comes):
    /// 400 PACKET_INs, and 100 retransmitted SYNs on the data plane. The connection keeps its first
    /// 256 install traces and 64 SYN references (ReplayLimits); the rest are counted and reported.
    @Test func longConnectionIsCappedAndCounted() throws {
        var pcap = PcapBuilder()
        let client: IP = (10, 0, 0, 3), service: IP = (10, 0, 1, 1)
        let syn = tcpFrame(from: client, 40000, to: service, 80, seq: 7, flags: tcpSYN)
        var seq: UInt32 = 100
        // The channel from its HELLO: a capture that began mid-session, before any server showed,
        // would not judge PACKET_INs nothing answered (the controller may have had no server).
        let hello: [UInt8] = [1, 0, 0, 8, 0, 0, 0, 0]
        pcap.append(tcpFrame(from: (127, 0, 0, 1), 40000, to: Self.controller, 6633, seq: seq, flags: tcpPSH | tcpACK, payload: hello), at: 0.9)
        seq &+= UInt32(hello.count)
        for i in 0..<400 {
            let t = 1.0 + Double(i) * 0.1
            let message = packetIn(xid: UInt32(i), inPort: 3, data: syn)
            pcap.append(tcpFrame(from: (127, 0, 0, 1), 40000, to: Self.controller, 6633, seq: seq, flags: tcpPSH | tcpACK, payload: message), at: t)
            seq &+= UInt32(message.count)
            if i < 100 { pcap.append(syn, at: t + 0.001) }
        }
        let path = try pcap.write(to: "long-connection.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }

        let check = try LBTrace.run(["check", path] + Self.balancer, limit: 10)
        #expect(!check.timedOut && check.status < 128)
        #expect(check.stdout.contains("memory bounds reached:"), "\(check.stdout.prefix(4000))")
        #expect(check.stdout.contains("144 install traces of long connections"))
        #expect(check.stdout.contains("36 data-plane frame references"))
        #expect(check.stdout.contains("were counted but not kept"))
    }

    /// 5000 clients whose PACKET_INs all arrive within half a second and are never answered: at
    /// most 4096 wait for their response window (ReplayLimits.pendingPacketIns); the oldest are
    /// judged early, counted and reported.
    @Test func floodOfPacketInsIsJudgedEarlyBeyondTheBound() throws {
        var pcap = PcapBuilder()
        var seq: UInt32 = 100
        for i in 0..<5000 {
            let syn = tcpFrame(from: (10, 0, 0, 3), UInt16(20000 + i), to: (10, 0, 1, 1), 80, seq: 7, flags: tcpSYN)
            let message = packetIn(xid: UInt32(i), inPort: 3, data: syn)
            pcap.append(tcpFrame(from: (127, 0, 0, 1), 40000, to: Self.controller, 6633, seq: seq, flags: tcpPSH | tcpACK, payload: message),
                        at: 1.0 + Double(i) * 0.0001)
            seq &+= UInt32(message.count)
        }
        let path = try pcap.write(to: "flood.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let check = try LBTrace.run(["check", path, "--format", "json"] + Self.balancer, limit: 20)
        #expect(!check.timedOut && check.status < 128)
        #expect(check.stdout.contains("904 PACKET_INs were judged before their response window closed (too many waiting at once)"),
                "\(check.stdout.prefix(2000))")
    }
}
