import Capture
import Model
import OpenFlow
import Wire

/// The steps of one client connection, in order; a fault can end it early or add a retransmission.
enum ConnectionStep {
    /// The client's SYN enters the switch; no entry matches, so it goes to the controller.
    case clientSYN
    /// The controller decides and sends FLOW_MOD + BARRIER_REQUEST + PACKET_OUT.
    case controllerForward
    /// The switch answers the barrier; the released SYN leaves rewritten.
    case forwardInstalled
    /// The client's SYN again after 1 s (the first was lost), now through the installed entry.
    case retransmittedSYN
    /// The server's SYN-ACK enters the switch and goes to the controller.
    case serverSynAck
    /// The controller installs the reverse entry.
    case controllerReverse
    /// The switch answers the barrier; the SYN-ACK leaves rewritten.
    case reverseInstalled
    /// The rest of the connection, through both entries.
    case transfer
}

/// A switch entry too broad for its connection (`too_broad_match`): later connections from the
/// same port that it matches bypass the controller. Idles out like the others.
struct BroadFlow {
    var match: OFMatch
    var actions: [OFAction]
    var lastUsed: Int64
}

/// One live client connection's state.
struct Connection {
    var index: Int
    var host: Int
    var port: UInt16
    var faults: FaultSet
    var record: ConnectionRecord
    var clientISN: UInt32
    var serverISN: UInt32
    var ipID: UInt16 = 0
    var forwardActions: [OFAction] = []
    var reverseActions: [OFAction] = []
    var server: IPv4Address?
    /// SYNs the controller left unanswered (`FaultSet.labIndexError`).
    var unansweredSYNs = 0

    init(index: Int, host: Int, port: UInt16, faults: FaultSet, start: Int64, setup: LabSetup) {
        self.index = index; self.host = host; self.port = port; self.faults = faults
        // Deterministic, well spread initial sequence numbers.
        var r = SplitMix64(seed: UInt64(index) &+ 0x1234)
        clientISN = UInt32(truncatingIfNeeded: r.next())
        serverISN = UInt32(truncatingIfNeeded: r.next())
        record = ConnectionRecord(index: index, client: LabSetup.hostIP(host), clientPort: port, start: timestamp(start),
                                  faults: faults.names, completed: false)
    }

    var clientIP: IPv4Address { LabSetup.hostIP(host) }
    var clientMAC: MACAddress { LabSetup.hostMAC(host) }

    /// A packet from the client to the service, as the client sends it.
    mutating func fromClient(_ setup: LabSetup, seq: UInt32, ack: UInt32, flags: TCPFlags) -> TCPPacket {
        // A SYN and its retransmissions carry the same IP id; later segments count up.
        if flags != .syn { ipID &+= 1 }
        return TCPPacket(srcMAC: clientMAC, dstMAC: LabSetup.balancerMAC, srcIP: clientIP, dstIP: setup.serviceIP,
                         srcPort: port, dstPort: 80, seq: seq, ack: ack, flags: flags, window: 42340,
                         mss: flags == .syn, ipID: ipID)
    }

    /// A packet from `server` to the client, as the server sends it.
    func fromServer(_ server: IPv4Address, seq: UInt32, ack: UInt32, flags: TCPFlags) -> TCPPacket {
        let h = LabSetup.host(of: server)!
        return TCPPacket(srcMAC: LabSetup.hostMAC(h), dstMAC: clientMAC, srcIP: server, dstIP: clientIP,
                         srcPort: 80, dstPort: port, seq: seq, ack: ack, flags: flags, window: 43440,
                         mss: flags == [.syn, .ack], ipID: 0)
    }

    /// The exact OpenFlow 1.0 match of a packet entering on `inPort` (untagged: dl_vlan 0xffff).
    static func exactMatch(_ p: TCPPacket, inPort: UInt16) -> OFMatch {
        OFMatch(wildcards: 0, inPort: inPort, dlSrc: p.srcMAC, dlDst: p.dstMAC, dlVlan: 0xffff, dlType: EtherType.ipv4,
                nwProto: IPProtocol.tcp, nwSrc: p.srcIP, nwDst: p.dstIP, tpSrc: p.srcPort, tpDst: p.dstPort)
    }
}

/// What the lab's HTTP exchange carries (curl's request, Python's http.server's answer).
enum HTTPExchange {
    static let request: [UInt8] = Array("GET / HTTP/1.1\r\nHost: 10.0.1.1\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n".utf8)

    static func response(host: Int) -> [UInt8] {
        let body = "<html><body><h1>h\(host)</h1></body></html>\n"
        return Array(("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-type: text/html\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }
}
