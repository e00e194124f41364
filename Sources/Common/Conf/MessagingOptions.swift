/// `[oslo_messaging_rabbit]` options (oslo_messaging/_drivers/impl_rabbit.py) that the rabbit transport reads.
public enum MessagingOptions {
    public static let heartbeatTimeoutThreshold = Opt<Int>.make(
        "heartbeat_timeout_threshold", group: "oslo_messaging_rabbit", kind: .int(min: 0, max: nil),
        default: .int(60),
        help: "Number of seconds after which the Rabbit broker is considered down if heartbeat's keep-alive "
            + "fails (0 disables heartbeat). Both ends then drop the connection: the service reconnects with "
            + "backoff and the broker requeues what the lost connection had not acknowledged.")
    public static let all: [OptDefinition] = definitions(heartbeatTimeoutThreshold)
}
