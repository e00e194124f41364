// Bench server for scripts/http-bench.sh: stands in for nova-api's main.swift in a scratch copy of the
// package, serving on 127.0.0.1:PORT either a fixed tiny response (`hello`: the server alone) or the
// real API pipeline with an empty router (`pipeline`: GET /v2.1 is the version document).
import Common
import Foundation

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : "hello"
let port = arguments.count > 2 ? Int(arguments[2]) ?? 8774 : 8774

struct Hello: HTTPHandler {
    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("hello\n".utf8))
    }
}

struct QuietLog: APILogSink {
    func log(_ level: LogLevel, logger: String, _ message: String, context: RequestContext?) {}
}

let config = Config(definitions: NovaOptions.all)
let handler: any HTTPHandler =
    mode == "pipeline"
    ? try ComputeAPI.assemble(config: config, router: APIRouter(), logSink: QuietLog()).pipeline : Hello()
var configuration = HTTPServerConfiguration.loopback(port: port)
configuration.shutdownTimeout = .seconds(2)
let server = HTTPServer(configuration: configuration, handler: handler)
let bound = try server.start()
FileHandle.standardError.write(Data("bench server (\(mode)) on 127.0.0.1:\(bound), pid \(getpid())\n".utf8))
await server.waitUntilStopped()
