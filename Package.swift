// swift-tools-version: 6.0
import PackageDescription

// No target here sets unsafe flags: SwiftPM refuses them in a package that another depends
// on by version. The release build of `tide` (scripts/tide, scripts/bench) passes its two
// hot-path flags on the command line instead; docs/performance.md measures what they give.

let package = Package(
    name: "Tide",
    products: [
        .executable(name: "tide", targets: ["TideCLI"]),
        /// What an application embeds: `import Tide`.
        .library(name: "Tide", targets: ["Tide"]),
        .library(name: "Workbench", targets: ["Workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // Sockets for asyncio's streams (docs/design/0006-streams-on-swiftnio.md).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLua", path: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // zlib, for the compressed packets of Perfetto traces (docs/design/0007-compact-trace.md).
        .systemLibrary(name: "CZlib", path: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "LuaKit", dependencies: ["CLua"]),
        .target(name: "CLuaWatch", dependencies: ["CLua"]),
        .target(name: "CLuaAwait", dependencies: ["CLua"]),
        .target(name: "CLineEdit", linkerSettings: [.linkedLibrary("edit")]),
        .target(name: "CSpawn"),
        .target(
            name: "Scheduler",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        .target(
            name: "LuaAsync",
            dependencies: [
                "LuaKit", "Scheduler", "CLuaWatch", "CLuaAwait",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [
                .embedInCode("Prelude/asyncio.lua"), .embedInCode("Prelude/sandbox.lua"), .embedInCode("Prelude/sim.lua"),
                .embedInCode("Prelude/inspect.lua"), .embedInCode("Prelude/streams.lua"),
            ]),
        .target(name: "Tide", dependencies: ["LuaAsync", "LuaKit", "Scheduler"]),
        .target(name: "Workbench", dependencies: ["LuaAsync", "Scheduler", "CLineEdit", "CSpawn", "CZlib"]),
        .executableTarget(
            name: "TideCLI",
            dependencies: [
                "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // scripts/bench's host-function row: an application embedding Tide.
        .executableTarget(name: "HostBench", dependencies: ["Tide"], path: "bench/host"),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler"]),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "LuaAsync", "Scheduler"]),
        .testTarget(name: "TideTests", dependencies: ["Tide"]),
    ]
)
