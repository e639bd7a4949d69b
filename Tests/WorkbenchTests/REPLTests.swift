import Foundation
import Testing
import Workbench

/// `tide repl` fed by a pipe (no prompts, line by line), and driven in a terminal under tmux.
@Suite(.timeLimit(.minutes(2))) struct REPLTests {
    static let inputs: [String] = {
        let folder = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/REPL")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".input") }.sorted()
    }()

    /// stdout, then `--- stderr` and what went there.
    private func transcript(of input: String) throws -> String {
        var child = ChildProcess(CLITests.tide.path, ["repl", "--clock", "virtual", "--seed", "1"])
        child.input = input
        child.wallTimeLimit = .seconds(60)
        let outcome = try child.run()
        let (out, err) = (outcome.stdout, outcome.stderr)
        return out + (err.isEmpty ? "" : "--- stderr\n" + err) + "--- exit \(outcome.status)\n"
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
        /// Runs tmux and returns what it printed (capture-pane's screen).
        func tmux(_ arguments: String...) throws -> String {
            var child = ChildProcess("/usr/bin/tmux", arguments)
            child.wallTimeLimit = .seconds(30)
            return try child.run().stdout
        }
        /// The screen once `ready` holds for it (or as it is after 10 s).
        func screen(when ready: (String) -> Bool) throws -> String {
            var screen = ""
            for _ in 0..<100 {
                screen = try tmux("capture-pane", "-t", session, "-p")
                if ready(screen) { break }
                usleep(100_000)
            }
            return screen
        }
        /// The prompt the REPL shows last (capture-pane drops trailing blanks: "> " is ">").
        func prompt(_ screen: String) -> Substring? {
            screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }
        }
        /// Types a line and waits for its effect: the given prompt after it, or some text.
        func type(_ text: String, until expected: String) throws -> String {
            if !text.isEmpty { _ = try tmux("send-keys", "-t", session, "-l", text) }
            _ = try tmux("send-keys", "-t", session, "Enter")
            return try screen { $0.contains(text) && (expected.hasPrefix(">") ? prompt($0) == expected[...] : $0.contains(expected)) }
        }
        defer { _ = try? tmux("kill-session", "-t", session) }
        _ = try tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "60",
                     "TIDE_HISTORY=\(history) \(CLITests.tide.path) repl")
        #expect(try prompt(screen { prompt($0) == ">" }) == ">")
        #expect(try prompt(type("function sq(x)", until: ">>")) == ">>")
        #expect(try prompt(type("  return x * x", until: ">>")) == ">>")
        #expect(try prompt(type("end", until: ">")) == ">")
        #expect(try type("sq(12)", until: "144").contains("144"))
        // Ctrl-C on a continuation line: a fresh prompt, and the unfinished input is gone.
        #expect(try prompt(type("local function unfinished(", until: ">>")) == ">>")
        _ = try tmux("send-keys", "-t", session, "C-c")
        let fresh = try screen { prompt($0) == ">" }
        #expect(prompt(fresh) == ">", "\(fresh)")
        #expect(!fresh.contains("dropped") && !fresh.contains("Ctrl-C again"), "\(fresh)")
        #expect(try type("print('fresh' .. ' start')", until: "fresh start").contains("fresh start\n>"))
        _ = try tmux("send-keys", "-t", session, "-l", "asyncio.sleep(60)")
        _ = try tmux("send-keys", "-t", session, "Enter")
        usleep(300_000)
        _ = try tmux("send-keys", "-t", session, "C-c")
        #expect(try type("", until: "cancelled\n>\n>").contains("cancelled"), "Ctrl-C cancels the running input")
        #expect(try type("print('still here')", until: "still here").contains("still here"))
        // A result whose __tostring never ends: Ctrl-C stops the printing, and only that.
        _ = try tmux("send-keys", "-t", session, "-l",
                     "setmetatable({}, {__tostring = function() io.write('looping\\n') io.stdout:flush() while true do end end})")
        _ = try tmux("send-keys", "-t", session, "Enter")
        _ = try screen { $0.contains("looping\n") }  // the printing has begun
        _ = try tmux("send-keys", "-t", session, "C-c")
        // (The expected text is not in the typed line: `type` must wait for the output.)
        let afterLoop = try type("print('after' .. ' the loop')", until: "after the loop")
        #expect(afterLoop.contains("interrupted"), "\(afterLoop)")
        #expect(try !screen { $0.contains("after the loop\n") }.contains("Ctrl-C again"))
        _ = try tmux("send-keys", "-t", session, "C-d")
        usleep(300_000)
        let remembered = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(remembered.contains("sq(12)"), "history is kept in TIDE_HISTORY")
        // The three lines of the function are one entry (libedit writes a newline as \012).
        #expect(remembered.contains("function\\040sq(x)\\012\\040\\040return\\040x\\040*\\040x\\012end"), "\(remembered)")
        try? FileManager.default.removeItem(atPath: history)
    }
}
