import Common
import Foundation
import NovaTestSupport
import Testing

/// Each unit's ExecStart command line, as written (binary path and config path aside), started with a
/// NOTIFY_SOCKET the test owns: READY=1 arrives, and by then the service does what it is there for.
@Suite(.serialized) struct UnitExecStartTests {
    /// The ExecStart of `etc/systemd/<name>.service`, split into words.
    static func execStart(_ name: String) throws -> [String] {
        let unit = try String(contentsOfFile: "\(TestSupport.packageRoot)/etc/systemd/\(name).service", encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
    }

    /// Starts `name` from its unit's command line against the stack's config and returns the READY datagram.
    static func startFromUnit(_ name: String, on stack: ServiceStack, socket: NotifySocket) async throws -> String? {
        var words = try execStart(name)
        #expect(words[0] == "/usr/local/bin/\(name)")
        #expect(words.dropFirst().contains("--config-file=/etc/nova/nova.conf"))
        words = words.map { $0 == "--config-file=/etc/nova/nova.conf" ? "--config-file=\(stack.confPath)" : $0 }
        try stack.spawnRaw(name, tag: name, Array(words.dropFirst()) + ["--log_file", "\(stack.dir)/\(name).log"],
                           environment: ["NOTIFY_SOCKET": socket.address])
        return await socket.receive(until: "READY=1", within: 30)?.last
    }

    @Test func everyUnitNotifiesReadyOnceItServes() async throws {
        let port = try Self.freePort()
        let extra = "osapi_compute_listen = 127.0.0.1\nosapi_compute_listen_port = \(port)\nhost = unit-host\n"
        try await ServiceStack.with(computes: [], extraConf: extra, control: false) { stack in
            for (name, binary) in [("nova-conductor", "nova-conductor"), ("nova-scheduler", "nova-scheduler")] {
                let socket = NotifySocket()
                let ready = try await Self.startFromUnit(name, on: stack, socket: socket)
                #expect(ready?.hasPrefix("READY=1") == true, "\(name): \(ready ?? "no READY=1")\n\(stack.log(name))")
                // Ready means registered and consuming: its services row is there already.
                #expect(try await stack.store.service(host: "unit-host", binary: binary) != nil, "\(name)")
            }
            let apiSocket = NotifySocket()
            let apiReady = try await Self.startFromUnit("nova-api", on: stack, socket: apiSocket)
            #expect(apiReady?.hasPrefix("READY=1") == true, "nova-api: \(stack.log("nova-api"))")
            // No retry: READY=1 promised a listening port.
            let (status, body) = await TestSupport.shellAsync(
                "curl -s -m 5 -o /dev/stdout -w '\\n%{http_code}' http://127.0.0.1:\(port)/v2.1/")
            #expect(status == 0)
            #expect(body.hasSuffix("\n200"), "GET /v2.1/ answered: \(body)")
            let computeSocket = NotifySocket()
            let computeReady = try await Self.startFromUnit("nova-compute", on: stack, socket: computeSocket)
            #expect(computeReady?.hasPrefix("READY=1") == true, "nova-compute: \(stack.log("nova-compute"))")
            // nova-compute says READY=1 after init_host: its services row is there already, its node
            // follows within the first resource report.
            #expect(try await stack.store.service(host: "unit-host", binary: "nova-compute") != nil)
            try await stack.waitForComputeNodes(["unit-host"])
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        try #require(rc)
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
