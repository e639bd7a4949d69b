import Foundation
import LuaAsync
import Scheduler
import Workbench

/// Lua scripts with the transcript they must produce, kept side by side as NAME.lua and
/// NAME.expected. Set TIDE_UPDATE_GOLDEN=1 to rewrite the expected files from a run.
enum GoldenFiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `.lua` files under `folder` (relative to the repository), as relative paths, sorted.
    static func scripts(in folder: String) -> [String] {
        let directory = repositoryRoot.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { "\(folder)/\($0)" }
    }

    /// Runs `script` and returns (actual, expected) transcripts; records when asked to.
    static func compare(
        _ script: String, arguments: [String] = [], expectedFile: String? = nil, clock: LoopClock = VirtualClock(),
        prepare: (Runtime) -> Void = { _ in }
    ) async throws -> (actual: String, expected: String) {
        let path = repositoryRoot.appendingPathComponent(script).path
        let actual = try await Transcript.record(
            scriptAt: path, displayName: script, arguments: arguments, clock: clock, prepare: prepare
        ).description
        let expectedURL = repositoryRoot.appendingPathComponent(
            expectedFile ?? String(script.dropLast(".lua".count)) + ".expected")
        if ProcessInfo.processInfo.environment["TIDE_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "(missing \(expectedURL.path))"
        return (actual, expected)
    }
}
