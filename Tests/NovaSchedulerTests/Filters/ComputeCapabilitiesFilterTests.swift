import Common
import Testing
@testable import NovaScheduler

@Suite struct ComputeCapabilitiesFilterTests {
    let f = ComputeCapabilitiesFilter()
    let host = Fx.host("a", vcpus: 16, hypervisorType: "QEMU", hypervisorVersion: 6_002_000,
                       cpuInfo: #"{"arch": "x86_64", "features": ["vmx", "avx2"], "topology": {"cores": 8}}"#,
                       stats: ["gpu": "yes"])

    func passes(_ specs: [String: String]) -> Bool {
        f.hostPasses(host, Fx.request(Fx.spec(Fx.flavor(extraSpecs: specs))))
    }

    @Test func matchesTopLevelAttributesWithOperators() {
        #expect(passes(["capabilities:hypervisor_type": "QEMU"]))
        #expect(!passes(["capabilities:hypervisor_type": "s!= QEMU"]))
        #expect(passes(["capabilities:vcpus_total": ">= 16"]))
        #expect(!passes(["capabilities:vcpus_total": ">= 17"]))
    }

    @Test func walksIntoCpuInfo() {
        #expect(passes(["capabilities:cpu_info:arch": "x86_64"]))
        #expect(passes(["capabilities:cpu_info:topology:cores": "= 4"]))
        #expect(!passes(["capabilities:cpu_info:arch": "aarch64"]))
    }

    @Test func aMissingCapabilityFails() {
        #expect(!passes(["capabilities:cpu_info:vendor": "Intel"]))
    }

    @Test func unscopedKeysCountOnlyWhenTheHostHasThem() {
        #expect(passes(["gpu": "yes"]))
        #expect(!passes(["gpu": "no"]))
        #expect(passes(["hw:cpu_policy": "dedicated"]))  // other scope: not ours
        #expect(passes(["no_such_attribute": "x"]))      // unknown unscoped: ignored
    }
}
