/// A min-heap of timed events; ties go in insertion order, so a session is reproducible.
struct EventQueue<Event> {
    private struct Entry {
        var time: Int64
        var seq: Int
        var event: Event
        func before(_ o: Entry) -> Bool { (time, seq) < (o.time, o.seq) }
    }

    private var heap: [Entry] = []
    private var counter = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ event: Event, at time: Int64) {
        heap.append(Entry(time: time, seq: counter, event: event))
        counter += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].before(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (time: Int64, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l].before(heap[m]) { m = l }
            if r < heap.count && heap[r].before(heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return (top.time, top.event)
    }
}

/// The client connections of a scenario in start order: the explicit clients and the
/// generator's stream merged by time, produced one at a time (nothing is listed in advance).
struct ArrivalStream {
    struct Arrival {
        var time: Int64
        var host: Int
        var port: UInt16
    }

    private let explicit: [Scenario.Client]
    private var nextExplicit = 0
    private let generator: Scenario.Generator?
    private var generated = 0
    private var nextGeneratedTime: Double
    private var rng: SplitMix64
    private let hosts: [Int]
    private var ports: [Int: UInt16] = [:]

    init(_ setup: LabSetup) {
        explicit = setup.clients
        generator = setup.generator
        rng = SplitMix64(seed: setup.generator?.seed ?? 1)
        let all = (1...setup.hosts).filter { !setup.servers.contains(LabSetup.hostIP($0)) }
        hosts = (setup.generator?.hosts).flatMap { $0.isEmpty ? nil : $0 } ?? Array(all.prefix(4))
        nextGeneratedTime = setup.generator?.start ?? 3
    }

    var exhausted: Bool { nextExplicit >= explicit.count && generated >= (generator?.connections ?? 0) }

    mutating func next() -> Arrival? {
        let e = nextExplicit < explicit.count ? explicit[nextExplicit] : nil
        let g = generated < (generator?.connections ?? 0) ? nextGeneratedTime : nil
        if let e, g.map({ e.start <= $0 }) ?? true {
            nextExplicit += 1
            return Arrival(time: Int64((e.start * 1e6).rounded()), host: e.host, port: e.port)
        }
        guard let g, let gen = generator else { return nil }
        generated += 1
        let host = hosts[Int(rng.next() % UInt64(hosts.count))]
        // Ephemeral ports count up per host through Linux's range, so no port returns within a run
        // of fewer than 28232 connections per host (a returning port would hit the flow memory).
        let port = ports[host, default: 32768]
        ports[host] = port >= 60999 ? 32768 : port + 1
        // Exponential gaps with mean 1/rate, at least 1 ms apart so steps of connections seldom interleave.
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        nextGeneratedTime += max(0.001, -log(1 - u) / (gen.rate ?? 10))
        return Arrival(time: Int64((g * 1e6).rounded()), host: host, port: port)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
