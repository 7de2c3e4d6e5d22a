import Capture
import Model
import OpenFlow
import Wire

/// What the user said about the session; anything nil is inferred from the capture.
public struct ReplayOptions: Sendable {
    public var serviceIP: IPv4Address?
    public var servers: [IPv4Address]?
    public var lbMAC: MACAddress?
    public var policy: ServerPolicy = .roundRobin
    public var controllerPorts: Set<UInt16> = [6633, 6653]

    public init(serviceIP: IPv4Address? = nil, servers: [IPv4Address]? = nil, lbMAC: MACAddress? = nil,
                policy: ServerPolicy = .roundRobin, controllerPorts: Set<UInt16> = [6633, 6653]) {
        self.serviceIP = serviceIP; self.servers = servers; self.lbMAC = lbMAC; self.policy = policy
        self.controllerPorts = controllerPorts
    }
}

public enum ReplayError: Error, CustomStringConvertible {
    /// No file of the session could be read at all.
    case unreadable([InputDiagnostic])
    /// The configuration could not be inferred; the message names the flag to give.
    case configuration(InferenceError)

    public var description: String {
        switch self {
        case .unreadable(let d): d.map(\.description).joined(separator: "\n")
        case .configuration(let e): e.description
        }
    }
}

/// Runs a whole session: a first pass infers what flags did not say, a second replays the
/// timeline through the model. Both passes stream the files.
public enum SessionReplay {
    ///
    /// `retire`: when given, each connection is handed to it once finished (quiet for the flow-memory
    /// timeout and forgotten by the controller), in the order clients first reached the controller,
    /// and the returned analysis holds no connections; memory then follows the live connections, not
    /// the length of the capture. Without it, every connection is kept and returned.
    /// `keepFlowMods`: false drops the FLOW_MODs themselves from the install traces (see `ReplayEngine.keepsFlowMods`).
    /// `resolved`: the configuration when the caller already resolved it (`resolveConfig`), to save the inference pass.
    public static func run(_ sources: SessionSources, options: ReplayOptions = ReplayOptions(), resolved resolvedConfig: ResolvedConfig? = nil,
                           keepFlowMods: Bool = true, retire: ((ConnectionTrace) -> Void)? = nil) throws(ReplayError) -> SessionAnalysis {
        let resolved: ResolvedConfig
        if let given = resolvedConfig { resolved = given } else { resolved = try resolveConfig(sources, options: options) }
        let scanner = SessionScanner(sources: sources, controllerPorts: options.controllerPorts, keepsPacketData: false)
        if scanner.nothingReadable { throw .unreadable(scanner.diagnostics) }
        var modelConfig = BalancerConfig(serviceIP: resolved.serviceIP.value, servers: resolved.servers.value,
                                         lbMAC: resolved.lbMAC.value, policy: options.policy)
        modelConfig.lbMAC = resolved.lbMAC.value
        modelConfig.decisionLogLimit = 0 // the traces carry each decision; the model's log would grow with the capture
        let engine = ReplayEngine(config: resolved, modelConfig: modelConfig)
        engine.retire = retire
        engine.keepsFlowMods = keepFlowMods
        scanner.run(into: engine)
        return engine.finish(files: scanner.files, diagnostics: scanner.diagnostics,
                             framesRead: scanner.framesRead, bytesRead: scanner.bytesRead)
    }

    /// The inference pass: reads the PACKET_OUTs and FLOW_MODs sent to the switch until every probe
    /// target has shown itself a few times (30 s of capture after the first probe: the lab probes
    /// each server every 5 s), or to the end when there are no probes; a file that shows itself to
    /// be data plane only (no control-channel segment while another file has them: see
    /// `ConfigScan.DataPlaneCut`) is not read to its end.
    public static func resolveConfig(_ sources: SessionSources, options: ReplayOptions) throws(ReplayError) -> ResolvedConfig {
        var inference = ConfigInference()
        let needed = options.serviceIP == nil || (options.servers ?? []).isEmpty || options.lbMAC == nil
        if needed {
            var scan = ConfigScan(sources: sources, controllerPorts: options.controllerPorts)
            if scan.nothingReadable { throw .unreadable(scan.openErrors) }
            var firstProbe: Timestamp?
            scan.run { c in
                if let first = firstProbe, c.time.interval(since: first) > 30 { return false }
                switch c.view.body {
                case .packetOut:
                    if let arp = c.packet?.arp, arp.operation == 1 {
                        inference.probes.append(.init(serviceIP: arp.senderIP, server: arp.targetIP, mac: arp.senderMAC, frame: c.ref))
                        firstProbe = firstProbe ?? c.time
                    }
                case .flowMod(let f):
                    var nwDst: IPv4Address?, nwSrc: IPv4Address?, dlSrc: MACAddress?
                    for a in f.actions {
                        switch a {
                        case .setNwDst(let ip): nwDst = ip
                        case .setNwSrc(let ip): nwSrc = ip
                        case .setDlSrc(let mac): dlSrc = mac
                        default: break
                        }
                    }
                    if nwDst != nil {
                        let matched = f.match.nwDstPrefixLength == 32 ? f.match.nwDst : nil
                        inference.forwards.append(.init(matchedDestination: matched, server: nwDst, frame: c.ref))
                    }
                    if nwSrc != nil || dlSrc != nil { inference.reverses.append(.init(source: nwSrc, mac: dlSrc, frame: c.ref)) }
                default:
                    break
                }
                return true
            }
        }
        do {
            let r = try inference.resolve(serviceIP: options.serviceIP, servers: options.servers, lbMAC: options.lbMAC)
            return ResolvedConfig(serviceIP: r.serviceIP, servers: r.servers, lbMAC: r.lbMAC, policy: options.policy)
        } catch {
            throw .configuration(error)
        }
    }
}
