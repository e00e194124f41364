import Common
import Foundation

/// Instance saves guarded by both task_state and vm_state, as nova-api's state-changing actions need
/// (`instance.save(expected_task_state=..., expected_vm_state=...)`).
extension NovaStore {
    /// Writes `changes` to a live instance only while its task_state is one of `expectedTaskState` (nil
    /// element = idle) and its vm_state one of `expectedVMState` (nil arrays: no condition), in one
    /// conditional UPDATE. Throws `UnexpectedTaskStateError` (checked first) or `UnexpectedVMStateError`
    /// with the actual state, or `InstanceNotFound`.
    public func saveInstance(uuid: String, changes: [String: JSONValue], expectedTaskState: [String?]?,
                             expectedVMState: [String]?) async throws -> Instance
    {
        try await write { s in
            var pairs = Tables.instances.assignments(changes, excluding: Self.instanceFixedFields)
            pairs.append(("updated_at", Self.now()))
            var cond = "uuid = ? AND deleted = 0"
            var params: [SQLValue] = [.text(uuid)]
            if let expected = expectedTaskState {
                let (c, p) = Self.taskStateCondition(expected)
                cond += " AND " + c
                params += p
            }
            if let expected = expectedVMState {
                cond += expected.isEmpty ? " AND 1 = 0" : " AND vm_state IN (\(Self.marks(expected.count)))"
                params += expected.map { .text($0) }
            }
            guard let saved = try Tables.instances.update(pairs, where: cond, params, s).first else {
                guard let actual = try s.first("SELECT task_state, vm_state FROM instances WHERE uuid = ? AND deleted = 0",
                                                [.text(uuid)])
                else { throw InstanceNotFound(instanceID: uuid) }
                let task = actual.string("task_state")
                if let expected = expectedTaskState, !expected.contains(task) {
                    throw UnexpectedTaskStateError(instanceUUID: uuid, expected: expected, actual: task)
                }
                throw UnexpectedVMStateError(instanceUUID: uuid, expected: expectedVMState ?? [],
                                             actual: actual.string("vm_state"))
            }
            if let meta = changes["metadata"], !meta.isNull {
                try Self.replaceInstanceMeta("instance_metadata", uuid, Self.stringDict(meta), s)
            }
            if let sys = changes["system_metadata"], !sys.isNull {
                try Self.replaceInstanceMeta("instance_system_metadata", uuid, Self.stringDict(sys), s)
            }
            return try Self.attachExtras([saved], s, withFault: false)[0]
        }
    }
}

/// `nova.exception.UnexpectedVMStateError`: a guarded save found the instance in another vm_state.
public struct UnexpectedVMStateError: NovaRemoteError, Equatable {
    public static let remoteName = "UnexpectedVMStateError"
    public let message: String
    public let fields: [String: JSONValue]
    public init(instanceUUID: String, expected: [String], actual: String?) {
        self.init(message: "Conflict updating instance \(instanceUUID). Expected: {'vm_state': "
                      + "[\(expected.joined(separator: ", "))]}. Actual: {'vm_state': \(actual ?? "None")}",
                  fields: ["instance_uuid": .string(instanceUUID), "expected": .array(expected.map { .string($0) }),
                           "actual": .from(actual)])
    }
    public init(message: String, fields: [String: JSONValue]) {
        self.message = message
        self.fields = fields
    }
}
