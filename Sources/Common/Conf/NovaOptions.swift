/// Every option of every service, in one list: the source of `--help` and `etc/nova/nova.conf.sample`.
/// Each service area declares its options in its own file under `Conf/` and adds them here.
public enum NovaOptions {
    public static var all: [OptDefinition] {
        var all: [OptDefinition] = []
        all += CommonOptions.all
        all += MessagingOptions.all
        all += DatabaseOptions.all
        all += PolicyOptions.all
        all += APIBehaviourOptions.all
        all += APIServerOptions.all
        all += ComputeOptions.all
        all += FakeDriverOptions.all
        all += ConductorOptions.all
        all += IdentityOptions.all
        all += SchedulerOptions.all
        all += ComputeAPIOptions.all
        return all
    }
}
