import Common
import Foundation
import NovaDB
import NovaTestSupport
import Testing

/// Two nova-scheduler processes share the `scheduler` queue over RabbitMQ and one SQLite database. Eight
/// one-vCPU boots race for the four vCPUs of a two-node fleet: exactly four fit, the rest fail with
/// NoValidHost, and no node ends up past its capacity, whichever scheduler placed what.
@Suite(.serialized) struct TwoSchedulerProcessesTests {
    @Test func twoSchedulersRacingForTheLastSlotsNeverOvercommit() async throws {
        let computes: [(host: String, options: [String])] = [("c1", ["--fake.vcpus=2"]), ("c2", ["--fake.vcpus=2"])]
        // Allocation ratio 1: each node holds exactly two one-vCPU servers. Debug logs name each placement.
        let extra = "debug = true\ncpu_allocation_ratio = 1.0\n"
        try await ServiceStack.with(computes: computes, extraConf: extra) { stack in
            try stack.spawn("nova-scheduler", tag: "scheduler2", ["--host", "sched2"])
            #expect(try await stack.eventually {
                try await stack.store.service(host: "sched2", binary: "nova-scheduler") != nil
            }, "the second scheduler never registered: \(stack.log("scheduler2"))")
            // Both schedulers' caches have seen both (empty) nodes before the race starts.
            try await Task.sleep(for: .milliseconds(1500))

            let booted = try await withThrowingTaskGroup(of: Instance.self) { group in
                for n in 0..<8 { group.addTask { try await stack.boot(name: "race\(n)") } }
                var all: [Instance] = []
                for try await i in group { all.append(i) }
                return all
            }
            var active = 0, noValidHost = 0
            for b in booted {
                let i = try await stack.settled(b.uuid)
                if i.vmState == .active {
                    active += 1
                } else {
                    #expect(i.vmState == .error, "\(i.uuid) left in \(String(describing: i.vmState))")
                    #expect(i.fault?.message?.contains("No valid host") == true,
                            "\(i.uuid) fault: \(i.fault?.message ?? "none")")
                    noValidHost += 1
                }
            }
            #expect(active == 4)
            #expect(noValidHost == 4)
            for usage in try await stack.store.nodeUsages() {
                #expect((usage.used["VCPU"] ?? 0) <= 2, "node \(usage.node.hypervisorHostname ?? "?") over capacity")
            }
            #expect(try await stack.used(.vcpu) == 4)
            // The shared queue gave work to both processes.
            for tag in ["scheduler", "scheduler2"] {
                let log = stack.log(tag)
                #expect(log.contains("Placed ") || log.contains("Could not place"), "\(tag) scheduled nothing")
            }
        }
    }
}
