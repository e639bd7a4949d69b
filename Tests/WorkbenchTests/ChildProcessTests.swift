import Foundation
import Testing
import Workbench

/// The runner of the grader's workers and of the CLI tests.
@Suite(.timeLimit(.minutes(1))) struct ChildProcessTests {
    @Test func inputGoesInAndBothOutputsComeBack() throws {
        var child = ChildProcess("/bin/sh", ["-c", "cat; echo oops >&2; exit 3"])
        child.input = String(repeating: "line\n", count: 50_000)  // more than a pipe holds
        let outcome = try child.run()
        #expect(outcome.ending == .exited(3))
        #expect(outcome.stdout.count == 250_000)
        #expect(outcome.stderr == "oops\n")
    }

    @Test func theWallTimeLimitKillsAChildThatHangs() throws {
        var child = ChildProcess("/bin/sleep", ["30"])
        child.wallTimeLimit = .milliseconds(100)
        #expect(try child.run().ending == .timedOut)
    }

    @Test func aSignalIsReportedAsTheEnding() throws {
        let outcome = try ChildProcess("/bin/sh", ["-c", "kill -SEGV $$"]).run()
        #expect(outcome.ending == .signalled(SIGSEGV))
        #expect(outcome.status == 128 + SIGSEGV)
    }

    /// A child that outlives its run (a daemon) must hold none of our descriptors: it would
    /// keep whoever reads them waiting for an end of file.
    @Test func theChildInheritsOnlyItsThreeStandardDescriptors() throws {
        let open = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
        defer { try? open.close() }
        let outcome = try ChildProcess("/bin/sh", ["-c", "ls /proc/self/fd"]).run()
        let descriptors = outcome.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(descriptors.allSatisfy { $0 <= 3 }, "0, 1, 2 and ls's own directory")
    }

    @Test func outputBeyondTheLimitIsDroppedAndMarked() throws {
        var child = ChildProcess("/bin/sh", ["-c", "head -c 100000 /dev/zero"])
        child.outputLimit = 1000
        let outcome = try child.run()
        #expect(outcome.stdout.utf8.count == 1000)
        #expect(outcome.truncated)
        #expect(outcome.ending == .exited(0))
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess("/no/such/program", []).run() }
    }
}
