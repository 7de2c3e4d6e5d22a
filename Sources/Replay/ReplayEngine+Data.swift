import Capture
import Model
import OpenFlow
import Wire

extension ReplayEngine {
    /// A data-plane packet: only client connections to the service are followed, to see whether
    /// each client's handshake completed with the service IP as its peer. Kept per connection
    /// (the client's SYN usually reaches the data-plane capture before its PACKET_IN reaches the
    /// controller) and joined to the connections at the end.
    func data(_ d: DataPacket) {
        hasDataPlane = true
        dataPackets += 1
        guard let e = d.segment else { return }
        let service = config.serviceIP.value
        let servers = config.servers.value
        let (src, srcPort, dst, dstPort) = (e.source, e.sourcePort, e.destination, e.destinationPort)
        let syn = e.flags.contains(.syn) && !e.flags.contains(.ack)
        let synAck = e.flags.contains([.syn, .ack])
        let rst = e.flags.contains(.rst)
        let limit = limits.refsPerDataList
        if dst == service {
            // Client to service, as the client sent it.
            update(ConnectionKey(client: src, clientPort: srcPort, servicePort: dstPort), d, notable: syn || rst) { t in
                if syn { t.clientSYN.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
                if rst { t.clientRST.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
            }
        } else if src == service {
            // Service to client: the reverse rewrite's output.
            update(ConnectionKey(client: dst, clientPort: dstPort, servicePort: srcPort), d, notable: synAck) { t in
                if synAck { t.synAckFromService.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
            }
        } else if servers.contains(src) && !servers.contains(dst) {
            // Server to client: the server's reply before (or without) the reverse rewrite.
            update(ConnectionKey(client: dst, clientPort: dstPort, servicePort: srcPort), d, notable: synAck) { t in
                if synAck { t.synAckFromServer.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
            }
        } else if servers.contains(dst) && !servers.contains(src) {
            // Client to server: the forward rewrite's output, or a client answering a server directly.
            update(ConnectionKey(client: src, clientPort: srcPort, servicePort: dstPort), d, notable: syn || rst) { t in
                if syn { t.synToServer.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
                if rst { t.clientRST.append(d.ref, boundedBy: limit, omitted: &omitted.dataRefs) }
            }
        }
    }

    /// `notable`: the packet is one the trace lists, so its time and port are kept (only those,
    /// not every packet of the connection).
    private func update(_ key: ConnectionKey, _ d: DataPacket, notable: Bool, _ body: (DataPlaneTrace.Lists) -> Void) {
        let limit = 5 * limits.refsPerDataList
        // One lookup for the whole update: the trace is changed in its slot.
        let added = dataTraces.modifyValue(forKey: key, default: { DataPlaneTrace() }) { trace in
            let t = trace.unique()  // one uniqueness check for all the fields below
            body(t)
            t.packets += 1
            t.lastSeen = d.time
            // Bounded like the lists the frames belong to (each list keeps at most refsPerDataList).
            if notable && t.frameInfo.count < limit {
                t.frameInfo[d.ref] = DataFrameInfo(
                    time: d.time, switchPort: d.switchPort, outgoing: d.outgoing, sequence: d.segment?.sequenceNumber)
            }
        }
        if added { dataOrder.append((key, d.time)) }
        touch(key, at: d.time)
    }
}

extension DataPlaneTrace {
    /// Copies of one segment (one sequence number) in a merged capture closer than this belong to
    /// one burst: a transmission and its forwarding, and transmissions sent before the switch
    /// forwarded the first. A server's own retransmissions come a second or more apart; a
    /// controller slow to release the first packet is still well within it.
    static let copyBurstGap = 0.5

    /// Which server-sourced SYN-ACKs left the switch towards the client on `clientPort`: those
    /// captured on that port, or captured as outgoing (Linux cooked), or — in a merged capture that
    /// says neither — the later half of each burst of copies of the same segment. Every forwarded
    /// transmission appears twice there, entering and then leaving, byte for byte the same; when a
    /// server sends a segment twice before the switch forwards the first (rr-buggy-reverse), both
    /// entering copies come first. (Counting every copy after the first took each retransmission's
    /// entering copy for a delivered one; every second copy took the second entering one.)
    func deliveredServerSynAcks(clientPort: UInt16) -> [FrameRef] {
        var delivered: [Int] = []
        var bursts: [UInt32: (copies: [Int], last: Timestamp)] = [:]
        func close(_ copies: [Int]) { delivered += copies.suffix(copies.count / 2) }
        for (i, r) in synAckFromServer.enumerated() {
            guard let info = frameInfo[r] else { delivered.append(i); continue }
            if let port = info.switchPort { if port == clientPort { delivered.append(i) }; continue }
            if let out = info.outgoing { if out { delivered.append(i) }; continue }
            guard let s = info.sequence else { delivered.append(i); continue }
            if let b = bursts[s], info.time.interval(since: b.last) <= Self.copyBurstGap {
                bursts[s] = (b.copies + [i], info.time)
            } else {
                if let b = bursts[s] { close(b.copies) }
                bursts[s] = ([i], info.time)
            }
        }
        for b in bursts.values { close(b.copies) }
        return delivered.sorted().map { synAckFromServer[$0] }
    }
}
