import Capture
import Model
import OpenFlow
import Wire

// A hand-driven replay of the lab: the topology of `mn --topo single,6 --mac`
// (host hN is 10.0.0.N at 00:00:00:00:00:0N on switch port N), the service at
// 10.0.1.1 answered with the datapath MAC 00:00:00:00:00:01 (POX 0.8), and the
// controller's probe cadence: one probe every 2.5 s alternating between the two
// servers, starting with 10.0.0.1, answered 0.4 ms later by servers that are up.

func ip(_ d: UInt8) -> IPv4Address { IPv4Address(10, 0, 0, d) }
func mac(_ n: UInt8) -> MACAddress { MACAddress(rawValue: UInt64(n)) }
let service = IPv4Address(10, 0, 1, 1)
let datapathMAC = mac(1)

/// Epoch of frame 17 of rr-basic's of.pcap, the first probe.
let t0 = Timestamp(seconds: 1_795_547_976, nanoseconds: 228_380_000)
func at(_ s: Double) -> Timestamp { t0.adding(seconds: s) }

struct LabScenario {
    var model: BalancerModel
    var nextProbe = 0.0
    var rotation: [IPv4Address] = [ip(1), ip(2)]
    var frame = 100
    /// Servers that do not answer probes.
    var silent: Set<IPv4Address> = []

    init(config: BalancerConfig = BalancerConfig(lbMAC: nil)) { model = BalancerModel(config: config) }

    mutating func nextFrame() -> Int { frame += 1; return frame }

    /// Sends (and answers) every probe due up to and including `s` seconds.
    mutating func runProbes(until s: Double) {
        while nextProbe <= s {
            let server = rotation.removeFirst()
            rotation.append(server)
            model.probeSent(to: server, sourceMAC: datapathMAC, at: at(nextProbe), evidence: nextFrame())
            if !silent.contains(server) {
                model.arpReply(from: server, mac: mac(server.rawValue.lowByte), port: UInt16(server.rawValue & 0xff),
                               at: at(nextProbe + 0.0004), evidence: nextFrame())
            }
            nextProbe += 2.5
        }
    }

    /// A client's SYN to the service, at `s` seconds.
    mutating func connect(client: UInt8, port: UInt16, at s: Double) -> Expectation {
        runProbes(until: s)
        let p = PacketKey.tcp(inPort: UInt16(client), dlSrc: mac(client), dlDst: datapathMAC,
                              nwSrc: ip(client), nwDst: service, tpSrc: port, tpDst: 80)
        return model.tcpPacketIn(p, inPort: UInt16(client), at: at(s), evidence: nextFrame())
    }

    /// A server's SYN-ACK to a client, at `s` seconds.
    mutating func answer(server: UInt8, client: UInt8, port: UInt16, at s: Double) -> Expectation {
        runProbes(until: s)
        let p = PacketKey.tcp(inPort: UInt16(server), dlSrc: mac(server), dlDst: mac(client),
                              nwSrc: ip(server), nwDst: ip(client), tpSrc: 80, tpDst: port)
        return model.tcpPacketIn(p, inPort: UInt16(server), at: at(s), evidence: nextFrame())
    }
}

extension UInt32 { var lowByte: UInt8 { UInt8(self & 0xff) } }
