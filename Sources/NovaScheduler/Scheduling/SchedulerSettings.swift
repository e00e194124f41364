import Common

/// The scheduler's configuration as one value, built from `Config` at start and again on each reload
/// (the filter and weigher options are mutable), so a request sees one consistent set.
public struct SchedulerSettings: Sendable {
    /// The enabled filters, as configured.
    public var filters: [any HostFilter]
    public var weighers: [WeigherEntry]
    public var hostSubsetSize: Int
    public var maxAttempts: Int
    public var shuffleBestSameWeighedHosts: Bool
    public var maxInstancesPerHost: Int
    /// `[DEFAULT] service_down_time`: a compute whose last heartbeat is older is down.
    public var serviceDownTime: Int
    /// `[DEFAULT] default_availability_zone`: the zone of hosts in no zoned aggregate.
    public var defaultAvailabilityZone: String
    public var imageDefaultArchitecture: String?

    public init(filters: [any HostFilter], weighers: [WeigherEntry], hostSubsetSize: Int = 1, maxAttempts: Int = 3,
                shuffleBestSameWeighedHosts: Bool = false, maxInstancesPerHost: Int = 50, serviceDownTime: Int = 60,
                defaultAvailabilityZone: String = "nova", imageDefaultArchitecture: String? = nil) {
        self.filters = filters
        self.weighers = weighers
        self.hostSubsetSize = max(1, hostSubsetSize)
        self.maxAttempts = max(1, maxAttempts)
        self.shuffleBestSameWeighedHosts = shuffleBestSameWeighedHosts
        self.maxInstancesPerHost = maxInstancesPerHost
        self.serviceDownTime = serviceDownTime
        self.defaultAvailabilityZone = defaultAvailabilityZone
        self.imageDefaultArchitecture = imageDefaultArchitecture
    }

    /// The filters a request runs: the enabled ones, with ComputeFilter first when the list leaves it out,
    /// because a disabled, forced-down or silent compute must never be picked (forcing a host still can).
    public var effectiveFilters: [any HostFilter] {
        filters.contains { $0 is ComputeFilter } ? filters : [ComputeFilter()] + filters
    }

    /// Reads the options; an unknown filter or weigher name is an error that lists the known ones.
    public init(conf: Config) throws(SchedulerConfigError) {
        let filters = try FilterRegistry.resolve(conf[SchedulerOptions.enabledFilters])
        let weighers = try WeigherRegistry.resolve(conf[SchedulerOptions.weightClasses], conf: conf)
        // Declared by the API's options; read by key so the scheduler does not depend on where it lives.
        let zone = conf.value(OptDefinition.Key("DEFAULT", "default_availability_zone"))?.description
        self.init(filters: filters, weighers: weighers, hostSubsetSize: conf[SchedulerOptions.hostSubsetSize],
                  maxAttempts: conf[SchedulerOptions.maxAttempts],
                  shuffleBestSameWeighedHosts: conf[SchedulerOptions.shuffleBestSameWeighedHosts],
                  maxInstancesPerHost: conf[SchedulerOptions.maxInstancesPerHost],
                  serviceDownTime: conf[CommonOptions.serviceDownTime],
                  defaultAvailabilityZone: zone.flatMap { $0.isEmpty ? nil : $0 } ?? "nova",
                  imageDefaultArchitecture: conf[SchedulerOptions.imagePropertiesDefaultArchitecture])
    }

    /// Nova's defaults, without a config (tests, the benchmark).
    public static var defaults: SchedulerSettings {
        // The default names are known: resolving them cannot fail.
        let filters = (try? FilterRegistry.resolve(defaultFilterNames)) ?? []
        return SchedulerSettings(filters: filters, weighers: WeigherRegistry.defaultEntries)
    }

    /// `[filter_scheduler] enabled_filters` by default (Nova's list).
    public static var defaultFilterNames: [String] {
        [String].read(SchedulerOptions.enabledFilters.definition.defaultValue)
    }
}
