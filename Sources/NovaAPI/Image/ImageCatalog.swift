import Common

/// The images nova-api serves at `/image` (and the compute `/images` proxy shows): the catalog nova-manage
/// fills. The database backs it in production; `MemoryImageCatalog` in tests.
public protocol ImageCatalog: Sendable {
    /// Every image that is not deleted, in any order (the image API filters, sorts and pages itself).
    func allImages() async throws -> [Image]
    /// One image by id, deleted or not found → nil.
    func image(id: String) async throws -> Image?
}

extension ImageCatalog {
    public func image(id: String) async throws -> Image? { try await allImages().first { $0.id == id } }
}

/// A fixed list of images.
public struct MemoryImageCatalog: ImageCatalog {
    public var images: [Image]

    public init(_ images: [Image]) { self.images = images }

    public func allImages() -> [Image] { images.filter { !$0.deleted } }
}
