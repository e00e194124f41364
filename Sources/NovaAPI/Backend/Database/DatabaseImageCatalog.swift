import Common
import NovaDB

/// The `/image` endpoint's catalog: the database's images table (nova-manage fills it).
public struct DatabaseImageCatalog: ImageCatalog {
    public let store: NovaStore

    public init(store: NovaStore) {
        self.store = store
    }

    public func allImages() async throws -> [Image] {
        try await store.images()
    }

    public func image(id: String) async throws -> Image? {
        do {
            return try await store.image(id: id)
        } catch is ImageNotFound {
            return nil
        }
    }
}
