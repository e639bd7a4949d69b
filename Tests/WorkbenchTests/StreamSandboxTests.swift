import Foundation
import LuaAsync
import Scheduler
import Testing

/// Sockets in the sandbox: refused, unless the run (`--allow-loopback`) or the exercise
/// (`loopback = true`) allows loopback, and then loopback only.
@Suite(.timeLimit(.minutes(2))) struct StreamSandboxTests {
    static let echoOnLoopback = """
        local server = asyncio.start_server(function(_, w) w:write("hi\\n") w:close() end, "127.0.0.1", 0)
        local reader = asyncio.open_connection("localhost", server.port)
        io.write(reader:readline())
        server:close()
        server:wait_closed()
        """

    static func run(_ source: String, limits: Limits) async throws -> (lines: [String], diagnostics: [String]) {
        let runtime = Runtime(clock: RealClock(), limits: limits)
        var lines: [String] = []
        runtime.output = { lines.append($0) }
        _ = try await runtime.runScript(source: source, chunkName: "net.lua")
        return (lines, runtime.diagnostics.map(\.message))
    }

    @Test func theSandboxRefusesEverySocketNamingTheLineAndTheWayOut() async throws {
        let (lines, diagnostics) = try await Self.run(Self.echoOnLoopback, limits: .sandboxDefaults)
        #expect(lines.isEmpty)
        #expect(diagnostics.first?.contains(
            "Task-1 (main) failed: net.lua:1: start_server on 127.0.0.1:0 refused: the sandbox opens no sockets") == true,
            "\(diagnostics)")
        #expect(diagnostics.first?.contains("--allow-loopback") == true)
    }

    @Test func aSandboxThatAllowsLoopbackServesItAndRefusesAnyOtherAddress() async throws {
        var limits = Limits.sandboxDefaults
        limits.loopback = true
        let (lines, diagnostics) = try await Self.run(Self.echoOnLoopback, limits: limits)
        #expect(lines == ["hi"], "\(diagnostics)")
        for host in ["10.1.2.3", "example.com", "0.0.0.0", "127.0.0.1.example.com"] {
            let (refused, _) = try await Self.run("print(pcall(asyncio.open_connection, '\(host)', 80))", limits: limits)
            #expect(refused == ["false\tnet.lua:1: open_connection to \(host):80 refused: the sandbox allows loopback only "
                + "(127.0.0.1, ::1 or localhost)"])
        }
    }

    @Test func anExerciseAllowsLoopbackWithItsField() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-exercise-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let submission = folder.appendingPathComponent("answer.lua")
        try Self.echoOnLoopback.write(to: submission, atomically: true, encoding: .utf8)
        let check = "{ name = 'says hi', points = 1, check = function(run) return run.lines[1] == 'hi' end }"
        let file = folder.appendingPathComponent("exercise.lua")
        for (field, score) in [("", "0/1"), ("loopback = true,", "1/1")] {
            try "return { title = 't', \(field) checks = { \(check) } }".write(to: file, atomically: true, encoding: .utf8)
            let outcome = try GradingTests.grade([folder.path, submission.path])
            #expect(outcome.stdout.contains(score), "\(field): \(outcome.stdout)\(outcome.stderr)")
            if field.isEmpty {
                let report = try GradingTests.grade(["--format", "json", folder.path, submission.path]).stdout
                #expect(report.contains("answer.lua:1: start_server on 127.0.0.1:0 refused: the sandbox opens no sockets"), "\(report)")
            }
        }
    }
}
