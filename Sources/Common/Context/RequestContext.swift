import Foundation

/// Who is asking and under which request id: travels with every API call, RPC message and log line.
public struct RequestContext: Sendable, Equatable {
    public enum ReadDeleted: String, Sendable { case no, yes, only }

    public var requestId: String
    public var globalRequestId: String?
    public var userId: String?
    public var projectId: String?
    public var roles: [String]
    public var isAdmin: Bool
    public var readDeleted: ReadDeleted

    public init(requestId: String = RequestContext.newRequestId(), globalRequestId: String? = nil,
                userId: String? = nil, projectId: String? = nil, roles: [String] = [],
                isAdmin: Bool = false, readDeleted: ReadDeleted = .no) {
        self.requestId = requestId
        self.globalRequestId = globalRequestId
        self.userId = userId
        self.projectId = projectId
        self.roles = roles
        self.isAdmin = isAdmin
        self.readDeleted = readDeleted
    }

    public static func newRequestId() -> String { "req-" + UUID().uuidString.lowercased() }

    /// A context for a service's own work (periodic tasks, start-up): admin, no user.
    public static func admin(readDeleted: ReadDeleted = .no) -> RequestContext {
        RequestContext(roles: ["admin"], isAdmin: true, readDeleted: readDeleted)
    }

    public func elevated(readDeleted: ReadDeleted? = nil) -> RequestContext {
        var c = self
        c.isAdmin = true
        if !c.roles.contains("admin") { c.roles.append("admin") }
        if let r = readDeleted { c.readDeleted = r }
        return c
    }

    /// The context in scope for the current task (set with `RequestContext.$current.withValue`).
    @TaskLocal public static var current: RequestContext?

    /// Keys as Nova's RequestContext.to_dict() spells them.
    public func toDict() -> [String: JSONValue] {
        [
            "request_id": .string(requestId),
            "global_request_id": .from(globalRequestId),
            "user_id": .from(userId),
            "project_id": .from(projectId),
            "user": .from(userId),
            "project_id_": .null,
            "roles": .array(roles.map { .string($0) }),
            "is_admin": .bool(isAdmin),
            "read_deleted": .string(readDeleted.rawValue),
        ].filter { $0.key != "project_id_" }
    }

    /// The context of a message from another service: like `init(dict:)`, but a field of the wrong type
    /// (`"is_admin": "yes"`, `"roles": "admin"`, `"read_deleted": "maybe"`) is refused instead of being read
    /// as absent, which would quietly turn it into its default.
    public static func fromWire(_ dict: [String: JSONValue]) throws(ContextError) -> RequestContext {
        func check(_ key: String, _ ok: (JSONValue) -> Bool) throws(ContextError) {
            if let v = dict[key], !v.isNull, !ok(v) { throw ContextError(field: key, value: v) }
        }
        for key in ["request_id", "global_request_id", "user_id", "user", "project_id", "tenant"] {
            try check(key) { $0.stringValue != nil }
        }
        try check("roles") { $0.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false }
        try check("is_admin") { $0.boolValue != nil }
        try check("read_deleted") { ReadDeleted(rawValue: $0.stringValue ?? "") != nil }
        return RequestContext(dict: dict)
    }

    public init(dict: [String: JSONValue]) {
        self.init(
            requestId: dict["request_id"]?.stringValue ?? RequestContext.newRequestId(),
            globalRequestId: dict["global_request_id"]?.stringValue,
            userId: dict["user_id"]?.stringValue ?? dict["user"]?.stringValue,
            projectId: dict["project_id"]?.stringValue ?? dict["tenant"]?.stringValue,
            roles: dict["roles"]?.arrayValue?.compactMap { $0.stringValue } ?? [],
            isAdmin: dict["is_admin"]?.boolValue ?? false,
            readDeleted: ReadDeleted(rawValue: dict["read_deleted"]?.stringValue ?? "no") ?? .no)
    }
}

/// A request context field of the wrong type or value in a message.
public struct ContextError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let value: JSONValue
    public var description: String { "context field \(field) has the wrong type or value: \(value)" }
}
