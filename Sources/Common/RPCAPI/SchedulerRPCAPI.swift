/// The client side of nova-scheduler's RPC API (nova/scheduler/rpcapi.py), topic `scheduler`, 4.x.
public struct SchedulerRPCAPI: Sendable {
    public static let topic = "scheduler"
    public static let version = "4.5"
    public let client: RPCClient
    /// How many times a `select_destinations` that timed out is sent again (Nova's
    /// retry_select_destinations: `[scheduler] max_attempts` - 1), so a scheduler that dies mid-request
    /// costs one timeout, not the boot: the call goes back to the shared queue and a live scheduler answers.
    public let timeoutRetries: Int
    private static let log = Logger("nova.scheduler.client.query")

    public init(client: RPCClient, timeoutRetries: Int = 0) {
        self.client = client.prepare(version: Self.version)
        self.timeoutRetries = max(0, timeoutRetries)
    }

    public init(conf: Config, transport: any Transport) {
        self.init(client: RPCClient(conf: conf, transport: transport, topic: Self.topic, version: Self.version),
                  timeoutRetries: conf[SchedulerOptions.maxAttempts] - 1)
    }

    /// Per instance: the primary destination (claimed by the scheduler) then the alternates, on other hosts.
    /// Throws `NoValidHost` with the reason when nothing fits. A claim is made per instance and replaces what
    /// the instance held, so a retried request never holds twice.
    public func selectDestinations(_ ctx: RequestContext, requestSpec: RequestSpec, instanceUUIDs: [String],
                                   returnAlternates: Bool = true) async throws -> [[Selection]] {
        var attempt = 0
        while true {
            do {
                return try await selectOnce(ctx, requestSpec: requestSpec, instanceUUIDs: instanceUUIDs,
                                            returnAlternates: returnAlternates)
            } catch let e as MessagingTimeout where attempt < timeoutRetries {
                attempt += 1
                Self.log.warning("Retrying select_destinations after a MessagingTimeout, attempt \(attempt) of "
                                 + "\(timeoutRetries): \(e.message)", context: ctx)
            }
        }
    }

    private func selectOnce(_ ctx: RequestContext, requestSpec: RequestSpec, instanceUUIDs: [String],
                            returnAlternates: Bool) async throws -> [[Selection]] {
        let reply = try await client.call(ctx, "select_destinations", args: [
            "request_spec": requestSpec.toPrimitive(), "filter_properties": [:],
            "instance_uuids": .array(instanceUUIDs.map { .string($0) }),
            "return_objects": true, "return_alternates": .bool(returnAlternates),
        ])
        guard let lists = reply.arrayValue else {
            throw RPCAPIError(method: "select_destinations", reason: "not a list of lists")
        }
        return try lists.map { l in
            guard let a = l.arrayValue else {
                throw RPCAPIError(method: "select_destinations", reason: "not a list of lists")
            }
            return try a.decodeObjects(Selection.self, method: "select_destinations")
        }
    }
}
