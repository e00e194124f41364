import Common
import Foundation
import Testing
@testable import NovaScheduler

/// select_destinations over the in-process bus, as the conductor calls it through SchedulerRPCAPI.
@Suite struct SchedulerManagerTests {
    let url = "fake:///scheduler-" + UUID().uuidString
    let store = InMemorySchedulerStore()

    func start() async throws -> (SchedulerService, SchedulerRPCAPI) {
        let conf = Fx.conf(["host": .string("sched1"), "rpc_response_timeout": .int(10),
                            "transport_url": .string(url)])
        let service = try SchedulerService(conf: conf, transport: try TransportFactory.make(url: url), store: store,
                                           refresh: HostManager.Refresh(minInterval: 0, overlap: 0))
        try await service.server.start()
        return (service, SchedulerRPCAPI(conf: conf, transport: try TransportFactory.make(url: url)))
    }

    @Test func returnsAClaimedPrimaryAndAlternatesPerInstance() async throws {
        for (h, mem) in [("a", 16384), ("b", 8192), ("c", 4096), ("d", 2048)] {
            store.addNode(host: h, vcpus: 8, memoryMB: mem, diskGB: 100)
        }
        let (service, api) = try await start()
        defer { Task { await service.server.stop() } }
        let lists = try await api.selectDestinations(Fx.user(), requestSpec: Fx.spec(), instanceUUIDs: ["i1", "i2"])
        #expect(lists.count == 2)
        #expect(lists.map(\.count) == [3, 3])
        #expect(Set(lists.map { $0[0].serviceHost }) == ["a", "b"])
        #expect(lists[0].dropFirst().map(\.serviceHost) == ["c", "d"])
        #expect(store.allocation(consumer: "i1") != nil && store.allocation(consumer: "i2") != nil)
    }

    @Test func noValidHostArrivesAsNoValidHostWithItsReason() async throws {
        store.addNode(host: "a", vcpus: 1, memoryMB: 512, diskGB: 10)
        let (service, api) = try await start()
        defer { Task { await service.server.stop() } }
        do {
            _ = try await api.selectDestinations(Fx.user(), requestSpec: Fx.spec(Fx.flavor(memoryMB: 1024)),
                                                 instanceUUIDs: ["i1"])
            Issue.record("placed although nothing fits")
        } catch let e as NoValidHost {
            #expect(e.message == "No valid host was found. There are not enough hosts available. Filters removed: "
                    + "resources (RAM) 1 of 1 host")
        }
    }

    @Test func speaksTheOlderArgumentShapes() async throws {
        store.addNode(host: "a", vcpus: 8, memoryMB: 8192, diskGB: 100)
        let (service, _) = try await start()
        defer { Task { await service.server.stop() } }
        let client = RPCClient(transport: try TransportFactory.make(url: url), topic: "scheduler", version: "4.0",
                               timeout: .seconds(10))
        let reply = try await client.call(Fx.user(), "select_destinations", args: [
            "spec_obj": Fx.spec().toPrimitive(), "instance_uuids": ["i1"],
        ])
        #expect(reply == [["host": "a", "nodename": "a", "limits": [:]]])
        do {
            _ = try await client.call(Fx.user(), "select_destinations", args: ["spec_obj": ["not": "a spec"],
                                                                                "instance_uuids": ["i2"]])
            Issue.record("accepted a request spec that is not one")
        } catch let e as RemoteError {
            #expect(e.exceptionType == "InvalidInput")
            #expect(e.message.contains("not a RequestSpec"))
        }
    }
}
