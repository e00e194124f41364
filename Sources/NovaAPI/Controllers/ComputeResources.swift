import Common

/// What every controller works with: the store, the actions on other services, and the settings.
public struct ComputeResources: Sendable {
    public let store: any ComputeAPIStore
    public let actions: any ComputeActions
    public let settings: ComputeSettings

    public init(store: any ComputeAPIStore, actions: any ComputeActions, settings: ComputeSettings = ComputeSettings())
    {
        self.store = store
        self.actions = actions
        self.settings = settings
    }
}

/// Mounts every resource of the compute API on a router: `ComputeControllers.router(resources)` is what
/// `ComputeAPI.assemble(config:router:...)` takes.
public enum ComputeControllers {
    public static func router(_ resources: ComputeResources) -> APIRouter {
        var router = APIRouter()
        mount(on: &router, resources)
        return router
    }

    public static func mount(on router: inout APIRouter, _ r: ComputeResources) {
        ServersController(r).register(on: &router)
        ServerActionsController(r).register(on: &router)
        ServerMetadataController(r).register(on: &router)
        ServerTagsController(r).register(on: &router)
        InstanceActionsController(r).register(on: &router)
        FlavorsController(r).register(on: &router)
        FlavorAccessController(r).register(on: &router)
        FlavorExtraSpecsController(r).register(on: &router)
        ImagesController(r).register(on: &router)
        KeypairsController(r).register(on: &router)
        HypervisorsController(r).register(on: &router)
        ServicesController(r).register(on: &router)
        AvailabilityZonesController(r).register(on: &router)
        AggregatesController(r).register(on: &router)
        ServerGroupsController(r).register(on: &router)
        MigrationsController(r).register(on: &router)
        LimitsController(r).register(on: &router)
        QuotaSetsController(r).register(on: &router)
    }
}
