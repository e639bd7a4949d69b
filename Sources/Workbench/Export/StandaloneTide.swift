/// The `tide` a platform runs has no Swift toolchain beside it: its Swift runtime must be
/// linked in (`swift build --static-swift-stdlib`, as scripts/build-release builds it). Lua
/// and libedit may stay shared: the platform's setup installs them from Ubuntu's packages,
/// or, where it cannot (PrairieLearn grades offline), the export ships them beside `tide`.
enum StandaloneTide {
    /// The shared libraries of a Swift toolchain; a binary that needs one of them does not
    /// start on a stock Ubuntu.
    static let toolchainLibraries = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime"]

    /// What every Ubuntu image has: glibc and the C++ runtime.
    static let systemLibraries = ["linux-vdso", "ld-linux", "libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so",
                                  "libgcc_s.so", "libstdc++.so"]

    /// The libraries a shipped `tide` may need that a stock Ubuntu lacks, and their packages.
    static let ubuntuPackages = ["liblua5.4-0", "libedit2"]

    /// A shared library the binary needs: its name, and where this system has it.
    struct Library {
        let name: String
        let path: String?
    }

    /// The shared libraries `path` needs, as `ldd` resolves them here; throws unless it is an
    /// executable whose Swift runtime is linked in.
    @discardableResult
    static func check(_ path: String) throws(PlatformExport.Failure) -> [Library] {
        var ldd = ChildProcess("/usr/bin/ldd", [path])
        ldd.wallTimeLimit = .seconds(60)
        guard let outcome = try? ldd.run(), outcome.status == 0 else {
            throw PlatformExport.Failure(description: "\(path) is not an executable this system can read (ldd failed)")
        }
        // `libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)`, or a name and an address.
        let libraries = outcome.stdout.split(separator: "\n").compactMap { line -> Library? in
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let name = words.first else { return nil }
            return Library(name: name, path: words.count >= 3 && words[1] == "=>" && words[2].hasPrefix("/") ? words[2] : nil)
        }
        if let library = libraries.first(where: { library in toolchainLibraries.contains { library.name.hasPrefix($0) } }) {
            throw PlatformExport.Failure(description: """
                \(path) links the Swift runtime as a shared library (\(library.name)), which a stock Ubuntu \
                does not have. Build tide with it linked in (scripts/build-release) and export with \
                that one: .build/release/tide export ..., or --tide .build/release/tide
                """)
        }
        return libraries
    }

    /// The libraries to ship beside `tide` for an image that may lack them: all but glibc's
    /// and the C++ runtime's (Lua, libedit and what libedit needs).
    static func librariesToShip(with path: String) throws(PlatformExport.Failure) -> [Library] {
        try check(path).filter { library in
            library.path != nil && !systemLibraries.contains { library.name.hasPrefix($0) }
        }
    }
}
