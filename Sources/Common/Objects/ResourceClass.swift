/// The standard resource classes a compute node offers and an instance consumes (placement's names).
public enum ResourceClass: String, Sendable, CaseIterable {
    case vcpu = "VCPU"
    case memoryMB = "MEMORY_MB"
    case diskGB = "DISK_GB"
}
