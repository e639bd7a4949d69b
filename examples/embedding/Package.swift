// swift-tools-version: 6.0
// An application that embeds Tide, as docs/embedding.md walks through it.
import PackageDescription

// Where Tide comes from. A real application names the published repository here; the
// variable lets this example (and its test) build against a local clone instead, e.g.
//   TIDE_PACKAGE_URL=file:///tmp/tide swift run
// The package's identity is the last component of the URL, `tide`: a clone must sit in a
// folder named `tide` for `package: "tide"` below to find it.
let tideURL = Context.environment["TIDE_PACKAGE_URL"] ?? "https://github.com/tide-lang/tide"

let package = Package(
    name: "EmbeddingExample",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: tideURL, from: "0.2.0")
    ],
    targets: [
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: [.product(name: "Tide", package: "tide")],
            resources: [.embedInCode("scenario.lua")])
    ]
)
