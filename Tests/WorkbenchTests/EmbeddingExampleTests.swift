import Foundation
import Testing
import Workbench

/// examples/embedding as an application builds it: a package of its own that depends on
/// Tide by version. A tagged copy of this working tree stands in for the published
/// repository; the example is built against it and its output compared with
/// examples/embedding/expected-output.txt (TIDE_UPDATE_GOLDEN=1 rewrites it).
@Suite(.timeLimit(.minutes(20))) struct EmbeddingExampleTests {
    static let root = GoldenFiles.repositoryRoot
    static let golden = root.appendingPathComponent("examples/embedding/expected-output.txt")

    @Test func theExampleBuildsAgainstATaggedTideAndPrintsItsTranscript() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tide-embedding-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // The folder is named `tide`: SwiftPM names a package by its URL's last component,
        // and the example asks for `package: "tide"`.
        let tide = scratch.appendingPathComponent("tide")
        try Self.makeTaggedCopy(at: tide, tag: "0.2.0")

        var build = ChildProcess("/usr/bin/env", [
            "swift", "build", "--package-path", tide.appendingPathComponent("examples/embedding").path,
            "--scratch-path", scratch.appendingPathComponent("build").path,
        ])
        build.environment["TIDE_PACKAGE_URL"] = "file://" + tide.path
        build.wallTimeLimit = .seconds(15 * 60)
        let built = try await Self.runOffThePool(build)
        guard built.ending == .exited(0) else {
            Issue.record("swift build ended \(built.ending):\n\(built.stdout)\n\(built.stderr)")
            return
        }

        var example = ChildProcess(scratch.appendingPathComponent("build/debug/EmbeddingExample").path, [])
        example.wallTimeLimit = .seconds(60)
        let ran = try await Self.runOffThePool(example)
        #expect(ran.ending == .exited(0), "stderr: \(ran.stderr)")
        #expect(ran.stderr.isEmpty)
        if ProcessInfo.processInfo.environment["TIDE_UPDATE_GOLDEN"] == "1" {
            try ran.stdout.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOf: Self.golden, encoding: .utf8)) ?? "(missing \(Self.golden.path))"
        #expect(ran.stdout == expected)
    }

    /// Copies the files git would see in the working tree (tracked ones with their
    /// uncommitted edits, and new ones not ignored) to `folder`, and commits and tags them.
    static func makeTaggedCopy(at folder: URL, tag: String) throws {
        let listed = try git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: root)
        let files = FileManager.default
        for path in listed.split(separator: "\0").map(String.init) {
            let source = root.appendingPathComponent(path)
            guard files.fileExists(atPath: source.path) else { continue }  // deleted, not yet committed
            let target = folder.appendingPathComponent(path)
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: source, to: target)
        }
        _ = try git(["init", "-q"], in: folder)
        _ = try git(["add", "-A"], in: folder)
        _ = try git(["-c", "user.name=Tide tests", "-c", "user.email=tests@tide.invalid", "-c", "commit.gpgsign=false",
                     "commit", "-q", "-m", "The working tree, tagged \(tag)"], in: folder)
        _ = try git(["tag", tag], in: folder)
    }

    /// Runs git in `folder` and returns its output; throws with its messages if it fails.
    static func git(_ arguments: [String], in folder: URL) throws -> String {
        var child = ChildProcess("/usr/bin/env", ["git"] + arguments)
        child.currentDirectory = folder.path
        child.wallTimeLimit = .seconds(120)
        let outcome = try child.run()
        guard outcome.ending == .exited(0) else {
            throw GitFailed(description: "git \(arguments.joined(separator: " ")): \(outcome.stderr)")
        }
        return outcome.stdout
    }

    struct GitFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `child` on a thread of its own: a build takes minutes, and blocking one of the
    /// few threads Swift concurrency shares among the parallel tests would slow them all.
    static func runOffThePool(_ child: ChildProcess) async throws -> ChildProcess.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try child.run() }) }.start()
        }
    }
}
