/// The client side of nova-scheduler's RPC API (nova/scheduler/rpcapi.py), topic `scheduler`, 4.x.
public struct SchedulerRPCAPI: Sendable {
    public static let topic = "scheduler"
    public static let version = "4.5"
    public let client: RPCClient

    public init(client: RPCClient) { self.client = client.prepare(version: Self.version) }

    public init(conf: Config, transport: any Transport) {
        self.init(client: RPCClient(conf: conf, transport: transport, topic: Self.topic, version: Self.version))
    }

    /// Per instance: the primary destination (claimed by the scheduler) then the alternates, on other hosts.
    /// Throws `NoValidHost` with the reason when nothing fits.
    public func selectDestinations(_ ctx: RequestContext, requestSpec: RequestSpec, instanceUUIDs: [String],
                                   returnAlternates: Bool = true) async throws -> [[Selection]] {
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
