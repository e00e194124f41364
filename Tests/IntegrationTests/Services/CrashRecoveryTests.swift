import Common
import Foundation
import NovaDB
import NovaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Crash tests (issue 11): 50 servers boot through nova-api while one part of the cloud fails hard — a
/// service killed with SIGKILL and started again (systemd's Restart=on-failure), the broker restarted, the
/// SQLite file locked by another process. Afterwards every server is ACTIVE or ERROR with a fault, none
/// is left building, no allocation outlives its instance, usage equals the instances' flavors on every
/// node, new servers still go ACTIVE, and deleting everything gives every resource back.
@Suite(.serialized) struct CrashRecoveryTests {
    static let servers = 50
    /// `[DEFAULT] instance_build_timeout` of these stacks: a build still unfinished this long is failed.
    static let buildTimeout = 10

    /// The conductor dies with builds half done: the scheduler is frozen for a moment first, so the
    /// conductor holds calls to it (and the scheduler then claims for a conductor that is gone).
    @Test func conductorKilledWhileServersBoot() async throws {
        try await Self.crashRun("conductor") { stack, _ in
            let scheduler = try #require(stack.child("scheduler"))
            scheduler.signal(SIGSTOP)
            try await Task.sleep(for: .seconds(1))
            try await stack.restart("conductor")
            scheduler.signal(SIGCONT)
        }
    }

    /// The scheduler dies with requests queued to it: frozen for most of the conductor's call timeout
    /// (5 s), then killed, so its restart serves what is left of those calls right as the callers give up.
    @Test func schedulerKilledWhileServersBoot() async throws {
        try await Self.crashRun("scheduler") { stack, _ in
            try #require(stack.child("scheduler")).signal(SIGSTOP)
            try await Task.sleep(for: .seconds(4))
            try await stack.restart("scheduler")
        }
    }

    @Test func computeKilledWhileServersBoot() async throws {
        try await Self.crashRun("compute c1") { stack, _ in try await stack.restart("c1") }
    }

    @Test func apiKilledWhileServersBoot() async throws {
        try await Self.crashRun("api") { stack, api in
            try await stack.restart("api")
            #expect(try await stack.eventually(within: 30) { await api.isUp() })
        }
    }

    @Test func brokerRestartedWhileServersBoot() async throws {
        let broker = try await PrivateBroker.start()
        do {
            try await Self.crashRun("rabbitmq", transportURL: broker.url) { _, _ in
                let (rc, out) = await broker.ctl("stop_app")
                #expect(rc == 0, "stop_app: \(out)")
                try await Task.sleep(for: .seconds(2))
                let (rc2, out2) = await broker.ctl("start_app")
                #expect(rc2 == 0, "start_app: \(out2)")
            }
        } catch {
            await broker.stop()
            throw error
        }
        await broker.stop()
    }

    /// Another process holds the database's write lock for 4 s, longer than the services wait for it
    /// (`sqlite_busy_timeout` 500 ms, five retries of a transaction): some of their writes fail meanwhile,
    /// and what they were doing must still end ACTIVE or ERROR.
    @Test func databaseLockedWhileServersBoot() async throws {
        try await Self.crashRun("sqlite lock", extraConf: "[database]\nsqlite_busy_timeout = 500\n") { stack, _ in
            let path = stack.dir + "/nova.sqlite"
            // The lock is proved by a writer that does not wait being refused while it is held.
            let (rc, out) = await TestSupport.shellAsync("""
                python3 -c 'import sqlite3, sys, time
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                time.sleep(4)
                c.execute("COMMIT")' '\(path)' > '\(path).lock' &
                until grep -q locked '\(path).lock'; do sleep 0.05; done
                if sqlite3 -cmd '.timeout 0' '\(path)' 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null; then
                    echo "the database was not locked"; exit 1
                fi
                wait $!
                """)
            #expect(rc == 0, "locking the database: \(out)")
        }
    }

    // MARK: the run

    static func conf(port: Int) -> String {
        """
        rpc_response_timeout = 5
        instance_build_timeout = \(buildTimeout)
        update_resources_interval = 2
        \(ServiceStack.apiConf(port: port))
        [quota]
        instances = -1
        cores = -1
        ram = -1
        [fake]
        spawn_delay = 1

        """
    }

    /// Boots `servers` through the API on a stack with two computes, runs `fault` once a third of them are
    /// accepted, then checks the invariants (see the suite's summary).
    static func crashRun(_ name: String, extraConf: String = "", transportURL: String? = nil,
                         fault: (ServiceStack, StackAPI) async throws -> Void) async throws {
        let port = ServiceStack.freePort()
        try await ServiceStack.with(computes: [("c1", []), ("c2", [])], extraConf: conf(port: port) + extraConf,
                                    transportURL: transportURL) { stack in
            let api = try await stack.startAPI(port: port)
            let progress = BootProgress()
            async let booting: Void = bootAll(api, count: servers, progress: progress)
            let started = try await stack.eventually(within: 60) { await progress.accepted.count >= servers / 3 }
            let before = await progress.accepted.count
            #expect(started, "only \(before) boots accepted before the fault")
            try await fault(stack, api)
            await booting
            let (accepted, refused) = (await progress.accepted, await progress.refused)
            #expect(accepted.count == servers, "\(accepted.count) of \(servers) boots accepted; refused: \(refused)")
            print("crash \(name): \(await progress.retries) boot requests sent again (no answer or 5xx)")
            try await checkSettled(name, stack, api, booted: accepted)
            try await checkStillServes(stack, api)
            try await checkDeleteAll(stack, api)
        }
    }

    /// No server building or mid-task, the API agrees, and the database is consistent.
    static func checkSettled(_ name: String, _ stack: ServiceStack, _ api: StackAPI, booted: [String]) async throws {
        let db = stack.store.database
        var unsettled: [String] = []
        let settled = try await stack.eventually(within: buildTimeout * 2 + 20) {
            unsettled = try await StackAudit.unsettled(db)
            return unsettled.isEmpty
        }
        #expect(settled, "\(name): \(unsettled.count) servers unsettled: \(unsettled.prefix(5))")
        var problems: [String] = []
        _ = try await stack.eventually(within: 15) {  // the computes' usage reports catch up
            problems = try await StackAudit.problems(databasePath: stack.dir + "/nova.sqlite")
            return problems.isEmpty
        }
        #expect(problems.isEmpty, "\(name): \(problems.count) problems: \(problems.prefix(8))")
        let listed = try #require(await api.allServers(), "GET /servers/detail answered")
        var faults: [String: Int] = [:]
        var wrong: [String] = []
        for s in listed {
            let id = s["id"]?.stringValue ?? "?"
            let status = s["status"]?.stringValue ?? "?"
            let task = s["OS-EXT-STS:task_state"]?.stringValue
            if status != "ACTIVE" && status != "ERROR" || task != nil { wrong.append("\(id) \(status)/\(task ?? "-")") }
            if status == "ERROR" {
                let message = s["fault"]?["message"]?.stringValue
                if message == nil { wrong.append("\(id) ERROR without a fault") }
                faults[message.map { String($0.prefix(60)) } ?? "none", default: 0] += 1
            }
        }
        #expect(wrong.isEmpty, "\(name): the API shows \(wrong.count) servers not ACTIVE/ERROR: \(wrong.prefix(5))")
        let ids = Set(listed.compactMap { $0["id"]?.stringValue })
        #expect(Set(booted).isSubset(of: ids), "accepted servers missing from the list")
        let active = listed.filter { $0["status"]?.stringValue == "ACTIVE" }.count
        let errors = listed.filter { $0["status"]?.stringValue == "ERROR" }.count
        print("crash \(name): \(listed.count) servers, \(active) ACTIVE, \(errors) ERROR, faults \(faults)")
    }

    /// The cloud still works: new servers go ACTIVE.
    static func checkStillServes(_ stack: ServiceStack, _ api: StackAPI) async throws {
        for n in 0..<2 {
            let r = await api.boot(name: "after\(n)")
            let id = try #require(r.id, "boot after recovery: \(r.status) \(r.body)")
            var status = "?"
            let active = try await stack.eventually(within: 20) {
                status = await api.request("GET", "/servers/\(id)").body["server"]?["status"]?.stringValue ?? "?"
                return status == "ACTIVE"
            }
            #expect(active, "server booted after recovery is \(status)")
        }
    }

    /// Deleting every server leaves no server, no allocation and no usage.
    static func checkDeleteAll(_ stack: ServiceStack, _ api: StackAPI) async throws {
        let listed = try #require(await api.allServers())
        for s in listed {
            let id = s["id"]?.stringValue ?? "?"
            let r = await api.request("DELETE", "/servers/\(id)")
            #expect(r.status == 204, "DELETE \(id): \(r.status) \(r.body)")
        }
        let gone = try await stack.eventually(within: 30) { await api.allServers()?.isEmpty == true }
        #expect(gone, "servers left after deleting them all")
        var problems: [String] = []
        let clean = try await stack.eventually(within: 15) {
            problems = try await StackAudit.problems(databasePath: stack.dir + "/nova.sqlite")
            let allocations = try await stack.store.database.read { s in
                try s.scalarInt("SELECT COUNT(*) FROM allocations") ?? 0
            }
            if allocations > 0 { problems.append("\(allocations) allocations left") }
            return problems.isEmpty
        }
        #expect(clean, "after deleting everything: \(problems.prefix(8))")
    }

    /// Boots `count` servers, five at a time; a boot that gets no answer or a 5xx is sent again, as a
    /// client riding out an API restart would (the first attempt may have created a server: it is counted
    /// by the checks all the same, since they look at every server).
    static func bootAll(_ api: StackAPI, count: Int, progress: BootProgress) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    while let n = await progress.next(upTo: count) {
                        let deadline = ContinuousClock.now + .seconds(60)
                        while ContinuousClock.now < deadline {
                            let r = await api.boot(name: "crash-\(n)")
                            if let id = r.id {
                                await progress.accept(id)
                                break
                            }
                            if r.status != 0 && r.status < 500 {
                                await progress.refuse("\(r.status) \(r.body)")
                                break
                            }
                            await progress.retry()
                            try? await Task.sleep(for: .milliseconds(200))
                        }
                    }
                }
            }
        }
    }
}

/// The boots handed out and their outcomes.
actor BootProgress {
    private var issued = 0
    private(set) var accepted: [String] = []
    private(set) var refused: [String] = []

    func next(upTo count: Int) -> Int? {
        guard issued < count else { return nil }
        issued += 1
        return issued
    }

    private(set) var retries = 0

    func accept(_ id: String) { accepted.append(id) }
    func retry() { retries += 1 }
    func refuse(_ why: String) { refused.append(why) }
}
