import Common
import Testing
@testable import NovaScheduler

@Suite struct ImagePropertiesFilterTests {
    let f = ImagePropertiesFilter()
    let x86 = Fx.host("a", hypervisorType: "QEMU", hypervisorVersion: 6_002_000, cpuInfo: #"{"arch": "x86_64"}"#)
    let arm = Fx.host("b", hypervisorType: "QEMU", hypervisorVersion: 7_000_000, cpuInfo: #"{"arch": "aarch64"}"#)

    func passes(_ h: HostState, _ props: [String: String], settings: SchedulerSettings = .defaults) -> Bool {
        f.hostPasses(h, Fx.request(Fx.spec(image: props), settings: settings))
    }

    @Test func anImageWithoutPropertiesRunsAnywhere() {
        #expect(passes(x86, [:]) && passes(arm, [:]))
    }

    @Test func architectureMustMatchCanonically() {
        #expect(passes(x86, ["hw_architecture": "amd64"]))
        #expect(!passes(arm, ["hw_architecture": "x86_64"]))
    }

    @Test func hypervisorTypeMustMatch() {
        #expect(passes(x86, ["img_hv_type": "qemu"]))
        #expect(!passes(x86, ["img_hv_type": "xen"]))
    }

    @Test func requestedHypervisorVersionIsAPredicate() {
        #expect(passes(x86, ["img_hv_requested_version": ">=6.0"]))
        #expect(!passes(x86, ["img_hv_requested_version": ">=7.0"]))
        #expect(passes(arm, ["img_hv_requested_version": ">=6.0,<7.1"]))
        #expect(!passes(arm, ["img_hv_requested_version": ">=6.0,<7.0"]))
    }

    @Test func theDefaultArchitectureAppliesToImagesWithoutOne() {
        var s = SchedulerSettings.defaults
        s.imageDefaultArchitecture = "aarch64"
        #expect(!passes(x86, [:], settings: s))
        #expect(passes(arm, [:], settings: s))
    }

    @Test func advertisedSupportedInstancesWin() {
        let h = Fx.host("c", stats: ["supported_instances": #"[["i686", "qemu", "hvm"]]"#])
        #expect(passes(h, ["hw_architecture": "i386"]))
        #expect(!passes(h, ["hw_architecture": "x86_64"]))
    }
}
