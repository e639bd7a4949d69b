import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Workbench

/// `tide grade` as an instructor uses it: every exercise's solutions score what their golden
/// report says, hostile submissions end with a verdict and harm nothing else, and each
/// output format is well formed. Set TIDE_UPDATE_GOLDEN=1 to rewrite the golden reports.
@Suite(.timeLimit(.minutes(5))) struct GradingTests {
    /// The exercise folders under `exercises/`.
    static let exercises: [String] = {
        let folder = GoldenFiles.repositoryRoot.appendingPathComponent("exercises")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/exercise.lua").path)
        }.sorted()
    }()

    /// `tide grade` from the repository's root, as a user types it.
    static func grade(_ arguments: [String]) throws -> ChildProcess.Outcome {
        var child = ChildProcess(CLITests.tide.path, ["grade"] + arguments)
        child.wallTimeLimit = .seconds(240)
        child.currentDirectory = GoldenFiles.repositoryRoot.path
        return try child.run()
    }

    /// Compares `actual` with the golden file (relative to the repository), or rewrites it.
    static func matchesGolden(_ actual: String, _ golden: String) throws -> Bool {
        let url = GoldenFiles.repositoryRoot.appendingPathComponent(golden)
        if ProcessInfo.processInfo.environment["TIDE_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        return actual == (try? String(contentsOf: url, encoding: .utf8))
    }

    @Test(arguments: exercises)
    func everySolutionScoresWhatItsGoldenReportSays(_ exercise: String) throws {
        let outcome = try Self.grade(["exercises/\(exercise)", "exercises/\(exercise)/solutions"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.matchesGolden(outcome.stdout, "Tests/Grading/\(exercise).expected"))
        let reference = outcome.stdout.split(separator: "\n").first { $0.hasSuffix("/reference.lua  ") || $0.contains("/reference.lua  ") }
        let score = try #require(reference?.split(separator: " ").last)
        let parts = score.split(separator: "/")
        #expect(parts.count == 2 && parts[0] == parts[1], "the reference solution scores full marks")
        #expect(outcome.stdout.components(separatedBy: "solutions/").count - 1 >= 4, "a reference and three wrong solutions")
        // Scripts that print, return or raise what a real run would, doing none of the work.
        let cheats = outcome.stdout.split(separator: "\n").filter { $0.contains("/solutions/cheat-") && !$0.hasPrefix(" ") }
        #expect(cheats.count >= 2, "at least two cheating submissions among the wrong solutions")
        for cheat in cheats {
            let parts = try #require(cheat.split(separator: " ").last?.split(separator: "/"))
            let (score, max) = (Double(parts[0]) ?? .nan, Double(parts[1]) ?? .nan)
            #expect(score < max / 2, "a cheat scores below half marks: \(cheat)")
        }
    }

    @Test func hostileSubmissionsEachGetAVerdictAndHarmNoOther() throws {
        let outcome = try Self.grade(["Tests/Grading/hostile-exercise", "Tests/Grading/hostile"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.matchesGolden(outcome.stdout, "Tests/Grading/hostile.expected"))
        let graded = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("Tests/Grading/hostile/") }
        #expect(graded.count >= 30)
    }

    static let rateLimit = ["exercises/rate-limit", "exercises/rate-limit/solutions/reference.lua",
                            "exercises/rate-limit/solutions/no-semaphore.lua"]

    @Test func jsonHasEveryCheckWithScoresAndFeedback() throws {
        let outcome = try Self.grade(["--format", "json"] + Self.rateLimit)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let submissions = try #require(report["submissions"] as? [[String: Any]])
        #expect(submissions.count == 2)
        #expect(submissions.map { $0["score"] as? Double } == [10, 7])
        let lost = try #require((submissions[1]["checks"] as? [[String: Any]])?.first { ($0["score"] as? Double) == 0 })
        #expect((lost["output"] as? String)?.contains("no Semaphore was used") == true)
    }

    @Test func junitIsWellFormedXMLWithAFailurePerLostCheck() throws {
        let outcome = try Self.grade(["--format", "junit"] + Self.rateLimit)
        let parser = XMLParser(data: Data(outcome.stdout.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(outcome.stdout.components(separatedBy: "<testcase ").count - 1 == 12)
        #expect(outcome.stdout.components(separatedBy: "<failure ").count - 1 == 1)
    }

    @Test func tapHasAPlanAndASubtestPerSubmission() throws {
        let lines = try Self.grade(["--format", "tap"] + Self.rateLimit).stdout.split(separator: "\n")
        #expect(lines.prefix(2) == ["TAP version 14", "1..2"])
        #expect(lines.filter { $0.hasPrefix("# Subtest: ") }.count == 2)
        #expect(lines.contains("ok 1 - exercises/rate-limit/solutions/reference.lua (10/10)"))
        #expect(lines.contains("not ok 2 - exercises/rate-limit/solutions/no-semaphore.lua (7/10)"))
    }

    @Test func gradescopeResultsHaveTheFieldsGradescopeReads() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("results-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Self.grade(["--format", "gradescope", "--output", file.path] + Self.rateLimit.prefix(1)
            + ["exercises/rate-limit/solutions/sequential.lua"])
        #expect(outcome.status == 0 && outcome.stdout.isEmpty)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(results["score"] as? Double == 6.3)
        #expect(results["execution_time"] is Double)
        let tests = try #require(results["tests"] as? [[String: Any]])
        #expect(tests.count == 6)
        #expect(tests.allSatisfy { $0["max_score"] is Double && $0["name"] is String && $0["output"] is String })
        #expect(tests.map { $0["status"] as? String }.filter { $0 == "failed" }.count == 2)
        #expect(tests[4]["visibility"] as? String == "after_due_date")
        #expect(try Self.grade(["--format", "gradescope"] + Self.rateLimit).status == 2, "one submission only")
    }

    /// A check that prints (instructors debug that way) must not spoil the worker's report.
    @Test func aCheckThatPrintsStillGrades() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-exercise-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            return { title = "t", checks = { { name = "says hi", points = 1,
                check = function(run) print("debugging", #run.lines) return run.lines[1] == "hi" end } } }
            """.write(to: folder.appendingPathComponent("exercise.lua"), atomically: true, encoding: .utf8)
        let submission = folder.appendingPathComponent("answer.lua")
        try "print('hi')".write(to: submission, atomically: true, encoding: .utf8)
        let outcome = try Self.grade([folder.path, submission.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("answer.lua  1/1"), "\(outcome.stdout)")
    }

    @Test func aCheckThatReturnsNaNFailsWithAReasonAndTheOthersStillCount() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-exercise-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            return { title = "t", checks = {
                { name = "not a number", points = 1, check = function() return 0/0 end },
                { name = "says hi", points = 2, check = function(run) return run.lines[1] == "hi" end } } }
            """.write(to: folder.appendingPathComponent("exercise.lua"), atomically: true, encoding: .utf8)
        let submission = folder.appendingPathComponent("answer.lua")
        try "print('hi')".write(to: submission, atomically: true, encoding: .utf8)
        let outcome = try Self.grade([folder.path, submission.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("answer.lua  2/3"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("the check returned nan"), "\(outcome.stdout)")
    }

    @Test func aBrokenExerciseExitsTwoAndSaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-exercise-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let submission = folder.appendingPathComponent("answer.lua")
        try "print('hi')".write(to: submission, atomically: true, encoding: .utf8)
        let check = "{ name = 'says hi', points = 1, check = function(run) return run.lines[1] == 'hi' end }"
        let cases: [(String?, String)] = [
            (nil, "has no exercise.lua"),
            ("return {", "unexpected symbol near <eof>"),
            ("return { checks = { \(check) } }", "`title` is missing"),
            ("return { title = 't', checks = {} }", "`checks` must be a non-empty list"),
            ("return { title = 't', checks = { { name = 'x', points = 1 } } }", "`check` must be a function"),
            ("return { title = 't', checks = { { name = 'x', points = -1, check = print } } }", "`points` must be a number"),
            ("return { title = 't', checks = { { name = 'x', points = 2^63, check = print } } }", "`points` must be a number"),
            ("return { title = 't', checks = { { name = 'x', points = 1/0, check = print } } }", "`points` must be a number"),
            ("return { title = 't', checks = { { name = 'x', points = 0/0, check = print } } }", "`points` must be a number"),
            ("return { title = 't', points = 5, checks = { \(check) } }", "`points` is 5 but the checks add up to 1"),
            ("return { title = 't', seed = { 1 }, checks = { \(check) } }", "unknown field `seed` (did you mean `seeds`?)"),
            ("return { title = 't', checks = { { name = 'x', points = 1, check = print, hiden = true } } }", "unknown field `hiden`"),
            ("return { title = 't', files = 'nope', checks = { \(check) } }", "`files` names nope, which is not a folder"),
            ("return { title = 't', loopback = 'yes', checks = { \(check) } }", "`loopback` must be true or false"),
            ("return { title = 't', reference = 'missing.lua', checks = { \(check) } }", "names missing.lua, which is not there"),
            ("return { title = 't', reference = 'answer.lua', checks = { \(check), "
                + "{ name = 'says bye', points = 2, feedback = 'Say bye.', check = function(run) return run.lines[2] == 'bye' end } } }",
             "its reference solution scores 1/3"),
        ]
        for (exercise, reason) in cases {
            let file = folder.appendingPathComponent("exercise.lua")
            try? FileManager.default.removeItem(at: file)
            if let exercise { try exercise.write(to: file, atomically: true, encoding: .utf8) }
            let outcome = try Self.grade([folder.path, submission.path])
            #expect(outcome.status == 2, "\(reason)")
            #expect(outcome.stderr.contains("the exercise is broken") && outcome.stderr.contains(reason), "\(outcome.stderr)")
        }
    }
}
