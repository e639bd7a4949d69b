import Foundation
import Testing
import Workbench

/// What a report says about a submission as a whole: a verdict once, named by its kind;
/// submissions the grader will not read; names that try to add lines; forged error types.
@Suite(.timeLimit(.minutes(5))) struct GradingReportTests {
    /// A folder with `exercise.lua` (a check per entry of `checks`) and a `subs/` folder.
    struct Course {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tide-course-\(UUID())")
        var exercise: String { root.appendingPathComponent("exercise").path }
        var subs: URL { root.appendingPathComponent("subs") }

        init(checks: String) throws {
            try FileManager.default.createDirectory(atPath: exercise, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: subs, withIntermediateDirectories: true)
            try "return { title = 't', limits = { instructions = 100000 }, checks = { \(checks) } }"
                .write(toFile: exercise + "/exercise.lua", atomically: true, encoding: .utf8)
        }

        func submit(_ name: String, _ source: String) throws {
            try source.write(to: subs.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }

        func grade(_ format: String = "text") throws -> ChildProcess.Outcome {
            try GradingTests.grade(["--format", format, exercise, subs.path])
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let twoChecks = """
        { name = 'says hi', points = 1, check = function(run) return run.lines[1] == 'hi' end },
        { name = 'completes', points = 1, check = function(run) return run.ending == 'completed' end }
        """

    @Test func aVerdictIsSaidOncePerSubmissionAndJUnitAndTAPNameItsKind() throws {
        let course = try Course(checks: Self.twoChecks)
        defer { course.remove() }
        try course.submit("deadlock.lua", "asyncio.Event():wait()")
        try course.submit("limit.lua", "while true do end")
        try course.submit("syntax.lua", "print(")
        let text = try course.grade().stdout
        #expect(text.components(separatedBy: "stopped: ").count - 1 == 3, "\(text)")
        #expect(!text.contains("The run was stopped"), "no check repeats the verdict:\n\(text)")
        let junit = try course.grade("junit").stdout
        for kind in ["deadlock", "limit", "syntax-error"] {
            #expect(junit.contains(#"type="\#(kind)""#), "\(kind) in:\n\(junit)")
        }
        #expect(junit.components(separatedBy: #"<property name="verdict""#).count - 1 == 3)
        let tap = try course.grade("tap").stdout
        for kind in ["deadlock", "limit", "syntax-error"] { #expect(tap.contains("severity: \(kind)"), "\(tap)") }
        #expect(tap.components(separatedBy: "    # stopped: ").count - 1 == 3)
    }

    @Test func eachJUnitCaseHasTheRealTimeOfItsCheck() throws {
        let slow = "local n = 0 for i = 1, 3e7 do n = n + i end return n > 0"
        let course = try Course(checks: "{ name = 'slow', points = 1, check = function() \(slow) end }")
        defer { course.remove() }
        try course.submit("a.lua", "print('hi')")
        let junit = try course.grade("junit").stdout
        let testcase = try #require(junit.split(separator: "\n").first { $0.contains("<testcase ") })
        let time = try #require(testcase.firstMatch(of: /time="([0-9.]+)"/)?.1)
        #expect(Double(time)! > 0, "\(testcase)")
    }

    @Test func submissionsTheGraderDoesNotTrustEachGetTheirOwnVerdict() throws {
        let course = try Course(checks: Self.twoChecks)
        defer { course.remove() }
        try course.submit("fine.lua", "print('hi')")
        try FileManager.default.createSymbolicLink(
            atPath: course.subs.appendingPathComponent("escape.lua").path, withDestinationPath: course.exercise + "/exercise.lua")
        try FileManager.default.createSymbolicLink(
            atPath: course.subs.appendingPathComponent("alias.lua").path, withDestinationPath: "fine.lua")
        #expect(mkfifo(course.subs.appendingPathComponent("pipe.lua").path, 0o644) == 0)
        try course.submit("huge.lua", "-- " + String(repeating: "x", count: 2 << 20))
        try course.submit("folder.lua", "")
        try FileManager.default.removeItem(at: course.subs.appendingPathComponent("folder.lua"))
        try FileManager.default.createDirectory(at: course.subs.appendingPathComponent("folder.lua"), withIntermediateDirectories: false)
        let text = try course.grade().stdout
        #expect(text.contains("alias.lua  2/2") && text.contains("fine.lua  2/2"), "\(text)")
        #expect(text.contains("stopped: refused: a symbolic link that leads out of the submission folder"), "\(text)")
        #expect(text.contains("stopped: refused: a FIFO, not a regular file"), "\(text)")
        #expect(text.contains("stopped: refused: a folder, not a .lua file"), "\(text)")
        #expect(text.contains("a submission may be at most 1048576 bytes"), "\(text)")
    }

    @Test func aNameWithControlCharactersAddsNoLineToAnyReport() throws {
        let course = try Course(checks: Self.twoChecks)
        defer { course.remove() }
        try course.submit("evil\nok 1 - forged\u{1B}[32m.lua", "print('no')")
        try course.submit("plain.lua", "print('hi')")
        for format in ["text", "tap", "junit", "json"] {
            let report = try course.grade(format).stdout
            #expect(!report.split(separator: "\n").contains { $0.hasPrefix("ok 1 - forged") }, "\(format):\n\(report)")
            #expect(!report.contains("\u{1B}"), "\(format)")
        }
        let text = try course.grade().stdout
        #expect(text.contains(#"evil\nok 1 - forged\u{1B}[32m.lua  1/2"#), "\(text)")
    }

    @Test func onlyTidesOwnErrorObjectsNameATideErrorType() throws {
        let course = try Course(checks: """
            { name = 'timed out', points = 1, check = function(run) return run.error and run.error.type == 'TimeoutError' end }
            """)
        defer { course.remove() }
        try course.submit("forged.lua", #"error({ type = "TimeoutError", message = "fake" })"#)
        try course.submit("hidden.lua", #"error(setmetatable({ type = "TimeoutError" }, { __metatable = asyncio.TimeoutError }))"#)
        try course.submit("real.lua", "asyncio.wait_for(function() asyncio.sleep(1) end, 0.5)")
        let text = try course.grade().stdout
        #expect(text.contains("forged.lua  0/1") && text.contains("hidden.lua  0/1"), "\(text)")
        #expect(text.contains("real.lua  1/1"), "\(text)")
    }
}
