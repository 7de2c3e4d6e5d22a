import Capture
import Model
import Wire

extension ReplayEngine {
    /// How long a connection must have been quiet before it can be finished: the controller's
    /// flow memory outlives the last packet by its timeout (300 s in the lab), and a PACKET_IN
    /// waits up to `responseWindow` for its answer.
    var quietPeriod: Double { flowMemorySeconds + responseWindow }

    /// A PACKET_IN or data-plane packet of the connection `key` was seen at `t`.
    func touch(_ key: ConnectionKey, at t: Timestamp) {
        if let i = connectionIndex[key] { touch(number: i, at: t) }
    }

    /// The same for the live connection numbered `i`, already looked up.
    func touch(number i: Int, at t: Timestamp) {
        if lastSeen[i - liveBase] < t { lastSeen[i - liveBase] = t }
    }

    /// Finishes the oldest connections whose story is over at `t`: quiet for `quietPeriod`, and
    /// forgotten by the controller's flow memory (under `ExpiryTiming.atProbe` the memory is only
    /// cleared at a probe, so a capture whose probes stopped keeps its connections live). A packet
    /// of the same client port after that is a new connection, as it is for the controller.
    ///
    /// Oldest first, so that connections are finished in the order clients first reached the
    /// controller whether or not a sink is set; a long-lived connection at the front holds back
    /// the ones behind it until it ends. Data-plane traces no connection claimed are swept too.
    func retireQuiet(before t: Timestamp) {
        let quiet = quietPeriod
        let forgotten = model.memoryKeysForgotten
        var blocked = false
        while retiredFront < liveConnections.count, t.interval(since: lastSeen[retiredFront]) > quiet {
            // Held by the memory when last asked, and no key forgotten since: held still.
            if blockedFront == liveBase + retiredFront && forgotten == retireForgottenSeen { blocked = true; break }
            // Fields read in place: the connection is not copied to ask about it.
            let forwardKey = FlowKey(srcIP: liveConnections[retiredFront].client, dstIP: config.serviceIP.value,
                                     srcPort: liveConnections[retiredFront].clientPort,
                                     dstPort: liveConnections[retiredFront].servicePort)
            guard !Self.remembers(forwardKey, in: &model) else {
                blockedFront = liveBase + retiredFront
                blocked = true
                break
            }
            prefetchRetiring(retiredFront + Self.retireLookahead)
            retireFront()
        }
        retireForgottenSeen = forgotten
        // A quiet front the memory holds holds back every connection behind it until a key is
        // forgotten (`advance` watches the count); otherwise nothing is due before the front is quiet.
        retireBound = blocked ? .max : frontQuietBound(quiet: quiet)
        // Nothing queued on a capture without a data plane: not even the call.
        if dataOrderHead < dataOrder.count { sweepUnclaimedDataTraces(before: t, quiet: quiet) }
    }

    /// A time (nanoseconds) up to which the oldest live connection cannot be quiet: its latest
    /// packet plus the quiet period, less a microsecond so that no rounding of the interval in
    /// `retireQuiet` can differ. Later packets only move that time on, so the bound stays safe
    /// until the front connection changes, which happens only in `retireQuiet`. `Int64.min`
    /// (always look) when there is no live connection or the times are not exact in nanoseconds.
    private func frontQuietBound(quiet: Double) -> Int64 {
        guard retiredFront < liveConnections.count, quiet >= 0, quiet < 1e6 else { return .min }
        let seen = lastSeen[retiredFront]
        guard seen.isNanosecondExact else { return .min }
        return seen.totalNanoseconds + Int64(quiet * 1e9) - 1_000
    }

    /// Connections are retired in runs (once the flow memory forgets them, at a probe in the lab),
    /// each a cache miss in the connection table: the key of the one this many places on is fetched ahead.
    private static let retireLookahead = 8

    private func prefetchRetiring(_ j: Int) {
        guard j < liveConnections.count else { return }
        connectionIndex.prefetch(ConnectionKey(client: liveConnections[j].client, clientPort: liveConnections[j].clientPort,
                                               servicePort: liveConnections[j].servicePort))
    }

    /// Whether the model's flow memory holds `key`. Through an `inout` access: calling a method on
    /// the class's `model` property directly copied the whole model first (retaining every array in
    /// it), and this is asked on every event while a quiet connection waits for the memory to forget it.
    private static func remembers(_ key: FlowKey, in model: inout BalancerModel) -> Bool {
        model.remembers(key)
    }

    /// Hands the oldest live connection over (with its data-plane trace) and hollows its slot;
    /// slots are compacted away once they are the larger part of the array.
    func retireFront() {
        // Moved out, a hollow trace left in its slot: copying it retained every list it holds.
        var c = ConnectionTrace.hollow
        swap(&c, &liveConnections[retiredFront])
        let key = ConnectionKey(client: c.client, clientPort: c.clientPort, servicePort: c.servicePort)
        // Asked only when there is something to find: without a data plane the table is empty,
        // and removing from an empty dictionary still hashed the key (250 instructions a connection).
        if !dataTraces.isEmpty, var d = dataTraces.removeValue(forKey: key) {
            // Completed before it is stored: `d` is then its box's only holder, and the write does not copy it.
            d.synAckFromServerDelivered = d.deliveredServerSynAcks(clientPort: c.clientSwitchPort)
            c.dataPlane = d
        }
        connectionIndex[key] = nil
        retiredFront += 1
        if retiredFront >= 1024 && 2 * retiredFront >= liveConnections.count {
            liveConnections.removeFirst(retiredFront)
            lastSeen.removeFirst(retiredFront)
            lastInstall.removeFirst(retiredFront)
            liveBase += retiredFront
            retiredFront = 0
        }
        if let retire { retire(c) } else { retired.append(c) }
    }

    /// Data-plane traces of traffic that never became a connection (its PACKET_IN was not captured,
    /// or it is not balanced traffic) are dropped once quiet; they could never be joined to one.
    /// The queue is in the order traces were queued, so only its head can be due: nothing to do on
    /// most events, and each trace is looked at once per quiet period.
    private func sweepUnclaimedDataTraces(before t: Timestamp, quiet: Double) {
        while dataOrderHead < dataOrder.count, t.interval(since: dataOrder[dataOrderHead].queued) > quiet {
            let key = dataOrder[dataOrderHead].key
            dataOrderHead += 1
            // Gone (joined to its connection), or its connection will take it: nothing to sweep.
            guard let seen = dataTraces[key]?.lastSeen, connectionIndex[key] == nil else { continue }
            if t.interval(since: seen) > quiet {
                dataTraces[key] = nil
            } else {
                dataOrder.append((key, t))  // still active: look again a quiet period from now
            }
        }
        if dataOrderHead >= 1024 && 2 * dataOrderHead >= dataOrder.count {
            dataOrder.removeFirst(dataOrderHead)
            dataOrderHead = 0
        }
        // Until the head's time plus the quiet period, nothing queued is due (later entries were
        // queued later). A trace queued into an empty queue finds the bound at `Int64.min`.
        if dataOrderHead < dataOrder.count, quiet >= 0, quiet < 1e6, dataOrder[dataOrderHead].queued.isNanosecondExact {
            sweepBound = dataOrder[dataOrderHead].queued.totalNanoseconds + Int64(quiet * 1e9) - 1_000
        } else {
            sweepBound = .min
        }
    }
}
