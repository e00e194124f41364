import Foundation
import Testing

@testable import Common

@Suite struct LogFormatTests {
    private let stamp = #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}"#

    @Test func aLineHasOsloLogsShape() throws {
        let id = "req-0f6b0a2e-8c4b-4b38-9d1e-2a3c4d5e6f70"
        let ctx = RequestContext(requestId: id, userId: "alice", projectId: "demo")
        let line = LogFormatter.format(date: Date(timeIntervalSince1970: 1_795_341_600.5), pid: 4242, level: .warning,
                                       logger: "nova.compute.manager", context: ctx, message: "Instance spawned")
        let re = try Regex(stamp + #" 4242 WARNING nova\.compute\.manager \["# + id + #" alice demo\] Instance spawned"#)
        #expect(line.wholeMatch(of: re) != nil, "\(line)")
        #expect(line.contains(".500 4242"))
        let bare = LogFormatter.format(date: Date(), pid: 1, level: .debug, logger: "nova", context: nil, message: "m")
        #expect(bare.hasSuffix(" 1 DEBUG nova [-] m"))
    }

    @Test func levelsCarryOslosNamesInOrder() {
        #expect(LogLevel.allCases.map(\.name) == ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
        #expect(LogLevel.allCases == LogLevel.allCases.sorted())
    }

    @Test func theTasksRequestContextAppearsWithoutBeingPassed() async {
        let ctx = RequestContext(userId: "bob", projectId: "p1")
        let (_, capture) = await LogCapture.during {
            await RequestContext.$current.withValue(ctx) {
                Logger("nova.api").info("in the request")
                await Task { Logger("nova.api").warning("in a child task") }.value
            }
            Logger("nova.api").info("outside")
            Logger("nova.api").info("explicit", context: RequestContext(requestId: "req-explicit"))
        }
        let lines = capture.lines
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix("INFO nova.api [\(ctx.requestId) bob p1] in the request"))
        #expect(lines[1].hasSuffix("WARNING nova.api [\(ctx.requestId) bob p1] in a child task"))
        #expect(lines[2].hasSuffix("INFO nova.api [-] outside"))
        #expect(lines[3].hasSuffix("INFO nova.api [req-explicit - -] explicit"))
    }

    @Test func aLogFileReceivesEveryLine() throws {
        let path = NSTemporaryDirectory() + "/log-\(UUID().uuidString).log"
        defer { unlink(path) }
        let system = LogSystem()
        try system.configure(.init(level: .debug, logFile: path, useStderr: false, program: "nova-test"))
        system.emit(level: .error, logger: "nova.test", context: nil, message: "written to the file")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(" ERROR nova.test [-] written to the file\n"))
        #expect(throws: LogSetupError.self) {
            try system.configure(.init(logFile: "/nonexistent-dir/x.log", program: "nova-test"))
        }
    }
}
