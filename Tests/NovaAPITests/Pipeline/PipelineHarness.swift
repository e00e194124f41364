import Common
import Foundation

@testable import NovaAPI

/// Collects the pipeline's log lines for one test (no global capture, so tests may run in parallel).
final class CollectingLogSink: APILogSink, @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    struct Entry {
        let level: LogLevel
        let logger: String
        let message: String
        let context: RequestContext?
    }
    private let lock = NSLock()
    private var entries: [Entry] = []

    func log(_ level: LogLevel, logger: String, _ message: String, context: RequestContext?) {
        lock.lock()
        entries.append(Entry(level: level, logger: logger, message: message, context: context))
        lock.unlock()
    }

    var all: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}

/// Drives an `APIPipeline` directly, as the HTTP server would, without sockets.
struct PipelineHarness {
    let pipeline: APIPipeline
    let logs = CollectingLogSink()

    init(
        router: APIRouter = APIRouter(), settings: APISettings = APISettings(),
        policy: PolicyEngine = PolicyEngine.make().engine
    ) {
        let sink = logs
        pipeline = APIPipeline(
            router: router, authenticator: NoAuth2(), policy: policy, settings: settings,
            logSink: sink)
    }

    func send(
        _ method: String, _ target: String, token: String? = "demo:demo", headers: [(String, String)] = [],
        body: String? = nil
    ) async -> HTTPResponse {
        var h = HTTPHeaders([("Host", "127.0.0.1:8774")] + headers)
        if let token { h.add("X-Auth-Token", token) }
        if body != nil, h["Content-Type"] == nil { h.add("Content-Type", "application/json") }
        let request = HTTPRequest(
            method: method, target: target, headers: h, body: Array((body ?? "").utf8),
            remoteAddress: "127.0.0.1:40000")
        return await pipeline.handle(request)
    }
}

extension HTTPResponse {
    var json: JSONValue? { try? JSONValue.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The fault's message, for `{"<fault>": {"message": ...}}` bodies.
    var faultMessage: String? { json?.objectValue?.values.first?["message"]?.stringValue }
    var faultName: String? { json?.objectValue?.keys.first }
}

/// A handler that answers what it was given, so tests can see what the pipeline built.
let echoHandler: APIHandler = { req in
    .ok([
        "user": .from(req.context.userId), "project": .from(req.context.projectId),
        "roles": .array(req.context.roles.map { .string($0) }), "is_admin": .bool(req.context.isAdmin),
        "request_id": .string(req.context.requestId), "global_request_id": .from(req.context.globalRequestId),
        "microversion": .string("\(req.microversion)"),
        "params": .object(req.pathParams.mapValues { .string($0) }),
        "query": req.query.asJSON, "body": req.body ?? .null,
        "project_in_path": .from(req.projectIdInPath),
        "context_in_task": .from(RequestContext.current?.requestId),
    ])
}

struct Boom: Error {}

struct InstanceNotFound: Error, CustomStringConvertible {
    let uuid: String
    var description: String { "Instance \(uuid) could not be found." }
}

/// A router with a few routes shaped like Nova's, for pipeline tests.
func sampleRouter() -> APIRouter {
    var r = APIRouter()
    r.add("GET", "/servers", policy: "os_compute_api:servers:index", handler: echoHandler)
    r.add(
        "POST", "/servers", policy: "os_compute_api:servers:create",
        body: .object(
            [("server", .object([("name", .string(minLength: 1, maxLength: 255))], required: ["name"]))],
            required: ["server"]), handler: echoHandler)
    r.add("GET", "/servers/detail", handler: echoHandler)
    r.add("GET", "/servers/{server_id}", handler: echoHandler)
    r.add("DELETE", "/servers/{server_id}", handler: { _ in .noContent() })
    r.addAction("/servers/{server_id}/action", ActionRoute("os-start", handler: { _ in .accepted() }))
    r.addAction(
        "/servers/{server_id}/action",
        ActionRoute(
            "reboot",
            body: .object(
                [
                    (
                        "reboot",
                        .object(
                            [("type", .enumeration(["SOFT", "HARD"]))], required: ["type"])
                    )
                ], required: ["reboot"]),
            handler: { _ in .accepted() }))
    r.add("GET", "/os-hypervisors", policy: "os_compute_api:os-hypervisors:list", handler: echoHandler)
    r.add("GET", "/boom", handler: { _ in throw Boom() })
    r.add("GET", "/missing/{id}", handler: { req in throw InstanceNotFound(uuid: req.param("id")) })
    r.add("GET", "/late", minVersion: "2.5", handler: echoHandler)
    return r
}
