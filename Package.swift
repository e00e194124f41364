// swift-tools-version:6.0
// mini-Nova: a compute control plane in the shape of OpenStack Nova.
// No package dependencies: only the toolchain and Debian's C libraries.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "mini-nova",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nova-api", targets: ["NovaAPI"]),
        .executable(name: "nova-conductor", targets: ["NovaConductor"]),
        .executable(name: "nova-scheduler", targets: ["NovaScheduler"]),
        .executable(name: "nova-compute", targets: ["NovaCompute"]),
        .executable(name: "nova-manage", targets: ["NovaManage"]),
        .executable(name: "scheduler-bench", targets: ["SchedulerBench"]),
        .executable(name: "rpc-bench", targets: ["RPCBench"]),
    ],
    targets: [
        // C system libraries (Debian -dev packages), reached through module maps.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq",
                       providers: [.apt(["librabbitmq-dev"])]),
        // Linux calls Glibc's module does not expose (epoll, eventfd, signalfd, accept4).
        .systemLibrary(name: "CLinux"),
        // amqp_login is variadic: Swift cannot call it, so a tiny C wrapper does.
        .target(name: "CAMQPShim", dependencies: ["CRabbitMQ"]),
        // OpenSSL's libcrypto (HMAC-SHA256, random) and libxcrypt (sha512-crypt) for the identity endpoint.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCrypt", pkgConfig: "libcrypt", providers: [.apt(["libcrypt-dev"])]),

        .target(name: "Common",
                dependencies: ["CRabbitMQ", "CAMQPShim", "CLinux"],
                swiftSettings: strict),
        .target(name: "NovaDB",
                dependencies: ["Common", "CSQLite", "CPostgres"],
                swiftSettings: strict),
        // The users file, password hashes and crypto shared by nova-api's identity endpoint and nova-manage.
        .target(name: "NovaIdentity", dependencies: ["Common", "CCrypto", "CCrypt"], swiftSettings: strict),
        .executableTarget(name: "NovaAPI", dependencies: ["Common", "NovaDB", "CLinux", "NovaIdentity"],
                          swiftSettings: strict),
        .executableTarget(name: "NovaConductor", dependencies: ["Common", "NovaDB"],
                          swiftSettings: strict),
        .executableTarget(name: "NovaScheduler", dependencies: ["Common", "NovaDB"],
                          swiftSettings: strict),
        // nova-compute never touches the database: no NovaDB dependency, by design.
        .executableTarget(name: "NovaCompute", dependencies: ["Common"],
                          swiftSettings: strict),
        .executableTarget(name: "NovaManage", dependencies: ["Common", "NovaDB", "NovaIdentity"],
                          swiftSettings: strict),

        // The scheduler benchmark. An executable target cannot import another, so it compiles the
        // scheduler's own sources through the NovaScheduler symlink, leaving out its main.swift.
        .executableTarget(name: "SchedulerBench", dependencies: ["Common", "NovaDB"], path: "Benchmarks/SchedulerBench",
                          exclude: ["NovaScheduler/main.swift"], swiftSettings: strict),

        .executableTarget(name: "RPCBench", dependencies: ["Common"], path: "Benchmarks/RPCBench",
                          swiftSettings: strict),

        // Shared by the test targets: broker, PostgreSQL and process helpers.
        .target(name: "NovaTestSupport", dependencies: ["Common"], path: "Tests/NovaTestSupport",
                swiftSettings: strict),
        .testTarget(name: "CommonTests", dependencies: ["Common", "NovaTestSupport"], swiftSettings: strict),
        .testTarget(name: "NovaDBTests", dependencies: ["NovaDB", "Common", "NovaTestSupport"], swiftSettings: strict),
        .testTarget(name: "NovaSchedulerTests", dependencies: ["NovaScheduler", "NovaDB", "Common", "NovaTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "NovaComputeTests", dependencies: ["NovaCompute", "Common", "NovaTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "NovaConductorTests", dependencies: ["NovaConductor", "NovaCompute", "NovaDB", "Common", "NovaTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "NovaAPITests", dependencies: ["NovaAPI", "NovaDB", "NovaIdentity", "Common", "NovaTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "IntegrationTests", dependencies: ["Common", "NovaDB", "NovaTestSupport"],
                    swiftSettings: strict),
    ]
)
