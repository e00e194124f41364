/// A local claim did not fit on the node (nova.exception.ComputeResourcesUnavailable): the build is
/// aborted on this host and rescheduled.
public struct ComputeResourcesUnavailable: Error, Sendable, CustomStringConvertible, Equatable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "Insufficient compute resources: \(reason)." }
}
