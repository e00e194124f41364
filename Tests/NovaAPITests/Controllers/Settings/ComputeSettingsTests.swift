import Common
import Foundation
import Testing

@testable import NovaAPI

@Suite("Compute settings")
struct ComputeSettingsTests {
    @Test("quotas, zones and liveness come from the configuration")
    func fromConfig() {
        let conf = Config(
            definitions: NovaOptions.all,
            overrides: [
                "quota.instances": .int(3), "default_availability_zone": .string("zone-a"),
                "service_down_time": .int(30), "api.enable_instance_password": .bool(false),
            ])
        let s = ComputeSettings(config: conf)
        #expect(s.quotaDefaults["instances"] == 3)
        #expect(s.quotaDefaults["cores"] == 20)
        #expect(s.defaultAvailabilityZone == "zone-a")
        #expect(s.internalServiceAvailabilityZone == "internal")
        #expect(s.serviceDownTime == 30)
        #expect(s.enableInstancePassword == false)
    }

    @Test("a service is up while its last heartbeat is at most service_down_time old, and never when forced down")
    func liveness() {
        var s = ComputeSettings()
        let now = Date(timeIntervalSince1970: 1_000_000)
        s.now = { now }
        var service = Service(host: "h", binary: "nova-compute", topic: "compute")
        service.lastSeenUp = now.addingTimeInterval(-60)
        #expect(s.isUp(service))
        service.lastSeenUp = now.addingTimeInterval(-61)
        #expect(!s.isUp(service))
        service.lastSeenUp = now
        service.forcedDown = true
        #expect(!s.isUp(service))
    }
}
