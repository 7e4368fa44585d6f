// swift-tools-version:6.2
import PackageDescription

// Layers, top to bottom (arrows point down only):
//   FaceServer, FaceCtl        thin executables that wire the layers together
//   FaceServerConfig           face-server's options: config file, environment, flags
//   FaceAPI                    HTTP front: routes, form decoding, signatures, JSON
//   FaceLibrary                service: tenants, quotas, libraries, faces, search
//   FaceVision  FaceIndex  FaceStore  FaceStorePostgres
//   ImageDecoding  Inference   CFaceKernels   C system libraries
//   BlockingWork               lanes, helper pool, fork-join: where blocking work runs
let package = Package(
    name: "face-service",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "face-server", targets: ["FaceServer"]),
        .executable(name: "facectl", targets: ["FaceCtl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // FaceAPI's 100-continue handler works on Hummingbird's HTTP part types.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Prometheus backend for swift-metrics, bootstrapped only by face-server.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // PostgreSQL client for FaceStorePostgres (pool, binary rows, no libpq).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // Hand-written SIMD kernels, dispatched at run time on CPU features.
        .target(name: "CFaceKernels"),

        // The runtime for blocking work, under every layer that blocks (CNN
        // passes, scans, loads, SQLite, large decodes): lanes of dedicated
        // threads, the helper pool and its fork-join, one account of busy cores.
        .target(name: "BlockingWork"),

        // Bottom layer: each knows nothing of HTTP, tenants or the others.
        .target(name: "ImageDecoding", dependencies: ["CTurboJPEG", "CPNGReader"]),
        // libpng behind a setjmp-safe C front (libpng's errors longjmp).
        .target(name: "CPNGReader", dependencies: ["CPNG"], linkerSettings: [.linkedLibrary("png16")]),
        .target(name: "Inference", dependencies: ["BlockingWork", "CBLAS", "CFaceKernels"]),
        .target(name: "FaceVision", dependencies: [
            "BlockingWork", "ImageDecoding", "Inference",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "FaceIndex", dependencies: ["BlockingWork", "CFaceKernels"]),
        .target(name: "FaceStore", dependencies: [
            "BlockingWork", "CSQLite",
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["MigrationSQL/postgresql"], resources: [
            // Compiled into the binary, so an installed face-server or facectl
            // needs no resource folder beside it. One line per migration file;
            // MigrationSQL is a link to the top-level migrations/ folder.
            .embedInCode("MigrationSQL/0001_initial.sql"),
        ]),
        // The PostgreSQL implementation of FaceStore's seam, apart so that the
        // SQLite store carries no network client. MigrationSQL links to
        // migrations/postgresql/, compiled in the same way.
        .target(name: "FaceStorePostgres", dependencies: [
            "FaceStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [
            .embedInCode("MigrationSQL/0001_initial.sql"),
            .embedInCode("MigrationSQL/0002_cluster.sql"),
        ]),

        // Service layer: the only place that knows tenants, libraries and faces.
        .target(name: "FaceLibrary", dependencies: [
            "BlockingWork", "FaceVision", "FaceIndex", "FaceStore", "FaceStorePostgres", "ImageDecoding", "COpenSSL",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // HTTP front.
        .target(name: "FaceAPI", dependencies: [
            "FaceLibrary", "COpenSSL",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
            // HTTPParserError: malformed requests and hang-ups mid-body are told apart by it.
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),

        // face-server's options (one declaration each), the config file, flags and environment.
        .target(name: "FaceServerConfig", dependencies: [
            "FaceAPI", "FaceLibrary", "FaceVision",
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),

        // Executables.
        .executableTarget(name: "FaceServer", dependencies: [
            "FaceAPI", "FaceLibrary", "FaceServerConfig", "FaceStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "FaceCtl", dependencies: [
            "BlockingWork", "FaceLibrary", "FaceVision", "FaceIndex", "FaceStore", "ImageDecoding",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (`make bench-vision`), never run by `swift test`.
        .executableTarget(name: "VisionBenchmark", dependencies: ["BlockingWork", "FaceVision", "ImageDecoding", "Inference", "BenchSupport"],
                          path: "Benchmarks/VisionBenchmark"),
        // examples/swift: a signing client in Swift, run by ClientExampleTests.
        .executableTarget(name: "facesearch-example", dependencies: ["COpenSSL"], path: "examples/swift"),
        // `make fuzz`: libFuzzer targets for the parsers of untrusted bytes (a replayer when built plainly).
        .executableTarget(name: "FaceFuzz", dependencies: ["FaceAPI", "FaceVision", "ImageDecoding", "Inference"],
                          path: "Fuzz/FaceFuzz"),
        // What several benchmarks share: dlib's reference timings.
        .target(name: "BenchSupport", path: "Benchmarks/BenchSupport"),
        // `make bench-inference`: recognizer and detector speed beside dlib's.
        .executableTarget(name: "InferenceBench", dependencies: ["BlockingWork", "FaceVision", "ImageDecoding", "Inference"],
                          path: "Benchmarks/InferenceBench"),
        // `make bench-startup`: face-server start-up and end-to-end search on 1M faces.
        .executableTarget(name: "StartupBench", dependencies: ["FaceLibrary", "FaceStore", "FaceStorePostgres",
                                                               "FaceTestSupport", "BenchSupport"],
                          path: "Benchmarks/StartupBench"),

        // `make bench-cluster`: propagation, the read-your-writes barrier, throughput and start-up of several nodes.
        .executableTarget(name: "ClusterBench", dependencies: ["FaceStore", "FaceStorePostgres", "FaceTestSupport"],
                          path: "Benchmarks/ClusterBench"),

        // Tests, one target per module plus end-to-end tests through the binaries.
        // Shared by test targets: temp dirs, a signing HTTP client, a face-server launcher.
        .target(name: "FaceTestSupport", dependencies: [
            "FaceLibrary", "FaceStore", "FaceStorePostgres", "ImageDecoding", "COpenSSL", "CSQLite",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/FaceTestSupport"),
        // The contract checks of replies (swift-testing expectations), shared by the HTTP suites.
        .target(name: "ReplyChecks", dependencies: ["FaceTestSupport"], path: "Tests/ReplyChecks"),
        .testTarget(name: "BlockingWorkTests", dependencies: ["BlockingWork"]),
        .testTarget(name: "ImageDecodingTests", dependencies: ["ImageDecoding", "FaceTestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["BlockingWork", "Inference"]),
        .testTarget(name: "FaceVisionTests", dependencies: ["BlockingWork", "FaceVision", "ImageDecoding", "Inference"]),
        .testTarget(name: "FaceIndexTests", dependencies: ["FaceIndex", "CFaceKernels"]),
        .testTarget(name: "FaceStoreTests", dependencies: ["BlockingWork", "FaceStore", "FaceStorePostgres", "FaceTestSupport"]),
        .testTarget(name: "FaceLibraryTests", dependencies: ["BlockingWork", "FaceLibrary", "FaceStore", "FaceTestSupport"]),
        // The HTTP contract in-process: the real router over real services
        // (HummingbirdTesting), and the channel handlers on NIO's EmbeddedChannel.
        .testTarget(name: "FaceAPITests", dependencies: [
            "FaceAPI", "FaceLibrary", "FaceStore", "FaceTestSupport", "ReplyChecks",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .testTarget(name: "FaceServerConfigTests", dependencies: ["FaceServerConfig", "FaceAPI", "FaceTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: [
            "FaceLibrary", "FaceServerConfig", "FaceStore", "FaceTestSupport", "ReplyChecks", "ImageDecoding",
        ]),
        // Several face-server processes over one PostgreSQL (`make test-cluster` runs every scenario).
        .testTarget(name: "ClusterTests", dependencies: ["FaceLibrary", "FaceTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The compiler holds the layers and the spelling: every existential is written
// `any`, and a file sees only the members of modules it imports itself, so a
// dependency cannot creep in through another module's imports. Adopted target
// by target (each adoption is a mechanical edit of that target's files).
let layeredTargets: Set<String> = [
    "ImageDecoding", "Inference", "FaceVision", "FaceIndex", "FaceStore", "FaceStorePostgres", "FaceLibrary",
    "FaceAPI", "FaceServerConfig", "FaceServer", "FaceCtl",
]
for target in package.targets where layeredTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
