// swift-tools-version:6.0
import PackageDescription

// The targets read as the pipeline: Capture → Wire → OpenFlow → Model → Replay → Report → lbtrace.
// Each module depends only on modules before it.
let package = Package(
    name: "lbtrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lbtrace", targets: ["lbtrace"]),
        .library(name: "LBTraceKit", targets: ["Capture", "Wire", "OpenFlow", "Model", "Replay", "Report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .target(name: "Capture", dependencies: ["CPcap"]),
        .target(name: "Wire"),
        .target(name: "OpenFlow", dependencies: ["Wire"]),
        // A header only: the cache-prefetch hint the replay's tables use (see ProbingMap.prefetch).
        .systemLibrary(name: "CPrefetch"),
        .target(name: "Model", dependencies: ["Capture", "Wire", "OpenFlow", "CPrefetch"]),
        .target(name: "Replay", dependencies: ["Capture", "Wire", "OpenFlow", "Model"]),
        .target(name: "Report", dependencies: ["Wire", "OpenFlow", "Model", "Replay"]),
        .target(name: "Scenario", dependencies: ["Capture", "Wire", "OpenFlow", "Model"]),
        .executableTarget(
            name: "lbtrace",
            dependencies: [
                "Capture", "Wire", "OpenFlow", "Model", "Replay", "Report", "Scenario",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CaptureTests", dependencies: ["Capture"], resources: []),
        .testTarget(name: "WireTests", dependencies: ["Wire", "Capture"]),
        .testTarget(name: "OpenFlowTests", dependencies: ["OpenFlow", "Wire", "Capture"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "OpenFlow", "Wire", "Capture"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Capture", "Model", "OpenFlow", "Wire"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Replay", "Model", "Wire"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Replay", "Report", "Capture", "Wire", "OpenFlow", "Model"]),
        .testTarget(name: "LBTraceTests", dependencies: ["lbtrace"]),
    ],
    swiftLanguageModes: [.v6]
)
