import Model
import Wire

/// How a batch of submissions is scored: per check its weight and whether it is required, the
/// policy the controller should follow, the configuration it should run with, and what a check
/// the capture cannot decide is worth.
///
/// Score (0–100) = 100 × Σ wᵢ·creditᵢ / Σ wᵢ over the counted checks, where credit is 1 for
/// pass, 0 for fail, and for not_assessed either the check is left out of both sums (`exclude`)
/// or it counts with the rubric's fraction. Checks the rubric does not name weigh nothing.
/// When no check counts (all excluded, or all weights 0) the score is 0.
/// A submission passes when no required check failed.
public struct Rubric: Sendable, Equatable {
    public struct CheckRule: Sendable, Equatable {
        public var weight: Double
        public var required: Bool
        public init(weight: Double, required: Bool) { self.weight = weight; self.required = required }
    }

    /// What a not_assessed check is worth.
    public enum NotAssessed: Sendable, Equatable {
        /// Left out of the denominator: the score is over what could be decided.
        case exclude
        /// Counted in the denominator with this share of its weight (0 = like a fail).
        case credit(Double)
    }

    /// The configuration a session should show; nil values are not checked.
    public struct ExpectedConfig: Sendable, Equatable {
        public var serviceIP: IPv4Address?
        public var servers: [IPv4Address]?
        public var lbMAC: MACAddress?
        public init(serviceIP: IPv4Address? = nil, servers: [IPv4Address]? = nil, lbMAC: MACAddress? = nil) {
            self.serviceIP = serviceIP; self.servers = servers; self.lbMAC = lbMAC
        }
        public var isEmpty: Bool { serviceIP == nil && servers == nil && lbMAC == nil }
    }

    public var name: String
    public var policy: ServerPolicy
    public var expected: ExpectedConfig
    public var notAssessed: NotAssessed
    /// In the order the rubric lists them (the CSV's column order).
    public var checkIDs: [String]
    public var checks: [String: CheckRule]

    public init(name: String, policy: ServerPolicy, expected: ExpectedConfig, notAssessed: NotAssessed,
                checks: [(String, CheckRule)]) {
        self.name = name; self.policy = policy; self.expected = expected; self.notAssessed = notAssessed
        checkIDs = checks.map(\.0)
        self.checks = Dictionary(checks, uniquingKeysWith: { _, b in b })
    }

    /// The id of the check the rubric adds when it names an expected configuration.
    public static let configurationCheckID = "configuration"

    /// The lab's rubric (also shipped as Fixtures/rubric-lab.json): every check weight 1 except the
    /// decisions (forward rewrite, round robin) and the reverse rewrite, weight 2; the control channel,
    /// both rewrites, round robin, dead-server and end-to-end required; not_assessed left out.
    public static let lab = Rubric(
        name: "lab", policy: .roundRobin,
        expected: ExpectedConfig(serviceIP: IPv4Address("10.0.1.1"), servers: ["10.0.0.1", "10.0.0.2"].compactMap { IPv4Address($0) }),
        notAssessed: .exclude,
        checks: [
            ("control-channel", CheckRule(weight: 1, required: true)),
            ("liveness", CheckRule(weight: 1, required: false)),
            ("forward-rewrite", CheckRule(weight: 2, required: true)),
            ("round-robin", CheckRule(weight: 2, required: true)),
            ("first-packet", CheckRule(weight: 1, required: false)),
            ("flow-memory", CheckRule(weight: 1, required: false)),
            ("reverse-rewrite", CheckRule(weight: 2, required: true)),
            ("dead-server", CheckRule(weight: 1, required: true)),
            ("end-to-end", CheckRule(weight: 1, required: true)),
            (configurationCheckID, CheckRule(weight: 1, required: false)),
        ])

    /// The credit a check earns, or nil when it does not count.
    public func credit(_ status: CheckStatus) -> Double? {
        switch status {
        case .pass: 1
        case .fail: 0
        case .notAssessed:
            switch notAssessed {
            case .exclude: nil
            case .credit(let f): f
            }
        }
    }

    /// The score of a list of check results, 0–100, as documented on the type.
    public func score(_ results: [CheckResult]) -> Double {
        var earned = 0.0, possible = 0.0
        for r in results {
            guard let rule = checks[r.id], rule.weight > 0, let c = credit(r.status) else { continue }
            earned += rule.weight * c
            possible += rule.weight
        }
        return possible > 0 ? 100 * earned / possible : 0
    }

    /// True when no check the rubric requires failed.
    public func passes(_ results: [CheckResult]) -> Bool {
        !results.contains { $0.status == .fail && (checks[$0.id]?.required ?? false) }
    }
}
