/// The `tide` a platform runs has no Swift toolchain beside it: its Swift runtime must be
/// linked in (`swift build --static-swift-stdlib`, as scripts/build-release builds it). Lua
/// and libedit may stay shared: the platform's setup installs them from Ubuntu's packages.
enum StandaloneTide {
    /// The shared libraries of a Swift toolchain; a binary that needs one of them does not
    /// start on a stock Ubuntu.
    static let toolchainLibraries = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime"]

    /// The libraries a shipped `tide` may need that a stock Ubuntu lacks, and their packages.
    static let ubuntuPackages = ["liblua5.4-0", "libedit2"]

    /// Throws unless `path` is an executable whose Swift runtime is linked in.
    static func check(_ path: String) throws(PlatformExport.Failure) {
        var ldd = ChildProcess("/usr/bin/ldd", [path])
        ldd.wallTimeLimit = .seconds(60)
        guard let outcome = try? ldd.run(), outcome.status == 0 else {
            throw PlatformExport.Failure(description: "\(path) is not an executable this system can read (ldd failed)")
        }
        let needed = outcome.stdout.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: \.isWhitespace).first.map(String.init)
        }
        if let library = needed.first(where: { name in toolchainLibraries.contains { name.hasPrefix($0) } }) {
            throw PlatformExport.Failure(description: """
                \(path) links the Swift runtime as a shared library (\(library)), which a stock Ubuntu \
                does not have. Build tide with it linked in (scripts/build-release) and export with \
                that one: .build/release/tide export ..., or --tide .build/release/tide
                """)
        }
    }
}
