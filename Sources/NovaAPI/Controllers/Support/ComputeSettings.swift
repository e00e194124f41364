import Common
import Foundation

/// What the resources need from the configuration, read once (`ComputeSettings(config:)`) or set in tests.
public struct ComputeSettings: Sendable {
    /// `[quota]` defaults, by Nova's resource name.
    public var quotaDefaults = QuotaLimits([
        "instances": 10, "cores": 20, "ram": 51200, "metadata_items": 128, "injected_files": 5,
        "injected_file_content_bytes": 10240, "injected_file_path_bytes": 255, "key_pairs": 100,
        "server_groups": 10, "server_group_members": 10,
    ])
    public var defaultAvailabilityZone = "nova"
    public var internalServiceAvailabilityZone = "internal"
    /// The zone given to servers created without one (`[DEFAULT] default_schedule_zone`).
    public var defaultScheduleZone: String?
    /// `[DEFAULT] service_down_time`: a service whose last heartbeat is older is down.
    public var serviceDownTime: TimeInterval = 60
    /// `[api] enable_instance_password`: answer an `adminPass` on create.
    public var enableInstancePassword = true
    /// The clock services' liveness is judged by (tests pin it).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    public init(config: Config) {
        self.init()
        let q = ComputeAPIOptions.self
        quotaDefaults = QuotaLimits([
            "instances": config[q.instances], "cores": config[q.cores], "ram": config[q.ram],
            "metadata_items": config[q.metadataItems], "injected_files": config[q.injectedFiles],
            "injected_file_content_bytes": config[q.injectedFileContentBytes],
            "injected_file_path_bytes": config[q.injectedFilePathLength], "key_pairs": config[q.keyPairs],
            "server_groups": config[q.serverGroups], "server_group_members": config[q.serverGroupMembers],
        ])
        defaultAvailabilityZone = config[q.defaultAvailabilityZone]
        internalServiceAvailabilityZone = config[q.internalServiceAvailabilityZone]
        defaultScheduleZone = config[q.defaultScheduleZone].flatMap { $0.isEmpty ? nil : $0 }
        serviceDownTime = TimeInterval(config[CommonOptions.serviceDownTime])
        enableInstancePassword = config[q.enableInstancePassword]
    }

    /// Nova's servicegroup DB driver: up unless forced down, while the last heartbeat (`last_seen_up`, else
    /// `updated_at`, else `created_at`) is at most `service_down_time` old.
    public func isUp(_ service: Service) -> Bool {
        if service.forcedDown { return false }
        guard let last = service.lastSeenUp ?? service.updatedAt ?? service.createdAt else { return false }
        return abs(now().timeIntervalSince(last)) <= serviceDownTime
    }
}
