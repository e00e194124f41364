/// Builds the transport named by `[DEFAULT] transport_url`.
public enum TransportFactory {
    public static func make(url: TransportURL, heartbeatThreshold: Int = 0) -> any Transport {
        switch url.driver {
        case .rabbit: RabbitTransport(url: url, heartbeatThreshold: heartbeatThreshold)
        case .fake: FakeTransport(broker: FakeBroker.named(url.virtualHost))
        }
    }

    public static func make(url: String) throws(TransportURLError) -> any Transport {
        make(url: try TransportURL.parse(url))
    }

    public static func make(conf: Config) throws(TransportURLError) -> any Transport {
        make(url: try TransportURL.parse(conf[CommonOptions.transportURL]),
             heartbeatThreshold: conf[MessagingOptions.heartbeatTimeoutThreshold])
    }
}
