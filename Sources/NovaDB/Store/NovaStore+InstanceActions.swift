import Common
import Foundation

/// Instance actions (one per user request: create, reboot, resize...) and their events (the steps each
/// service ran, with results).
extension NovaStore {
    /// Records the start of `action` on the instance for request `requestID`.
    @discardableResult
    public func actionStart(
        instanceUUID: String, action: String, requestID: String, userID: String?,
        projectID: String?, at start: Date = NovaTime.now()
    ) async throws -> InstanceAction {
        try await write { s in
            let pairs: [(String, SQLValue)] = [
                ("instance_uuid", .text(instanceUUID)), ("action", .text(action)), ("request_id", .text(requestID)),
                ("user_id", .from(userID)), ("project_id", .from(projectID)), ("start_time", .from(start)),
                ("created_at", Self.now()), ("deleted", .int(0)),
            ]
            do {
                return try Tables.actions.insert(pairs, s)
            } catch DatabaseError.constraint {
                throw InstanceNotFound(instanceID: instanceUUID)
            }
        }
    }

    /// Stamps the finish time of the action of `requestID` (the instance's latest action when nil).
    @discardableResult
    public func actionFinish(instanceUUID: String, requestID: String?) async throws -> InstanceAction {
        try await write { s in
            let id = try Self.actionID(instanceUUID, requestID, s)
            let now = Self.now()
            let pairs: [(String, SQLValue)] = [("finish_time", now), ("updated_at", now)]
            guard let a = try Tables.actions.update(pairs, where: "id = ?", [.int(id)], s).first else {
                throw InstanceActionNotFound(requestID: requestID ?? "-", instanceUUID: instanceUUID)
            }
            return a
        }
    }

    /// The actions of an instance (deleted or not), newest first, after the action of request `marker`.
    public func actions(
        instanceUUID: String, limit: Int? = nil, marker: String? = nil, changesSince: Date? = nil,
        changesBefore: Date? = nil
    ) async throws -> [InstanceAction] {
        try Self.checkLimit(limit)
        return try await read { s in
            var cond = "instance_uuid = ?"
            var params: [SQLValue] = [.text(instanceUUID)]
            if let changesSince {
                cond += " AND COALESCE(updated_at, created_at) >= ?"
                params.append(.from(changesSince))
            }
            if let changesBefore {
                cond += " AND COALESCE(updated_at, created_at) <= ?"
                params.append(.from(changesBefore))
            }
            let keys: [SortKey] = [.desc("created_at"), .desc("id")]
            if let marker {
                guard
                    let m = try s.first(
                        "SELECT * FROM instance_actions WHERE instance_uuid = ? AND request_id = ?",
                        [.text(instanceUUID), .text(marker)])
                else { throw MarkerNotFound(marker: marker) }
                let (after, ap) = KeysetPaging.after(keys, marker: m)
                cond += " AND " + after
                params += ap
            }
            var sql = Tables.actions.select(where: cond) + " ORDER BY " + KeysetPaging.orderBy(keys)
            if let limit {
                sql += " LIMIT ?"
                params.append(.int(limit))
            }
            return try s.query(sql, params).map(Tables.actions.decode)
        }
    }

    /// The action of request `requestID` on the instance.
    public func action(instanceUUID: String, requestID: String) async throws -> InstanceAction {
        try await read { s in
            guard
                let r = try s.first(
                    Tables.actions.select(where: "instance_uuid = ? AND request_id = ?")
                        + " ORDER BY id DESC", [.text(instanceUUID), .text(requestID)])
            else { throw InstanceActionNotFound(requestID: requestID, instanceUUID: instanceUUID) }
            return Tables.actions.decode(r)
        }
    }

    /// The events of an action, in the order they started.
    public func events(actionID: Int) async throws -> [InstanceActionEvent] {
        try await read { s in
            try s.query(
                Tables.events.select(where: "action_id = ?") + " ORDER BY start_time ASC, id ASC",
                [.int(actionID)]
            ).map(Tables.events.decode)
        }
    }

    /// Starts event `event` (e.g. `compute_reboot_instance`) of the action of `requestID` (the latest
    /// action of the instance when nil).
    @discardableResult
    public func eventStart(instanceUUID: String, requestID: String?, event: String, host: String?) async throws
        -> InstanceActionEvent
    {
        try await write { s in
            let actionID = try Self.actionID(instanceUUID, requestID, s)
            let now = Self.now()
            let pairs: [(String, SQLValue)] = [
                ("action_id", .int(actionID)), ("event", .text(event)), ("start_time", now), ("host", .from(host)),
                ("created_at", now), ("deleted", .int(0)),
            ]
            return try Tables.events.insert(pairs, s)
        }
    }

    /// Finishes the newest unfinished `event` of that action with `result` (`Success` or `Error`); an
    /// error also marks the action's message `Error`, as Nova does.
    @discardableResult
    public func eventFinish(
        instanceUUID: String, requestID: String?, event: String, host: String?, result: String,
        traceback: String? = nil, details: String? = nil
    ) async throws -> InstanceActionEvent {
        try await write { s in
            let actionID = try Self.actionID(instanceUUID, requestID, s)
            let now = Self.now()
            var pairs: [(String, SQLValue)] = [
                ("finish_time", now), ("result", .text(result)), ("traceback", .from(traceback)),
                ("details", .from(details)), ("updated_at", now),
            ]
            if let host { pairs.append(("host", .text(host))) }
            let target = try s.scalarInt(
                "SELECT id FROM instance_actions_events WHERE action_id = ? AND event = ? "
                    + "ORDER BY finish_time ASC NULLS FIRST, id DESC LIMIT 1",
                [.int(actionID), .text(event)])
            let finished: InstanceActionEvent
            if let target {
                finished = try Tables.events.update(pairs, where: "id = ?", [.int(target)], s)[0]
            } else {
                // Nova creates the event when its start was never recorded.
                finished = try Tables.events.insert(
                    pairs + [
                        ("action_id", .int(actionID)), ("event", .text(event)),
                        ("start_time", now), ("created_at", now),
                        ("deleted", .int(0)),
                    ], s)
            }
            if result.lowercased() == "error" {
                try s.execute(
                    "UPDATE instance_actions SET message = ?, updated_at = ? WHERE id = ?",
                    [.text("Error"), now, .int(actionID)])
            }
            return finished
        }
    }

    static func actionID(_ instanceUUID: String, _ requestID: String?, _ s: DBSession) throws -> Int {
        let id: Int?
        if let requestID {
            id = try s.scalarInt(
                "SELECT id FROM instance_actions WHERE instance_uuid = ? AND request_id = ? "
                    + "ORDER BY id DESC LIMIT 1", [.text(instanceUUID), .text(requestID)])
        } else {
            id = try s.scalarInt(
                "SELECT id FROM instance_actions WHERE instance_uuid = ? ORDER BY id DESC LIMIT 1",
                [.text(instanceUUID)])
        }
        guard let id else { throw InstanceActionNotFound(requestID: requestID ?? "-", instanceUUID: instanceUUID) }
        return id
    }
}
