import Common
import Foundation
import NovaTestSupport
import Testing
@testable import NovaScheduler

/// Two scheduler services on one bus share the `scheduler` queue (competing consumers) and one store, as
/// two nova-scheduler processes share RabbitMQ and the database. Racing for the last free slots of a small
/// fleet with caches that never refresh, they place exactly as many instances as fit.
@Suite struct SharedTopicTests {
    enum Bus: String, CaseIterable, CustomStringConvertible {
        case fake, rabbit
        var description: String { rawValue }
    }

    @Test(arguments: Bus.allCases)
    func twoServicesShareTheQueueAndNeverOvercommit(bus: Bus) async throws {
        let vhost = bus == .rabbit ? try TestBroker.makeVhost("sched") : "sched-\(UUID().uuidString)"
        defer { if bus == .rabbit { TestBroker.deleteVhost(vhost) } }
        let url = bus == .rabbit ? TestBroker.url(vhost: vhost) : "fake:///\(vhost)"
        let store = InMemorySchedulerStore()
        let nodes = (0..<3).map { store.addNode(host: "h\($0)", vcpus: 2, memoryMB: 2048, diskGB: 20) }
        var services: [SchedulerService] = []
        var counters: [CountingStore] = []
        for name in ["sched-a", "sched-b"] {
            let counting = CountingStore(store)
            let conf = Fx.conf(["host": .string(name), "rpc_response_timeout": .int(30)])
            let s = try SchedulerService(conf: conf, transport: try TransportFactory.make(url: url), store: counting,
                                         refresh: HostManager.Refresh(minInterval: 3600, overlap: 0))
            try await s.scheduler.hostManager.refreshNow()
            try await s.server.start()
            services.append(s)
            counters.append(counting)
        }
        let api = SchedulerRPCAPI(conf: Fx.conf(["rpc_response_timeout": .int(30)]),
                                  transport: try TransportFactory.make(url: url))
        let flavor = Fx.flavor(vcpus: 1, memoryMB: 1024, rootGB: 1)
        let placed = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 {
                group.addTask {
                    do {
                        _ = try await api.selectDestinations(Fx.user(), requestSpec: Fx.spec(flavor, instance: "i\(i)"),
                                                             instanceUUIDs: ["i\(i)"])
                        return true
                    } catch { return false }
                }
            }
            var n = 0
            for await ok in group where ok { n += 1 }
            return n
        }
        for s in services { await s.server.stop() }
        #expect(placed == 6)
        #expect(store.allocationCount == 6)
        for n in nodes { #expect(store.usage(node: n).vcpus <= 2 && store.usage(node: n).memoryMB <= 2048) }
        #expect(counters.allSatisfy { $0.claims.withLock { $0 } > 0 })
    }
}
