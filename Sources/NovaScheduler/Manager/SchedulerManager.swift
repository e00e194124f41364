import Common

/// nova-scheduler's RPC endpoint (nova/scheduler/manager.py SchedulerManager), topic `scheduler`, 4.5.
/// `select_destinations` is a call; the aggregate and instance-info methods are fanout casts from the API
/// and computes that only tell the host manager what to refresh.
public struct SchedulerManager: RPCEndpoint {
    public let scheduler: FilterScheduler
    public let version = RPCVersion(4, 5)

    public init(scheduler: FilterScheduler) { self.scheduler = scheduler }

    public var methods: [String: RPCMethod] {
        let s = scheduler
        return [
            "select_destinations": { ctx, args in try await Self.selectDestinations(s, ctx, args) },
            "update_aggregates": { _, _ in
                await s.hostManager.aggregatesChanged()
                return .null
            },
            "delete_aggregate": { _, _ in
                await s.hostManager.aggregatesChanged()
                return .null
            },
            // Host states come from the database, which already knows about instances: nothing to track.
            "update_instance_info": { _, _ in .null },
            "delete_instance_info": { _, _ in .null },
            "sync_instance_info": { _, _ in .null },
        ]
    }

    /// Decodes the arguments in any 4.x shape: `spec_obj` (4.0+) or `request_spec` as a RequestSpec
    /// primitive; lists of Selection primitives with `return_objects`, else the 4.0 list of host dicts.
    static func selectDestinations(_ s: FilterScheduler, _ ctx: RequestContext, _ args: [String: JSONValue])
        async throws -> JSONValue
    {
        guard let raw = [args["spec_obj"], args["request_spec"]].compactMap({ $0 }).first(where: { !$0.isNull })
        else { throw SchedulerInvalidInput(reason: "select_destinations needs spec_obj or request_spec") }
        let spec: RequestSpec
        do { spec = try RequestSpec.fromPrimitive(raw) } catch {
            throw SchedulerInvalidInput(reason: "request spec is not a RequestSpec object: \(error)")
        }
        let uuids = (args["instance_uuids"]?.arrayValue ?? []).compactMap(\.stringValue)
        let alternates = args["return_alternates"]?.boolValue ?? false
        let lists = try await s.selectDestinations(ctx, spec: spec, instanceUUIDs: uuids, returnAlternates: alternates)
        if args["return_objects"]?.boolValue ?? false {
            return .array(lists.map { .array($0.map { $0.toPrimitive() }) })
        }
        return .array(lists.compactMap(\.first).map { sel in
            ["host": .string(sel.serviceHost), "nodename": .string(sel.nodename), "limits": [:]]
        })
    }
}
