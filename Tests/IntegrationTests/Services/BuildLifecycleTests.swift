import Common
import Foundation
import NovaDB
import NovaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Conductor, scheduler and two computes as real processes over RabbitMQ and SQLite (issue 6's checks).
@Suite(.serialized) struct BuildLifecycleTests {
    @Test func bootsGoActiveUsageRisesAndDeletesGiveItBack() async throws {
        try await ServiceStack.with(computes: [("c1", []), ("c2", [])]) { stack in
            var booted: [Instance] = []
            for n in 0..<4 { booted.append(try await stack.boot(name: "vm\(n)")) }
            for b in booted {
                let i = try await stack.settled(b.uuid)
                #expect(i.vmState == .active, "instance \(i.uuid): \(i.vmState.map { "\($0)" } ?? "nil")")
                #expect(i.taskState == nil)
                #expect(i.host == "c1" || i.host == "c2")
                #expect(try await stack.eventually {
                    try await stack.events(b.uuid).contains { $0 == ("compute_build_and_run_instance", "Success") }
                })
            }
            #expect(try await stack.used(.vcpu) == 4)
            #expect(try await stack.used(.memoryMB) == 4 * 512)
            let api = ComputeRPCAPI(conf: stack.conf, transport: stack.transport)
            for b in booted {
                let current = try await stack.store.instance(uuid: b.uuid)
                try await api.terminateInstance(RequestContext(isAdmin: true), instance: current)
            }
            #expect(try await stack.eventually { try await stack.used(.vcpu) == 0 })
            for b in booted {
                let gone = try await stack.eventually {
                    do { _ = try await stack.store.instance(uuid: b.uuid); return false } catch is InstanceNotFound {
                        return true
                    }
                }
                #expect(gone)
            }
        }
    }

    @Test func aFailedSpawnIsRescheduledToTheOtherHost() async throws {
        // c1 is bigger, so the weighers put it first; it fails every spawn.
        let computes: [(host: String, options: [String])] = [
            ("c1", ["--fake.fail_every_nth_spawn=1", "--fake.memory_mb=262144"]), ("c2", []),
        ]
        try await ServiceStack.with(computes: computes) { stack in
            // The scheduler re-reads hosts at most once a second: let it see both nodes' sizes first.
            try await Task.sleep(for: .milliseconds(1500))
            let b = try await stack.boot()
            let i = try await stack.settled(b.uuid)
            #expect(i.vmState == .active)
            #expect(i.host == "c2")
            #expect(try await stack.events(b.uuid).contains { $0 == ("compute_build_and_run_instance", "Error") })
            #expect(try await stack.eventually { try await stack.used(.vcpu) == 1 })
            #expect(try await stack.store.allocations(consumer: b.uuid).count > 0)
        }
    }

    @Test func whenEveryHostFailsTheServerGoesToErrorWithTheRetryFault() async throws {
        let failing = ["--fake.fail_every_nth_spawn=1"]
        try await ServiceStack.with(computes: [("c1", failing), ("c2", failing)]) { stack in
            let b = try await stack.boot()
            let i = try await stack.settled(b.uuid)
            #expect(i.vmState == .error)
            let fault = try await stack.store.latestFaults(instanceUUIDs: [b.uuid])[b.uuid]
            #expect(fault?.message?.hasPrefix("Exceeded maximum number of retries.") == true,
                    "fault: \(fault?.message ?? "none")")
            #expect(try await stack.eventually { try await stack.used(.vcpu) == 0 })
        }
    }

    @Test func aComputeThatStopsReportingIsAvoided() async throws {
        try await ServiceStack.with(computes: [("c1", []), ("c2", [])]) { stack in
            let c1 = try #require(stack.child("c1"))
            c1.signal(SIGSTOP)  // heartbeats stop; service_down_time is 4 s in this stack
            let down = try await stack.eventually(within: 20) {
                try await !stack.store.isComputeUp(host: "c1", serviceDownTime: 4)
            }
            #expect(down)
            try await Task.sleep(for: .seconds(2))  // the scheduler's host cache refreshes at most once a second
            for n in 0..<3 {
                let i = try await stack.settled(try await stack.boot(name: "after\(n)").uuid)
                #expect(i.vmState == .active)
                #expect(i.host == "c2")
            }
            c1.signal(SIGCONT)
        }
    }

    @Test func aComputeKilledMidBuildLeavesNothingInBuildAfterRestart() async throws {
        try await ServiceStack.with(computes: [("c1", ["--fake.spawn_delay=60"])]) { stack in
            let b = try await stack.boot()
            let spawning = try await stack.eventually {
                try await stack.store.instance(uuid: b.uuid).taskState == .spawning
            }
            #expect(spawning)
            let c1 = try #require(stack.child("c1"))
            c1.signal(SIGKILL)
            _ = await c1.exitStatus(within: 10)
            try stack.spawn("nova-compute", tag: "c1", ["--host", "c1"])
            let i = try await stack.settled(b.uuid)
            #expect(i.vmState == .error)
            #expect(i.taskState == nil)
        }
    }
}
