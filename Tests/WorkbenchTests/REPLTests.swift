import Foundation
import Testing

/// `tide repl` fed by a pipe (no prompts, line by line), and driven in a terminal under tmux.
@Suite struct REPLTests {
    static let inputs: [String] = {
        let folder = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/REPL")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".input") }.sorted()
    }()

    /// stdout, then `--- stderr` and what went there.
    private func transcript(of input: String) throws -> String {
        let process = Process()
        process.executableURL = CLITests.tide
        process.arguments = ["repl", "--clock", "virtual", "--seed", "1"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out + (err.isEmpty ? "" : "--- stderr\n" + err) + "--- exit \(process.terminationStatus)\n"
    }

    @Test(arguments: inputs)
    func pipedSessionMatchesItsTranscript(_ name: String) throws {
        let folder = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/REPL")
        let input = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let actual = try transcript(of: input)
        let expectedURL = folder.appendingPathComponent(String(name.dropLast(".input".count)) + ".expected")
        if ProcessInfo.processInfo.environment["TIDE_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        #expect(actual == (try? String(contentsOf: expectedURL, encoding: .utf8)))
    }

    /// History, a multi-line function, and Ctrl-C during a sleep, typed into a real terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")))
    func aTerminalSessionEditsRemembersAndInterrupts() throws {
        let session = "tide-test-\(getpid())"
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).history").path
        /// Runs tmux; only capture-pane's output is read. (The first call forks the tmux
        /// server, which would keep a pipe open forever: it gets /dev/null instead.)
        func tmux(_ arguments: String...) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let reads = arguments.first == "capture-pane"
            let out = Pipe()
            process.standardOutput = reads ? out : FileHandle.nullDevice
            try process.run()
            let text = reads ? String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) : ""
            process.waitUntilExit()
            return text
        }
        /// Types a line and waits until the screen shows `until` (or gives up after 10 s).
        func type(_ text: String, until expected: String) throws -> String {
            if !text.isEmpty { _ = try tmux("send-keys", "-t", session, "-l", text) }
            _ = try tmux("send-keys", "-t", session, "Enter")
            for _ in 0..<100 {
                let screen = try tmux("capture-pane", "-t", session, "-p")
                if screen.contains(expected) { return screen }
                usleep(100_000)
            }
            return try tmux("capture-pane", "-t", session, "-p")
        }
        defer { _ = try? tmux("kill-session", "-t", session) }
        _ = try tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                     "TIDE_HISTORY=\(history) \(CLITests.tide.path) repl")
        _ = try type("", until: "> ")
        _ = try type("function sq(x)", until: ">> ")
        _ = try type("  return x * x", until: ">> ")
        _ = try type("end", until: "> ")
        #expect(try type("sq(12)", until: "144").contains("144"))
        _ = try tmux("send-keys", "-t", session, "-l", "asyncio.sleep(60)")
        _ = try tmux("send-keys", "-t", session, "Enter")
        usleep(300_000)
        _ = try tmux("send-keys", "-t", session, "C-c")
        #expect(try type("", until: "cancelled").contains("cancelled"), "Ctrl-C cancels the running input")
        #expect(try type("print('still here')", until: "still here").contains("still here"))
        _ = try tmux("send-keys", "-t", session, "C-d")
        usleep(300_000)
        let remembered = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(remembered.contains("sq(12)"), "history is kept in TIDE_HISTORY")
        try? FileManager.default.removeItem(atPath: history)
    }
}
