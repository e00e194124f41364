import Common
import Foundation
import NovaDB
import Testing

/// Two operating-system processes claim on the same nodes until every node is full: the database alone
/// keeps them from overcommitting. The processes are this test binary again, running `claimWorker`.
@Suite("Claims from two processes")
struct ClaimProcessesTests {
    static let env = ProcessInfo.processInfo.environment

    @Test("two processes claiming on the same nodes never pass any node's capacity", arguments: TestEngine.allCases)
    func twoProcesses(engine: TestEngine) async throws {
        let url = try await engine.freshURL("claims2p")
        let db = try await Database.open(url, poolSize: 1)
        try await SchemaMigrator(database: db).sync()
        let store = NovaStore(database: db)
        defer { store.close() }
        var nodes: [String] = []
        for n in 0..<50 {
            // 4 claims of 1 VCPU fit on each node.
            let node = try await store.updateComputeNode(
                Fixtures.node(host: "h\(n % 4)", name: "n\(n)"),
                inventory: Fixtures.inventory(vcpus: 4, ram: 8192, disk: 100))
            nodes.append(node.uuid)
        }
        let barrier = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: barrier, withIntermediateDirectories: true)
        let nodeList = nodes  // a constant copy: both workers get it concurrently
        async let a = Self.spawnWorker(url: url, nodes: nodeList, id: 0, barrier: barrier)
        async let b = Self.spawnWorker(url: url, nodes: nodeList, id: 1, barrier: barrier)
        let (winsA, winsB) = try await (a, b)
        print("two processes claiming on \(engine): \(winsA) + \(winsB) claims")
        #expect(winsA + winsB == 200)
        for usage in try await store.nodeUsages() {
            #expect(usage.used["VCPU"] == 4, "node \(usage.node.hypervisorHostname ?? "")")
            #expect(usage.free(.vcpu) == 0)
        }
    }

    /// The worker side: runs only inside a process `twoProcesses` started.
    @Test(
        "claim worker (runs inside the processes the two-process test starts)",
        .enabled(if: env["NOVA_CLAIM_WORKER_URL"] != nil))
    func claimWorker() async throws {
        let url = try #require(Self.env["NOVA_CLAIM_WORKER_URL"])
        let nodes = (Self.env["NOVA_CLAIM_WORKER_NODES"] ?? "").split(separator: ",").map(String.init)
        let id = Int(Self.env["NOVA_CLAIM_WORKER_ID"] ?? "0") ?? 0
        let store = NovaStore(database: try await Database.open(url, poolSize: 2))
        defer { store.close() }
        // Start together: each worker says it is ready, then waits (bounded) for the other.
        let barrier = try #require(Self.env["NOVA_CLAIM_WORKER_BARRIER"])
        try #require(FileManager.default.createFile(atPath: "\(barrier)/ready-\(id)", contents: nil))
        let deadline = Date(timeIntervalSinceNow: 60)
        while !(0..<2).allSatisfy({ FileManager.default.fileExists(atPath: "\(barrier)/ready-\($0)") }) {
            try #require(Date() < deadline, "the other claim worker never became ready")
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        var open = Set(nodes)
        var wins = 0
        var i = id * 7
        while !open.isEmpty {
            let node = nodes[i % nodes.count]
            i += 1
            guard open.contains(node) else { continue }
            do {
                try await store.claim(consumer: UUID().uuidString, nodeUUID: node, vcpus: 1, memoryMB: 256, diskGB: 1)
                wins += 1
            } catch is ClaimFailed {
                open.remove(node)
            }
        }
        print("CLAIM-WORKER wins=\(wins)")
    }

    /// Runs this test binary with only `claimWorker` enabled; returns the claims it won.
    static func spawnWorker(url: String, nodes: [String], id: Int, barrier: String) async throws -> Int {
        try await withCheckedThrowingContinuation { cont in
            Thread {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                p.arguments = ["--testing-library", "swift-testing", "--filter", "claimWorker"]
                var env = ProcessInfo.processInfo.environment
                env["NOVA_CLAIM_WORKER_URL"] = url
                env["NOVA_CLAIM_WORKER_NODES"] = nodes.joined(separator: ",")
                env["NOVA_CLAIM_WORKER_ID"] = String(id)
                env["NOVA_CLAIM_WORKER_BARRIER"] = barrier
                p.environment = env
                let out = Pipe()
                p.standardOutput = out
                p.standardError = out
                p.standardInput = FileHandle.nullDevice
                do { try p.run() } catch {
                    cont.resume(throwing: error)
                    return
                }
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                let line = text.split(separator: "\n").first { $0.hasPrefix("CLAIM-WORKER wins=") }
                guard p.terminationStatus == 0, let line, let wins = Int(line.dropFirst("CLAIM-WORKER wins=".count))
                else {
                    cont.resume(throwing: WorkerFailed(output: text))
                    return
                }
                cont.resume(returning: wins)
            }.start()
        }
    }

    struct WorkerFailed: Error, CustomStringConvertible {
        let output: String
        var description: String { "claim worker failed:\n\(output.suffix(3000))" }
    }
}
