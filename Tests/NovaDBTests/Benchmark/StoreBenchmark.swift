import Common
import Foundation
import NovaDB
import Testing

/// Figures for the issue's "Measured" section, printed per engine: object create/read/update rates, a list
/// of 1,000 instances with their flavors, and claims per second with two concurrent claimers on 1,000
/// nodes. Opt-in (`NOVA_DB_BENCH=1`): it is a measurement, and the machine is shared; nothing is asserted
/// about time, only that the work was done.
@Suite("NovaDB benchmark", .enabled(if: ProcessInfo.processInfo.environment["NOVA_DB_BENCH"] != nil), .serialized)
struct StoreBenchmark {
    static let objects = 1000

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func rate(_ n: Int, _ d: Duration) -> String { String(format: "%8.0f/s", Double(n) / max(seconds(d), 1e-9)) }

    @Test("store figures", arguments: TestEngine.allCases)
    func figures(engine: TestEngine) async throws {
        let store = try await engine.openStore(poolSize: 4)
        defer { store.close() }
        let clock = ContinuousClock()
        let flavor = try await store.createFlavor(Fixtures.flavor("1", name: "m1.small", vcpus: 1, ram: 2048, disk: 20))
        var uuids: [String] = []
        let create = try await clock.measure {
            for n in 0..<Self.objects {
                uuids.append(try await store.createInstance(Fixtures.instance(name: "vm-\(n)", flavor: flavor)).uuid)
            }
        }
        let all = uuids
        let read = try await clock.measure {
            for u in all { _ = try await store.instance(uuid: u) }
        }
        let update = try await clock.measure {
            for u in all {
                _ = try await store.saveInstance(uuid: u, changes: ["vm_state": "active", "task_state": .null])
            }
        }
        var listed = 0
        let list = try await clock.measure {
            for _ in 0..<5 {
                let page = try await store.instances(limit: 1000)
                #expect(page.allSatisfy { $0.flavor?.name == "m1.small" })
                listed = page.count
            }
        }
        #expect(listed == Self.objects)
        let (claims, claimTime) = try await Self.claims(engine)
        print(
            """
            NovaDB benchmark (\(engine)): \(Self.objects) instances
              create \(Self.rate(Self.objects, create))  read \(Self.rate(Self.objects, read))  \
            update \(Self.rate(Self.objects, update))
              list 1000 instances with flavors: \(String(format: "%.1f", Self.seconds(list) / 5 * 1000)) ms
              claims, 2 concurrent claimers on 1000 nodes: \(Self.rate(claims, claimTime)) (\(claims) claims)
            """)
    }

    /// Two claimers, each on its own pool of connections, claiming across 1,000 nodes.
    static func claims(_ engine: TestEngine) async throws -> (Int, Duration) {
        let url = try await engine.freshURL("bench")
        let setup = try await Database.open(url, poolSize: 1)
        try await SchemaMigrator(database: setup).sync()
        let admin = NovaStore(database: setup)
        defer { admin.close() }
        var nodes: [String] = []
        for n in 0..<1000 {
            nodes.append(
                try await admin.updateComputeNode(
                    Fixtures.node(host: "h\(n / 10)", name: "n\(n)"),
                    inventory: Fixtures.inventory(vcpus: 64, ram: 262_144, disk: 10_000)
                ).uuid)
        }
        let a = NovaStore(database: try await Database.open(url, poolSize: 1))
        let b = NovaStore(database: try await Database.open(url, poolSize: 1))
        defer {
            a.close()
            b.close()
        }
        let perClaimer = 1000
        let list = nodes
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { g in
            for (k, s) in [a, b].enumerated() {
                g.addTask {
                    for i in 0..<perClaimer {
                        try await s.claim(
                            consumer: "c\(k)-\(i)", nodeUUID: list[(i * 7 + k) % list.count], vcpus: 1,
                            memoryMB: 512, diskGB: 1)
                    }
                }
            }
            try await g.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let total = try await admin.nodeUsages().reduce(0) { $0 + ($1.used["VCPU"] ?? 0) }
        #expect(total == 2 * perClaimer)
        return (2 * perClaimer, elapsed)
    }
}
