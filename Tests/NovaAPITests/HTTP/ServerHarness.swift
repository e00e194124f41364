import Foundation

@testable import NovaAPI

/// What the test handler serves:
/// - `/echo`: the request's method, target, version, body length and peer in headers, the body back;
/// - `/slow?ms=N`: answers after N milliseconds;
/// - `/big?n=N`: N bytes of `a`;
/// - `/gate`: answers once the test opens `gate` (and says it arrived by opening `entered`);
/// - `/bad-header`: a response with a header value that would split the response.
struct TestHandler: HTTPHandler {
    let gate = Latch()
    let entered = Latch()

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("X-Method", request.method)
        headers.add("X-Target", request.target)
        headers.add("X-Version", request.version)
        headers.add("X-Body-Length", String(request.body.count))
        headers.add("X-Remote", request.remoteAddress)
        if let t = request.trailers.fields.first { headers.add("X-Trailer", "\(t.name)=\(t.value)") }
        switch request.path {
        case "/slow":
            let ms = Int(request.query?.split(separator: "=").last ?? "") ?? 100
            try? await Task.sleep(for: .milliseconds(ms))
        case "/gate":
            entered.open()
            await gate.wait()
        case "/big":
            let n = Int(request.query?.split(separator: "=").last ?? "") ?? 0
            return HTTPResponse(status: 200, headers: headers, body: [UInt8](repeating: UInt8(ascii: "a"), count: n))
        case "/bad-header":
            headers.add("X-Split", "a\r\nX-Injected: yes")
        default:
            break
        }
        return HTTPResponse(status: 200, headers: headers, body: request.body.isEmpty ? Array("ok".utf8) : request.body)
    }
}

/// The test server's configuration: loopback, a free port, a short shutdown, then `edit`.
func configured(_ edit: (inout HTTPServerConfiguration) -> Void = { _ in }) -> HTTPServerConfiguration {
    var configuration = HTTPServerConfiguration.loopback()
    configuration.shutdownTimeout = .seconds(5)
    edit(&configuration)
    return configuration
}

/// Starts a server on a free loopback port, runs `body`, and stops the server whatever happens.
func withServer(
    _ configuration: HTTPServerConfiguration = configured(), handler: TestHandler = TestHandler(),
    _ body: (HTTPServer, Int) async throws -> Void
) async throws {
    let server = HTTPServer(configuration: configuration, handler: handler)
    let port = try server.start()
    do {
        try await body(server, port)
    } catch {
        await server.stop(gracePeriod: .seconds(1))
        throw error
    }
    await server.stop(gracePeriod: .seconds(1))
}

/// Polls `condition` until it holds or `seconds` pass: a bounded wait, never a timing assertion.
func eventually(within seconds: Double = 10, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
