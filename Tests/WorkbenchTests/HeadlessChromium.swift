import Foundation

/// Debian's `chromium`, run headless on a page file: its DOM once the page's script has
/// run, or a screenshot. `scripts/setup` installs it; tests that need it are skipped, with
/// this reason, only on a machine where it is not installed.
enum HeadlessChromium {
    static let missingReason = "Chromium is not installed: scripts/setup installs Debian's chromium (apt-get install chromium)"

    static let path: String? = {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/chromium" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isInstalled: Bool { path != nil }

    /// The page's DOM as serialised after its scripts ran.
    static func dumpDOM(of page: URL, fragment: String = "") throws -> String {
        try run(["--dump-dom", page.absoluteString + fragment])
    }

    /// A PNG of the page's first `height` pixels at `width`.
    static func screenshot(of page: URL, to image: URL, width: Int, height: Int) throws {
        try? FileManager.default.removeItem(at: image)
        _ = try run(["--window-size=\(width),\(height)", "--screenshot=\(image.path)", page.absoluteString])
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func run(_ arguments: [String]) throws -> String {
        guard let path else { throw Failure(description: missingReason) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tide-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // --no-sandbox: the suite may run as root, where Chromium's sandbox refuses to start.
        // The virtual time budget lets the page's script run to the end before the dump.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A browser that never returns must fail the test, not hang the suite.
        let guardTimer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: guardTimer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guardTimer.cancel()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium exited with status \(process.terminationStatus) for \(arguments)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
