// swift-tools-version: 6.0
import PackageDescription

/// Release builds optimise across module boundaries (so the Scheduler's generic queue is
/// specialised for the bridge) and check exclusive access statically only: both take
/// runtime calls off the loop's hot path.
let hotPath: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
    name: "Tide",
    products: [
        .executable(name: "tide", targets: ["tide"]),
        .library(name: "Workbench", targets: ["Workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLua", path: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "LuaKit", dependencies: ["CLua"], swiftSettings: hotPath),
        .target(name: "CLuaWatch", dependencies: ["CLua"]),
        .target(name: "CLuaAwait", dependencies: ["CLua"]),
        .target(name: "CLineEdit", linkerSettings: [.linkedLibrary("edit")]),
        .target(name: "CSpawn"),
        .target(
            name: "Scheduler",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: hotPath),
        .target(
            name: "LuaAsync",
            dependencies: ["LuaKit", "Scheduler", "CLuaWatch", "CLuaAwait"],
            resources: [.embedInCode("Prelude/asyncio.lua"), .embedInCode("Prelude/sandbox.lua")],
            swiftSettings: hotPath),
        .target(name: "Workbench", dependencies: ["LuaAsync", "Scheduler", "CLineEdit", "CSpawn"]),
        .executableTarget(
            name: "tide",
            dependencies: [
                "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler"]),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "LuaAsync", "Scheduler"]),
    ]
)
