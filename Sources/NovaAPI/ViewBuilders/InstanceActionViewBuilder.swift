import Common
import Foundation

/// Instance actions and their events as Nova shows them (times as `2026-11-22T20:08:20.000000`).
enum InstanceActionViewBuilder {
    static func time(_ d: Date?) -> JSONValue { .from(d.map { NovaTime.format($0, .isoMicroseconds) }) }

    static func action(_ a: InstanceAction, _ req: APIRequest) -> JSONValue {
        var o: [String: JSONValue] = [
            "action": .from(a.action), "instance_uuid": .from(a.instanceUUID), "request_id": .from(a.requestID),
            "user_id": .from(a.userID), "project_id": .from(a.projectID), "start_time": time(a.startTime),
            "message": .from(a.message),
        ]
        if req.microversion >= "2.58" { o["updated_at"] = time(a.updatedAt ?? a.createdAt) }
        return .object(o)
    }

    /// Tracebacks and hosts for those the events policy allows (admins); `hostId` from 2.62, details from 2.84.
    static func event(
        _ e: InstanceActionEvent, projectID: String, req: APIRequest, privileged: Bool, details: Bool
    ) -> JSONValue {
        var o: [String: JSONValue] = [
            "event": .from(e.event), "start_time": time(e.startTime), "finish_time": time(e.finishTime),
            "result": .from(e.result),
        ]
        if privileged { o["traceback"] = .from(e.traceback) }
        if req.microversion >= "2.62" {
            if privileged { o["host"] = .from(e.host) }
            let host = e.host ?? ""
            o["hostId"] = .string(host.isEmpty ? "" : Digest.hex(Digest.sha224(Array((projectID + host).utf8))))
        }
        if details { o["details"] = .from(e.details) }
        return .object(o)
    }
}
