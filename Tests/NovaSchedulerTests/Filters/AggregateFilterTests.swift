import Common
import Testing
@testable import NovaScheduler

@Suite struct AggregateFilterTests {
    let ssd = Fx.host("a", aggregates: [Fx.aggregate("fast", hosts: ["a"], metadata: ["ssd": "true", "cores": "32"])])
    let plain = Fx.host("b")

    func extraSpecsPass(_ h: HostState, _ specs: [String: String]) -> Bool {
        AggregateInstanceExtraSpecsFilter().hostPasses(h, Fx.request(Fx.spec(Fx.flavor(extraSpecs: specs))))
    }

    @Test func extraSpecsMustBeInTheHostsAggregateMetadata() {
        #expect(extraSpecsPass(ssd, ["aggregate_instance_extra_specs:ssd": "true"]))
        #expect(!extraSpecsPass(plain, ["aggregate_instance_extra_specs:ssd": "true"]))
        #expect(!extraSpecsPass(ssd, ["aggregate_instance_extra_specs:ssd": "false"]))
    }

    @Test func extraSpecsUseTheOperatorsAndIgnoreOtherScopes() {
        #expect(extraSpecsPass(ssd, ["aggregate_instance_extra_specs:cores": ">= 16"]))
        #expect(extraSpecsPass(plain, ["hw:cpu_policy": "dedicated"]))
        #expect(extraSpecsPass(ssd, ["ssd": "true"]))  // unscoped keys count, as in Nova
    }

    @Test func tenantIsolationKeepsIsolatedHostsForTheirProjects() {
        let f = AggregateMultiTenancyIsolation()
        let isolated = Fx.host("a", aggregates: [
            Fx.aggregate("t", hosts: ["a"], metadata: ["filter_tenant_id": "p1, p2", "filter_tenant_id_2": "p3"]),
        ])
        #expect(f.hostPasses(isolated, Fx.request(Fx.spec(project: "p2"))))
        #expect(f.hostPasses(isolated, Fx.request(Fx.spec(project: "p3"))))
        #expect(!f.hostPasses(isolated, Fx.request(Fx.spec(project: "p9"))))
        #expect(f.hostPasses(plain, Fx.request(Fx.spec(project: "p9"))))
    }

    @Test func metadataValuesAreSplitAndMergedAcrossAggregates() {
        let h = HostAggregates([Fx.aggregate("x", hosts: ["a"], metadata: ["k": "1,2"]),
                                Fx.aggregate("y", hosts: ["a"], metadata: ["k": "3"])])
        #expect(h.metadata["k"] == ["1", "2", "3"])
    }
}
