import Foundation
import Testing
import Workbench

/// `tide export` as an instructor uses it, and the platform as it then runs the result: the
/// Gradescope zip unpacked into a temporary /autograder, the GitHub Classroom template's
/// workflow command run in a temporary repository, both with no Swift on PATH, scoring what
/// `tide grade` scores.
@Suite(.timeLimit(.minutes(20))) struct PlatformExportTests {
    /// What the platform's machine has: no Swift toolchain, nothing of ours on PATH.
    static let stockEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]

    /// The release `tide` with its Swift runtime linked in, as scripts/build-release makes it,
    /// built once per test run in a folder of its own (incremental after the first time).
    struct BuildFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// The build runs on a thread of its own, and every test that needs it suspends until it
    /// is done: a build of minutes that blocked the test pool's threads (a `static let` blocks
    /// each thread that asks while it is made) would starve every async test of the run.
    static func standaloneTide() async throws -> String {
        try await StandaloneBuild.shared.path()
    }

    private actor StandaloneBuild {
        static let shared = StandaloneBuild()
        private var build: Task<Result<String, BuildFailed>, Never>?

        func path() async throws -> String {
            if build == nil {
                build = Task {
                    await withCheckedContinuation { finished in
                        Thread { finished.resume(returning: StandaloneBuild.buildNow()) }.start()
                    }
                }
            }
            return try await build!.value.get()
        }

        private static func buildNow() -> Result<String, BuildFailed> {
            let root = GoldenFiles.repositoryRoot.path
            var build = ChildProcess("/bin/bash", ["\(root)/scripts/build-release", "--scratch-path", "\(root)/.build/bundle"])
            build.wallTimeLimit = .seconds(1500)
            guard let outcome = try? build.run(), outcome.status == 0 else {
                return .failure(BuildFailed(description: "scripts/build-release failed"))
            }
            return .success("\(root)/.build/bundle/release/tide")
        }
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func run(_ executable: String, _ arguments: [String], in folder: String? = nil,
                    environment: [String: String] = stockEnvironment) throws -> ChildProcess.Outcome {
        var child = ChildProcess(executable, arguments)
        child.environment = environment
        child.currentDirectory = folder
        child.wallTimeLimit = .seconds(300)
        return try child.run()
    }

    /// The scores of `tide grade --format json`, the one submission's checks in order.
    static func gradeScores(_ exercise: String, _ submission: String) throws -> [Double] {
        let outcome = try GradingTests.grade(["--format", "json", exercise, submission])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let grade = try #require((report["submissions"] as? [[String: Any]])?.first)
        let checks = try #require(grade["checks"] as? [[String: Any]])
        return checks.compactMap { $0["score"] as? Double }
    }

    /// A platform's results, and its tests' scores in order (read from `key`).
    static func results(_ json: Data, scoresIn key: String) throws -> ([String: Any], [Double]) {
        let results = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let tests = try #require(results["tests"] as? [[String: Any]])
        return (results, tests.compactMap { $0[key] as? Double })
    }

    static func results(_ file: URL, scoresIn key: String) throws -> ([String: Any], [Double]) {
        try results(Data(contentsOf: file), scoresIn: key)
    }

    @Test func noSwiftIsOnTheStockPath() throws {
        let outcome = try Self.run("/bin/sh", ["-c", "command -v swift swiftc"])
        #expect(outcome.status != 0 && outcome.stdout.isEmpty, "\(outcome.stdout)")
    }

    @Test(arguments: ["solutions/reference.lua", "solutions/sequential.lua", "solutions/no-semaphore.lua"])
    func theGradescopeBundleScoresWhatTideGradeScores(_ solution: String) async throws {
        let tide = try await Self.standaloneTide()
        let root = try Self.temporaryFolder("autograder")
        defer { try? FileManager.default.removeItem(at: root) }
        let exercise = GoldenFiles.repositoryRoot.appendingPathComponent("exercises/rate-limit").path
        let zip = root.appendingPathComponent("autograder.zip").path
        let export = try Self.run(tide, ["export", "gradescope", exercise, "--output", zip])
        #expect(export.status == 0, "\(export.stderr)")
        // As Gradescope does: the zip unpacked in source/, the submission in submission/.
        let source = root.appendingPathComponent("source"), submission = root.appendingPathComponent("submission")
        try FileManager.default.createDirectory(at: submission, withIntermediateDirectories: true)
        let unzip = try Self.run("/usr/bin/unzip", ["-q", zip, "-d", source.path])
        #expect(unzip.status == 0, "\(unzip.stderr)")
        try FileManager.default.copyItem(atPath: exercise + "/" + solution,
                                         toPath: submission.appendingPathComponent("answer.lua").path)
        var environment = Self.stockEnvironment
        environment["AUTOGRADER_ROOT"] = root.path
        let setup = try Self.run(source.appendingPathComponent("setup.sh").path, [], in: root.path, environment: environment)
        #expect(setup.status == 0, "\(setup.stderr)")
        let graded = try Self.run(source.appendingPathComponent("run_autograder").path, [], in: root.path, environment: environment)
        #expect(graded.status == 0, "\(graded.stderr)")

        let (results, scores) = try Self.results(root.appendingPathComponent("results/results.json"), scoresIn: "score")
        let expected = try Self.gradeScores(exercise, exercise + "/" + solution)
        #expect(scores == expected)
        #expect(results["score"] as? Double == expected.reduce(0, +))
    }

    @Test(arguments: ["solutions/reference.lua", "solutions/sequential.lua"])
    func theClassroomWorkflowReportsWhatTideGradeScores(_ solution: String) async throws {
        let tide = try await Self.standaloneTide()
        let repository = try Self.temporaryFolder("classroom")
        defer { try? FileManager.default.removeItem(at: repository) }
        let exercise = GoldenFiles.repositoryRoot.appendingPathComponent("exercises/rate-limit").path
        let export = try Self.run(tide, ["export", "github-classroom", exercise, "--output", repository.path])
        #expect(export.status == 0, "\(export.stderr)")
        let listed = FileManager.default.subpaths(atPath: repository.path) ?? []
        #expect(!listed.contains { $0.contains("solutions") || $0.hasSuffix("reference.lua") }, "no solution for students: \(listed)")

        // The student's push: their solution, then the workflow's grading step as Actions runs it.
        try FileManager.default.removeItem(at: repository.appendingPathComponent("solution.lua"))
        try FileManager.default.copyItem(atPath: exercise + "/" + solution,
                                         toPath: repository.appendingPathComponent("solution.lua").path)
        let workflow = try String(contentsOf: repository.appendingPathComponent(".github/workflows/classroom.yml"), encoding: .utf8)
        let command = try #require(workflow.split(separator: "\n").first { $0.contains("run: ") }?
            .split(separator: "run: ", maxSplits: 1).last.map(String.init))
        let output = repository.appendingPathComponent("github-output")
        var environment = Self.stockEnvironment
        environment["GITHUB_OUTPUT"] = output.path
        let graded = try Self.run("/bin/bash", ["-c", command], in: repository.path, environment: environment)
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(workflow.contains("TIDE_RESULTS: \"${{ steps.tide.outputs.result }}\"") && workflow.contains("runners: tide"))

        // What the reporter does with TIDE_RESULTS: base64 JSON, points = the tests' scores.
        let line = try #require(try String(contentsOf: output, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("result=") })
        let decoded = try #require(Data(base64Encoded: String(line.dropFirst("result=".count))))
        let (results, scores) = try Self.results(decoded, scoresIn: "score")
        let expected = try Self.gradeScores(exercise, exercise + "/" + solution)
        #expect(scores == expected)
        #expect(results["max_score"] as? Double == 10)
        #expect(results["status"] as? String == (expected.reduce(0, +) == 10 ? "pass" : "fail"))
    }

    @Test(arguments: ["solutions/reference.lua", "solutions/no-semaphore.lua"])
    func thePrairieLearnGraderScoresWhatTideGradeScores(_ solution: String) async throws {
        let tide = try await Self.standaloneTide()
        let root = try Self.temporaryFolder("prairielearn")
        defer { try? FileManager.default.removeItem(at: root) }
        let exercise = GoldenFiles.repositoryRoot.appendingPathComponent("exercises/rate-limit").path
        let question = root.appendingPathComponent("question")
        let export = try Self.run(tide, ["export", "prairielearn", exercise, "--output", question.path])
        #expect(export.status == 0, "\(export.stderr)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: question.appendingPathComponent("info.json")))
            as? [String: Any])
        let options = try #require(info["externalGradingOptions"] as? [String: Any])
        let entrypoint = try #require(options["entrypoint"] as? [String])
        #expect(info["gradingMethod"] as? String == "External" && entrypoint.last == "/grade/tests/run")

        // As the grader lays it out: the question's tests/ and the student's file under /grade.
        let grade = root.appendingPathComponent("grade")
        try FileManager.default.createDirectory(at: grade.appendingPathComponent("student"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: question.appendingPathComponent("tests"), to: grade.appendingPathComponent("tests"))
        try FileManager.default.copyItem(atPath: exercise + "/" + solution,
                                         toPath: grade.appendingPathComponent("student/solution.lua").path)
        var environment = Self.stockEnvironment
        environment["GRADE_ROOT"] = grade.path
        let graded = try Self.run(entrypoint[0], [grade.appendingPathComponent("tests/run").path], in: grade.path,
                                  environment: environment)
        #expect(graded.status == 0, "\(graded.stderr)")
        let (results, scores) = try Self.results(grade.appendingPathComponent("results/results.json"), scoresIn: "points")
        let expected = try Self.gradeScores(exercise, exercise + "/" + solution)
        #expect(scores == expected)
        #expect(abs((results["score"] as? Double ?? -1) - expected.reduce(0, +) / 10) < 1e-9)

        // The grader is offline: Lua and libedit come from the question, not the image.
        var ldd = Self.stockEnvironment
        ldd["LD_LIBRARY_PATH"] = grade.appendingPathComponent("tests/lib").path
        let linked = try Self.run("/usr/bin/ldd", [grade.appendingPathComponent("tests/tide").path], environment: ldd).stdout
        let lua = try #require(linked.split(separator: "\n").first { $0.contains("liblua5.4") })
        #expect(lua.contains(grade.appendingPathComponent("tests/lib").path), "\(lua)")
    }

    @Test func anExerciseFolderWhoseLinkLeadsBackUpIsAnErrorNotAHang() async throws {
        let tide = try await Self.standaloneTide()
        let folder = try Self.temporaryFolder("loop")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "return { title = 't', checks = { { name = 'x', points = 1, check = function() return true end } } }"
            .write(to: folder.appendingPathComponent("exercise.lua"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("again").path, withDestinationPath: ".")
        let outcome = try Self.run(tide, ["export", "gradescope", folder.path, "--output", folder.path + "/a.zip"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("folders deep: does a symbolic link lead back up?"), "\(outcome.stderr)")
    }

    @Test func aTideThatNeedsTheSwiftRuntimeIsNotExported() throws {
        let folder = try Self.temporaryFolder("export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let exercise = GoldenFiles.repositoryRoot.appendingPathComponent("exercises/rate-limit").path
        let outcome = try Self.run(CLITests.tide.path, ["export", "gradescope", exercise, "--output", folder.path + "/a.zip"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("links the Swift runtime as a shared library"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/a.zip"))
    }
}
