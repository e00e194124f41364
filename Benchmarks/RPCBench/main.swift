import Common
import Foundation

// rpc-bench: call round-trip latency and cast throughput through the RPC layer, for fake:// and for a
// RabbitMQ URL. Usage: rpc-bench [--url rabbit://guest:guest@127.0.0.1:5672/rpc-bench] [--calls N]
// [--casts N]. scripts/rpc-bench.sh makes the vhost and runs the release build.

/// Counts the casts it receives and says when the expected number has arrived.
final class Counter: @unchecked Sendable {
    // @unchecked: `count` and `waiter` are only touched while holding `lock`.
    private let lock = NSLock()
    private var count = 0
    private var target = Int.max
    private var waiter: CheckedContinuation<Void, Never>?

    func hit() {
        let done: CheckedContinuation<Void, Never>? = lock.withLock {
            count += 1
            guard count >= target, let w = waiter else { return nil }
            waiter = nil
            return w
        }
        done?.resume()
    }

    /// Returns once `n` casts have arrived in all.
    func wait(for n: Int) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if count >= n { return true }
                target = n
                waiter = c
                return false
            }
            if now { c.resume() }
        }
    }
}

struct BenchEndpoint: RPCEndpoint {
    let counter: Counter
    var version: RPCVersion { RPCVersion(1, 0) }
    var methods: [String: RPCMethod] {
        let counter = counter
        return [
            "echo": { _, args in args["value"] ?? .null },
            "count": { _, _ in counter.hit(); return .null },
        ]
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let k = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[k]
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func run(url: String, calls: Int, casts: Int) async throws {
    let counter = Counter()
    let serverTransport = try TransportFactory.make(url: url)
    let clientTransport = try TransportFactory.make(url: url)
    let topic = "rpcbench-\(ProcessInfo.processInfo.processIdentifier)"
    let server = RPCServer(transport: serverTransport, topic: topic, server: "bench", endpoints: [BenchEndpoint(counter: counter)])
    try await server.start()
    let client = RPCClient(transport: clientTransport, topic: topic, version: "1.0", exchange: "nova",
                           timeout: .seconds(30))
    let ctx = RequestContext(isAdmin: true)
    let clock = ContinuousClock()
    for _ in 0..<100 { _ = try await client.call(ctx, "echo", args: ["value": .int(1)]) }  // warm-up

    var latencies: [Double] = []
    latencies.reserveCapacity(calls)
    let callStart = clock.now
    for i in 0..<calls {
        let t = clock.now
        let r = try await client.call(ctx, "echo", args: ["value": .int(i)])
        latencies.append(seconds(clock.now - t) * 1e6)
        guard r == .int(i) else { throw CancellationError() }
    }
    let callWall = clock.now - callStart
    latencies.sort()

    let castStart = clock.now
    for _ in 0..<casts { try await client.cast(ctx, "count") }
    let sent = clock.now - castStart
    await counter.wait(for: casts)
    let castWall = clock.now - castStart

    let scheme = url.split(separator: ":").first.map(String.init) ?? url
    print(String(format: "%-8@ call  p50 %7.1f µs  p99 %7.1f µs  max %8.1f µs  (%d calls, %.0f calls/s)",
                 scheme as NSString, percentile(latencies, 50), percentile(latencies, 99), latencies.last ?? .nan,
                 calls, Double(calls) / seconds(callWall)))
    print(String(format: "%-8@ cast  %9.0f msgs/s delivered (%d casts; sending took %.2f s, delivery %.2f s)",
                 scheme as NSString, Double(casts) / seconds(castWall), casts, seconds(sent), seconds(castWall)))
    await server.stop()
    await serverTransport.shutdown()
    await clientTransport.shutdown()
}

var url = "rabbit://guest:guest@127.0.0.1:5672/rpc-bench"
var calls = 10_000
var casts = 100_000
var argv = CommandLine.arguments.dropFirst()
while let a = argv.popFirst() {
    switch a {
    case "--url": url = argv.popFirst() ?? url
    case "--calls": calls = argv.popFirst().flatMap { Int($0) } ?? calls
    case "--casts": casts = argv.popFirst().flatMap { Int($0) } ?? casts
    default:
        FileHandle.standardError.write("usage: rpc-bench [--url URL] [--calls N] [--casts N]\n".data(using: .utf8)!)
        exit(2)
    }
}
do {
    try await run(url: "fake:///rpc-bench", calls: calls, casts: casts)
    try await run(url: url, calls: calls, casts: casts)
} catch {
    FileHandle.standardError.write("rpc-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
