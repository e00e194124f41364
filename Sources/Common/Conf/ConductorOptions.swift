/// `[conductor]` options (nova/conf/conductor.py).
public enum ConductorOptions {
    public static let workers = Opt<Int>.make(
        "workers", group: "conductor", kind: .int(min: 1, max: nil), default: .int(1),
        help: "Number of concurrent RPC handlers of this conductor process. Run several processes to share "
            + "the conductor topic (competing consumers).")
    public static let all: [OptDefinition] = definitions(workers)
}
