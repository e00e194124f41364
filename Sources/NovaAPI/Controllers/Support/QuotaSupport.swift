import Common

extension ComputeResources {
    /// The effective limits of a project (and of one of its users): defaults, then the project's
    /// overrides, then the user's.
    func quotaLimits(projectID: String, userID: String? = nil) async throws -> QuotaLimits {
        var limits = settings.quotaDefaults.overridden(
            by: try await store.quotaOverrides(projectID: projectID, userID: nil))
        if let userID {
            limits = limits.overridden(by: try await store.quotaOverrides(projectID: projectID, userID: userID))
        }
        return limits
    }

    /// Nova's `_check_metadata_properties_quota`: 403 past `metadata_items`.
    func checkMetadataQuota(_ count: Int, projectID: String) async throws {
        let allowed = try await quotaLimits(projectID: projectID)["metadata_items"]
        if allowed >= 0 && count > allowed {
            throw ComputeError(
                "MetadataLimitExceeded", status: 403, "Maximum number of metadata items exceeds \(allowed)")
        }
    }
}
