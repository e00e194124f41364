/// The registry's list of object types: every object that may cross the wire, and its list type.
let allObjectTypes: [any NovaObject.Type] = [
    Instance.self, InstanceList.self,
    Flavor.self, FlavorList.self,
    ComputeNode.self, ComputeNodeList.self,
    Service.self, ServiceList.self,
    RequestSpec.self, Destination.self, SchedulerLimits.self, SchedulerRetries.self,
    Selection.self,
    ImageMeta.self, ImageMetaProps.self, Image.self,
    InstanceAction.self, InstanceActionList.self,
    InstanceActionEvent.self, InstanceActionEventList.self,
    InstanceFault.self, InstanceFaultList.self,
    InstanceInfoCache.self,
    KeyPair.self, KeyPairList.self,
    Aggregate.self, AggregateList.self,
    InstanceGroup.self, InstanceGroupList.self,
    Migration.self, MigrationList.self,
    Allocation.self,
]
