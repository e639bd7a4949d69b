import Foundation
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
    }

    @Test func hostileSubmissionsEachGetAVerdictAndHarmNoOther() throws {
        let outcome = try Self.grade(["Tests/Grading/hostile-exercise", "Tests/Grading/hostile"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Self.matchesGolden(outcome.stdout, "Tests/Grading/hostile.expected"))
        let graded = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("Tests/Grading/hostile/") }
        #expect(graded.count >= 30)
    }
}
