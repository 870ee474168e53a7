// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Tidemark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tidemark", targets: ["tidemark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C edges: typed shims over variadic libcurl calls and zlib macros.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        .target(name: "TidemarkCore", swiftSettings: swiftSettings),
        .target(
            name: "TidemarkLog",
            dependencies: ["TidemarkCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkCodec",
            dependencies: [
                "CZlib", "TidemarkCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkS3",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkStore",
            dependencies: [
                "TidemarkS3",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkReplication",
            dependencies: ["TidemarkCore", "TidemarkCodec", "TidemarkStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkSynthetic",
            dependencies: ["TidemarkCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkUserAgent",
            dependencies: ["TidemarkCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkIngest",
            dependencies: [
                "TidemarkCore", "TidemarkUserAgent",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkCollector",
            dependencies: [
                "TidemarkCore", "TidemarkCodec", "TidemarkIngest", "TidemarkReplication", "TidemarkStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkReports",
            dependencies: ["TidemarkCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkServe",
            dependencies: [
                "TidemarkCore", "TidemarkStore", "TidemarkReplication", "TidemarkReports", "TidemarkJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkJobs",
            dependencies: [
                "TidemarkCore", "TidemarkCodec", "TidemarkStore", "TidemarkReplication", "TidemarkReports",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkCLI",
            dependencies: [
                "TidemarkCore", "TidemarkCodec", "TidemarkStore", "TidemarkReplication",
                "TidemarkReports", "TidemarkJobs", "TidemarkSynthetic", "TidemarkIngest", "TidemarkCollector",
                "TidemarkServe", "TidemarkLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tidemark",
            dependencies: [
                "TidemarkCLI", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tidemark-bench",
            dependencies: [
                "TidemarkCore", "TidemarkCodec", "TidemarkS3", "TidemarkStore", "TidemarkReplication",
                "TidemarkSynthetic", "TidemarkTesting", "TidemarkReports", "TidemarkJobs",
            ],
            path: "Sources/TidemarkBench",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TidemarkTesting",
            dependencies: ["TidemarkCore", "TidemarkStore", "TidemarkS3"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TidemarkReportsTests",
            dependencies: ["TidemarkCore", "TidemarkReports", "TidemarkSynthetic"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TidemarkTests",
            dependencies: [
                "TidemarkCore", "TidemarkCodec", "TidemarkS3", "TidemarkStore", "TidemarkReplication",
                "TidemarkReports", "TidemarkJobs", "TidemarkCLI", "TidemarkTesting", "TidemarkSynthetic",
                "TidemarkIngest", "TidemarkCollector", "TidemarkServe", "TidemarkUserAgent", "TidemarkLog",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
