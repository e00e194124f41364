import Common
import Foundation

/// Passes hosts that can run the image: its architecture (`hw_architecture`, else
/// `image_properties_default_architecture`), hypervisor type (`img_hv_type`) and VM mode (`hw_vm_mode`)
/// against the host's supported instances, and `img_hv_requested_version` (e.g. `>=6.0,<7.0`) against
/// the hypervisor version (nova/scheduler/filters/image_props_filter.py).
public struct ImagePropertiesFilter: HostFilter {
    public static let name = "ImagePropertiesFilter"
    public init() {}

    public func applies(to request: HostRequest) -> Bool { !request.imageRequirements.isEmpty }

    public func hostPasses(_ host: HostState, _ request: HostRequest) -> Bool {
        let want = request.imageRequirements
        // Nova checks the version only alongside another property; a version asked alone is checked too.
        guard Self.versionSatisfied(host.hypervisorVersion, want.hypervisorVersion) else { return false }
        guard want.arch != nil || want.hvType != nil || want.vmMode != nil else { return true }
        return host.supportedInstances.contains { s in
            Self.fits(want.arch, s.arch) && Self.fits(want.hvType, s.hvType) && Self.fits(want.vmMode, s.vmMode)
        }
    }

    /// What the image asks for, canonical names, the default architecture applied.
    public struct ImageRequirements: Sendable, Hashable {
        public var arch: String?
        public var hvType: String?
        public var vmMode: String?
        public var hypervisorVersion: String?

        public init(_ props: ImageMetaProps?, defaultArchitecture: String?) {
            arch = (props?.hwArchitecture ?? defaultArchitecture).map(Architecture.canonicalize)
            hvType = props?.imgHVType.map(ImagePropertiesFilter.canonicalHVType)
            vmMode = props?.hwVMMode.map(ImagePropertiesFilter.canonicalVMMode)
            hypervisorVersion = props?.imgHVRequestedVersion
        }

        public var isEmpty: Bool { arch == nil && hvType == nil && vmMode == nil && hypervisorVersion == nil }
    }

    /// A property the image does not ask for fits; one the host does not advertise is taken as any.
    static func fits(_ wanted: String?, _ offered: String?) -> Bool {
        guard let wanted, let offered else { return true }
        return wanted == offered
    }

    static func canonicalHVType(_ t: String) -> String {
        let l = t.lowercased()
        return l == "xapi" ? "xen" : l
    }

    static func canonicalVMMode(_ m: String) -> String {
        switch m.lowercased() {
        case "hv": "hvm"
        case "pv": "xen"
        case "baremetal": "hvm"
        default: m.lowercased()
        }
    }

    /// Checks a predicate list such as `>=6.0,<7.0` against a version encoded as Nova does
    /// (6000001 is 6.0.1). No requirement or no known version: satisfied.
    static func versionSatisfied(_ encoded: Int, _ requirement: String?) -> Bool {
        guard let requirement, !requirement.isEmpty, encoded > 0 else { return true }
        var parts: [Int] = []
        var v = encoded
        while v != 0 {
            parts.insert(v % 1000, at: 0)
            v /= 1000
        }
        for clause in requirement.split(separator: ",") {
            let c = clause.trimmingCharacters(in: .whitespaces)
            guard let opEnd = c.firstIndex(where: { $0.isNumber }) else { return false }
            let op = c[..<opEnd].trimmingCharacters(in: .whitespaces)
            let want = c[opEnd...].split(separator: ".").map { Int($0) ?? 0 }
            let cmp = compare(parts, want)
            let ok: Bool = switch op {
            case ">=": cmp >= 0
            case ">": cmp > 0
            case "<=": cmp <= 0
            case "<": cmp < 0
            case "==", "=", "": cmp == 0
            case "!=": cmp != 0
            default: false
            }
            if !ok { return false }
        }
        return true
    }

    static func compare(_ a: [Int], _ b: [Int]) -> Int {
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
