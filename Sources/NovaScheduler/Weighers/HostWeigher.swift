import Common

/// One weigher (nova/scheduler/weights BaseHostWeigher): a raw value per host, which the scheduler
/// normalises to 0...1 across the candidates and adds to the host's weight times the multiplier.
public protocol HostWeigher: Sendable {
    /// The name used in `[filter_scheduler] weight_classes` (Nova's class name).
    static var name: String { get }
    /// The option holding the multiplier; its name is also the aggregate metadata key overriding it.
    var multiplierOption: Opt<Double> { get }
    /// Fixed bounds for normalisation; nil: the smallest / largest raw value among the candidates.
    var minval: Double? { get }
    var maxval: Double? { get }
    /// Whether the weigher can tell hosts apart for this request; when not it adds nothing and is skipped.
    func applies(to request: HostRequest) -> Bool
    func weigh(_ host: HostState, _ request: HostRequest) -> Double
    /// The raw values of `hosts[i]` for each i in `indices`, into `raw` (same order). The default loop is
    /// compiled for each weigher, so `weigh` is called directly on states read in place.
    func weighAll(_ indices: [Int], of hosts: [HostState], _ request: HostRequest, into raw: inout [Double])
}

extension HostWeigher {
    public var minval: Double? { nil }
    public var maxval: Double? { nil }
    public func applies(to request: HostRequest) -> Bool { true }
    public func weighAll(_ indices: [Int], of hosts: [HostState], _ request: HostRequest,
                         into raw: inout [Double]) {
        for (k, i) in indices.enumerated() { raw[k] = weigh(hosts[i], request) }
    }
    public var name: String { Self.name }
}

/// A weigher with its configured multiplier.
public struct WeigherEntry: Sendable {
    public let weigher: any HostWeigher
    public let multiplier: Double

    public init(_ weigher: any HostWeigher, multiplier: Double) {
        self.weigher = weigher
        self.multiplier = multiplier
    }

    /// The multiplier for `host`: the smallest value of the aggregate metadata key named like the
    /// option, when the host's aggregates set one that is a number; else the configured one.
    public func multiplier(for host: HostState) -> Double {
        guard host.aggregates.overridesWeights,
              let values = host.aggregates.metadata[weigher.multiplierOption.definition.name]
        else { return multiplier }
        let numbers = values.compactMap { Double($0) }
        guard numbers.count == values.count, let m = numbers.min() else { return multiplier }
        return m
    }
}
