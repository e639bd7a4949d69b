import Foundation
import Synchronization
import Testing
import Workbench

/// The `tide` executable as a user meets it: exit statuses and messages (SPEC §3).
@Suite(.timeLimit(.minutes(2))) struct CLITests {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let tide = GoldenFiles.repositoryRoot.appendingPathComponent(".build/debug/tide")

    private func run(_ arguments: [String], script: String? = nil) throws -> Outcome {
        var arguments = arguments
        var scriptURL: URL?
        if let script {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("tide-cli-\(UUID()).lua")
            try script.write(to: url, atomically: true, encoding: .utf8)
            arguments = arguments.map { $0 == "SCRIPT" ? url.path : $0 }
            scriptURL = url
        }
        defer { if let scriptURL { try? FileManager.default.removeItem(at: scriptURL) } }
        var child = ChildProcess(Self.tide.path, arguments)
        child.wallTimeLimit = .seconds(60)
        let outcome = try child.run()
        return Outcome(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// Runs `tide` with `arguments` (SCRIPT: the path of `script`, written to a file), presses
    /// Ctrl-C once what it printed so far (stdout, stderr) satisfies `ready`, and returns what
    /// it printed in all and the script's path. It waits on output, not on a time.
    private func interrupt(
        _ arguments: [String], script: String, when ready: @escaping @Sendable (_ stdout: String, _ stderr: String) -> Bool
    ) throws -> (Outcome, path: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tide-spin-\(UUID()).lua")
        try script.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = Self.tide
        process.arguments = arguments.map { $0 == "SCRIPT" ? url.path : $0 }
        let pipes = (out: Pipe(), err: Pipe())
        process.standardOutput = pipes.out
        process.standardError = pipes.err
        let printed = Mutex((stdout: "", stderr: ""))
        pipes.out.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            printed.withLock { $0.stdout += text }
        }
        pipes.err.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            printed.withLock { $0.stderr += text }
        }
        try process.run()
        let giveUp = Date().addingTimeInterval(60)
        while !printed.withLock({ ready($0.stdout, $0.stderr) }) && Date() < giveUp {
            usleep(10_000)
        }
        process.interrupt()
        process.waitUntilExit()
        pipes.out.fileHandleForReading.readabilityHandler = nil
        pipes.err.fileHandleForReading.readabilityHandler = nil
        let stdout = String(decoding: pipes.out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: pipes.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let all = printed.withLock { $0 }
        return (Outcome(status: process.terminationStatus, stdout: all.stdout + stdout, stderr: all.stderr + stderr), url.path)
    }

    @Test func aScriptThatCompletesExitsZero() throws {
        let outcome = try run(["run", "--clock", "virtual", "SCRIPT"], script: "asyncio.sleep(1) print(asyncio.time())")
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "1.0\n")
        #expect(outcome.stderr.isEmpty)
    }

    @Test func aSyntaxErrorNamesFileAndLineAndExitsOne() throws {
        let outcome = try run(["run", "SCRIPT"], script: "local x =\nprint(")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(".lua:2: unexpected symbol near <eof>"))
    }

    @Test func versionNamesTideAndItsLua() throws {
        let outcome = try run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "tide 0.1 (Lua 5.4.4)\n")
    }

    @Test func theTimelineGoesToStderrOrAFileNeverIntoTheOutput() throws {
        let script = """
            local function sleeper() asyncio.sleep(1) end
            local function greeter() print('hi') end
            asyncio.gather(sleeper, greeter)
            """
        let outcome = try run(["run", "--clock", "virtual", "--timeline", "SCRIPT"], script: script)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "hi\n")
        #expect(outcome.stderr.contains("  sleeper"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tide-timeline-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let toFile = try run(["run", "--clock", "virtual", "--timeline-file", file.path, "SCRIPT"], script: script)
        #expect(toFile.stdout == "hi\n")
        #expect(toFile.stderr.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").contains { $0.hasPrefix("  greeter") && $0.contains("│✔") })
    }

    /// scripts/tide in a copy of the repository's layout whose setup and build only say
    /// that they ran: it builds when a source is newer than the binary, and says nothing
    /// of a build when none is.
    @Test func scriptsTideIsSilentWhenNothingChanged() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tide-scripts-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = FileManager.default
        for folder in ["scripts", "Sources", "CLua", ".build/release"] {
            try files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try files.copyItem(
            at: GoldenFiles.repositoryRoot.appendingPathComponent("scripts/tide"), to: root.appendingPathComponent("scripts/tide"))
        let fakes = [
            "scripts/setup": "#!/bin/sh\n",
            "scripts/build-release": "#!/bin/sh\necho building\ntouch \"$(dirname \"$0\")/../.build/release/tide\"\n",
            ".build/release/tide": "#!/bin/sh\necho \"ran $*\"\n",
        ]
        for (path, text) in fakes {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
            try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent(path).path)
        }
        for path in ["Package.swift", "Package.resolved", "Sources/main.swift"] {
            try "".write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        // The sources are newer than the binary: it builds, on stderr.
        try files.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)],
                                ofItemAtPath: root.appendingPathComponent(".build/release/tide").path)
        var first = ChildProcess(root.appendingPathComponent("scripts/tide").path, ["--version"])
        first.wallTimeLimit = .seconds(30)
        let built = try first.run()
        #expect(built.stdout == "ran --version\n")
        #expect(built.stderr == "building\n")
        // Nothing changed since: no build, and not a word of one.
        let again = try first.run()
        #expect(again.stdout == "ran --version\n")
        #expect(again.stderr.isEmpty)
    }

    @Test func pythonsAwaitKeywordGetsAHint() throws {
        let outcome = try run(["run", "SCRIPT"], script: "print('start')\nawait asyncio.sleep(1)\n")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(".lua:2: syntax error near 'asyncio'\nhint: Lua has no `await`: call the function"))
        let plain = try run(["run", "SCRIPT"], script: "print('start')\nx asyncio.sleep(1)\n")
        #expect(plain.status == 1)
        #expect(!plain.stderr.contains("hint:"))
    }

    @Test func pythonQuotedInALongStringIsNotTakenForAwait() throws {
        let script = "local peer = [==[\nasync def f(r):\n    line = await r.readline()\n]==]\n"
            + "local x = 1 --[[ x = await y ]]\nprint(#peer > 0)\nlocal r = await f()\n"
        let outcome = try run(["run", "--clock", "virtual", "SCRIPT"], script: script)
        #expect(outcome.stdout == "true\n")
        #expect(outcome.stderr.contains(".lua:7 writes `await` as Python does"), "\(outcome.stderr)")
    }

    @Test func anUncaughtErrorNamesTheTaskAndTracebackAndExitsOne() throws {
        let outcome = try run(
            ["run", "--clock", "virtual", "SCRIPT"],
            script: "asyncio.create_task(function() end)\nlocal function f() error('boom') end\nf()")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("Task-1 (main) failed: "))
        #expect(outcome.stderr.contains(".lua:2: boom"))
        #expect(outcome.stderr.contains("stack traceback:"))
    }

    @Test func aDeadlockIsReportedInsteadOfHanging() throws {
        let outcome = try run(["run", "SCRIPT"], script: "asyncio.Event():wait()")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("deadlock"))
        #expect(outcome.stderr.contains("Task-1 (main) waits on Event#1:wait (unset)"))
    }

    @Test func tasksLeftPendingAreNamedAndCancelled() throws {
        let outcome = try run(
            ["run", "--clock", "virtual", "SCRIPT"],
            script: "asyncio.create_task(function() asyncio.sleep(10) end, 'sleeper'); asyncio.sleep(0)")
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("Task-2 was still waiting on sleep at "))
        #expect(outcome.stderr.contains(".lua:1 when the main task returned; cancelled it"))
    }

    @Test func scriptArgumentsArriveInArg() throws {
        let outcome = try run(["run", "SCRIPT", "a", "--b"], script: "print(#arg, arg[1], arg[2], ...)")
        #expect(outcome.stdout == "2\ta\t--b\ta\t--b\n")
    }

    @Test func theSameSeedRepeatsTheSameRun() throws {
        let script = "print(math.random(1, 1000000), math.random())"
        let first = try run(["run", "--seed", "7", "SCRIPT"], script: script)
        let second = try run(["run", "--seed", "7", "SCRIPT"], script: script)
        #expect(first.stdout == second.stdout)
    }

    @Test func aTaskThatBlocksTheLoopIsNamedWithItsLine() throws {
        // The busy loop runs a hundred times longer than the threshold: no race with the watch.
        let script = "local t0 = os.clock()\nwhile os.clock() - t0 < 0.5 do end\nprint('done')"
        let outcome = try run(["run", "--slow-task-ms", "5", "SCRIPT"], script: script)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("Task-1 ran longer than 5 ms without awaiting, at "))
        #expect(outcome.stderr.contains(".lua:2"))
        let quiet = try run(["run", "--slow-task-ms", "5", "SCRIPT"], script: "asyncio.sleep(0.01) print('done')")
        #expect(quiet.stderr.isEmpty)
    }

    /// `--slow-task-ms 0` turns the watch off, though `tide run` makes Ctrl-C stop running
    /// code: that used to turn a watch of 100 ms back on, which reported this loop.
    @Test func slowTaskMillisecondsZeroReportsNoSlowTask() throws {
        // Five times the default threshold: the old watch always caught it.
        let script = "local t0 = os.clock()\nwhile os.clock() - t0 < 0.5 do end\nprint('done')"
        let outcome = try run(["run", "--slow-task-ms", "0", "SCRIPT"], script: script)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "done\n")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
    }

    @Test func theCPUPitfallIsCaughtBlockingTheLoop() throws {
        let script = GoldenFiles.repositoryRoot.appendingPathComponent("examples/pitfalls/cpu-blocks-the-loop.lua").path
        let outcome = try run(["run", "--clock", "virtual", "--slow-task-ms", "20", script])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("Task-1 ran longer than 20 ms without awaiting, at "))
        #expect(outcome.stderr.contains("cpu-blocks-the-loop.lua:16"))
    }

    @Test func theSandboxTakesAwayProcessesFilesAndNativeCode() throws {
        let script = "print(os.execute, io.popen, io.output, package.loadlib, dofile, debug.getinfo, warn)\n"
            + "print(pcall(load, '\\27Lua', 'x', 'b'))\nio.write('kept ', 1, '\\n')\n"
            + "print(package.loaded.io.popen, package.loaded.debug.sethook, require('io') == io)"
        let outcome = try run(["run", "--sandbox", "--clock", "virtual", "SCRIPT"], script: script)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("nil\tnil\tnil\tnil\tnil\tnil\tnil\n"))
        #expect(outcome.stdout.contains("attempt to load a binary chunk"))
        #expect(outcome.stdout.contains("kept 1\n"))
        #expect(outcome.stdout.hasSuffix("nil\tnil\ttrue\n"), "package.loaded holds the sandbox's own libraries")
    }

    @Test func theSandboxReadsOnlyTheFilesBesideTheScript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tide-read-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "first\nsecond\n".write(to: folder.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("reader.lua")
        try """
            for line in io.lines("data.txt") do print(line) end
            print(io.open("/etc/passwd"))
            print(io.open("../../etc/passwd"))
            print(io.open("data.txt", "w"))
            print(io.open("data.txt\\0/../../../../etc/passwd"))
            print(io.open("/etc/passwd\\0"))
            print(io.open("data\\255.txt"))
            """.write(to: script, atomically: true, encoding: .utf8)
        let outcome = try run(["run", "--sandbox", "--clock", "virtual", script.path])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == """
            first
            second
            nil\t/etc/passwd: outside the folder this script may read
            nil\t../../etc/passwd: outside the folder this script may read
            nil\tdata.txt: files are read-only here
            nil\ta file name with a NUL byte cannot be opened
            nil\ta file name with a NUL byte cannot be opened
            nil\ta file name that is not UTF-8 cannot be opened

            """)
    }

    @Test func theSandboxRefusesFinalizersWhichWouldRunWithTheLimitsOff() throws {
        let script = """
            print(pcall(setmetatable, {}, { __gc = function() while true do end end }))
            print(pcall(setmetatable, {}, { __gc = false }))
            print(getmetatable(setmetatable({}, { __index = { x = 1 } })).__index.x)
            """
        let outcome = try run(["run", "--sandbox", "--max-instructions", "1000000", "SCRIPT"], script: script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.components(separatedBy: "__gc finalizers are not allowed in the sandbox").count == 3)
        #expect(outcome.stdout.hasSuffix("1\n"))
    }

    @Test func theSandboxsWrappersRaiseTheirErrorsAtTheScriptsLineAsLuaDoes() throws {
        let script = """
            local bad = setmetatable({}, { __tostring = function() return {} end })
            print(pcall(function() print(bad) end))
            print(pcall(function() io.write({}) end))
            io.write(2.0, " ", 3, " ", 0.1, "\\n")
            print(pcall(function() setmetatable(1, {}) end))
            print(pcall(function() setmetatable({}, 1) end))
            print(pcall(function() setmetatable(setmetatable({}, { __metatable = 1 }), {}) end))
            print(pcall(function() load({}) end))
            print(pcall(function() xpcall(print, 1) end))
            print(pcall(function() io.open({}) end))
            local started = os.clock()
            for i = 1, 2e7 do local _ = i end
            xpcall(print)
            """
        let plain = try run(["run", "--clock", "virtual", "--slow-task-ms", "20", "SCRIPT"], script: script)
        let sandboxed = try run(["run", "--sandbox", "--clock", "virtual", "--slow-task-ms", "20", "SCRIPT"], script: script)
        let scriptPath = #/[^\s]*tide-cli-[0-9A-F-]+\.lua/#
        #expect(sandboxed.stdout.replacing(scriptPath, with: "SCRIPT") == plain.stdout.replacing(scriptPath, with: "SCRIPT"))
        #expect(sandboxed.stdout.contains(":3: bad argument #1 to 'write' (string expected, got table)"))
        #expect(sandboxed.stdout.contains("2 3 0.1\n"))
        for outcome in [plain, sandboxed] {
            #expect(outcome.status == 1)
            #expect(!(outcome.stdout + outcome.stderr).contains("sandbox.lua"), "\(outcome.stdout)\(outcome.stderr)")
            #expect(!(outcome.stdout + outcome.stderr).contains("asyncio.lua"), "\(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stderr.contains("without awaiting, at "))
            #expect(outcome.stderr.contains(":13: bad argument #2 to 'xpcall' (function expected, got no value)"))
        }
    }

    @Test func theHostsCopiesOfScriptTextCountAgainstTheMemoryLimit() throws {
        // Names are refused past 1 KiB; cancel messages are counted (the limit ends the run
        // instead of the host running out of memory).
        let cancels = """
            local big = string.rep("m", 8 << 20)
            print(pcall(asyncio.current_task().set_name, asyncio.current_task(), big))
            for i = 1, 2000 do asyncio.create_task(function() asyncio.sleep(1) end):cancel(big) end
            """
        let cancelled = try run(["run", "--clock", "virtual", "--max-memory", "64M", "SCRIPT"], script: cancels)
        #expect(cancelled.status == 1)
        #expect(cancelled.stdout.contains("a task name is at most 1024 bytes (this one has 8388608)"))
        #expect(cancelled.stderr.contains("memory limit of 64 MiB exceeded"))
        // The same 8 MiB string as 2,000 errors and 2,000 priorities: the host keeps 16 KiB
        // of each error for reports and reads priorities in place.
        let shared = """
            local big = string.rep("e", 8 << 20)
            local tasks = {}
            for i = 1, 2000 do tasks[i] = asyncio.create_task(function() error(big, 0) end) end
            print(#asyncio.gather(tasks, { return_exceptions = true }))
            local q = asyncio.PriorityQueue()
            for i = 1, 2000 do q:put_nowait({ big, i }) end
            print(q:qsize(), q:get_nowait()[2])
            error(big, 0)
            """
        let failed = try run(["run", "--clock", "virtual", "--max-memory", "64M", "SCRIPT"], script: shared)
        #expect(failed.status == 1)
        #expect(failed.stdout == "2000\n2000\t1\n")
        #expect(failed.stderr.contains("… (8388608 bytes in all)"))
        #expect(!failed.stderr.contains("memory limit"))
    }

    @Test func bytesASocketHoldsForTheScriptCountAgainstTheMemoryLimit() throws {
        // Written faster than the peer reads (no drain), the bytes wait in the host: the limit
        // ends the run at 64 MiB, where they would otherwise reach the 1000 MiB written.
        let flood = """
            local server = asyncio.start_server(function(reader, writer) asyncio.sleep(1000) end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            local chunk = string.rep("x", 1 << 20)
            for i = 1, 1000 do writer:write(chunk) end
            print("wrote 1000 MiB")
            """
        let options = ["run", "--sandbox", "--allow-loopback", "--clock", "virtual", "--max-memory", "64M", "SCRIPT"]
        let flooded = try run(options, script: flood)
        #expect(flooded.status == 1)
        #expect(!flooded.stdout.contains("wrote 1000 MiB"))
        #expect(flooded.stderr.contains("memory limit of 64 MiB exceeded"), "\(flooded.stderr)")
        // Read as it arrives, the same bytes stay within the limit.
        let paced = """
            local server = asyncio.start_server(function(reader, writer)
                local total = 0
                repeat
                    local block = reader:read(65536)
                    total = total + #block
                until block == ""
                writer:write(total .. "\\n")
                writer:close()
            end, "127.0.0.1", 0)
            local reader, writer = asyncio.open_connection("127.0.0.1", server.port)
            local chunk = string.rep("x", 1 << 20)
            for i = 1, 200 do writer:write(chunk) writer:drain() end
            writer:write_eof()
            print(reader:readline())
            """
        let flowed = try run(options, script: paced)
        #expect(flowed.stdout == "209715200\n\n", "\(flowed.stdout)\(flowed.stderr)")
    }

    @Test func pairsVisitsKeysInTheSameOrderOnEveryRunAndEverySeed() throws {
        // String keys hash by a seed Lua takes from the clock; tables and functions as keys
        // hash by address. Neither may change between runs of the same script.
        let script = """
            local words = {}
            for _, w in ipairs({ "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }) do words[w] = #w end
            local keys = {}
            for k in pairs(words) do keys[#keys + 1] = k end
            print(table.concat(keys, " "))
            local objects, order = {}, {}
            for i = 1, 12 do objects[i % 2 == 0 and {} or function() return i end] = i end
            for _, i in pairs(objects) do order[#order + 1] = i end
            print(table.concat(order, " "))
            print(tostring({}), tostring(print))
            local worker = asyncio.to_thread(function()
                local t, out = { x = 1, y = 2, z = 3, w = 4 }, {}
                for k in pairs(t) do out[#out + 1] = k end
                return table.concat(out, " ")
            end)
            print(worker)
            """
        // (The sandbox is another environment, with other allocations: each has its order.)
        for sandbox in [false, true] {
            var outputs: Set<String> = []
            for seed in ["1", "1", "2", "7"] {
                let outcome = try run(["run", "--clock", "virtual", "--seed", seed] + (sandbox ? ["--sandbox"] : []) + ["SCRIPT"], script: script)
                #expect(outcome.status == 0, "\(outcome.stderr)")
                outputs.insert(outcome.stdout)
            }
            #expect(outputs.count == 1, "\(outputs)")
        }
    }

    @Test func textWrittenWithoutANewlineSurvivesALimit() throws {
        let script = "io.write('first line\\n', 'no newline yet') while true do end"
        let outcome = try run(["run", "--sandbox", "--max-instructions", "1000000", "SCRIPT"], script: script)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "first line\nno newline yet\n")
        #expect(outcome.stderr.contains("instruction limit of 1000000 exceeded"))
    }

    @Test func eachLimitEndsTheRunWithItsName() throws {
        let cases: [([String], String, String)] = [
            (["--max-memory", "16M"], "local t = {} while true do t[#t + 1] = string.rep('x', 1000) end",
             "memory limit of 16 MiB exceeded"),
            (["--max-instructions", "1000000"], "while true do pcall(function() while true do end end) end",
             "instruction limit of 1000000 exceeded"),
            (["--max-tasks", "100"], "while true do pcall(asyncio.create_task, function() end) end",
             "task limit of 100 exceeded"),
            (["--max-output", "8K"], "while true do print(string.rep('y', 100)) end", "output limit of 8 KiB exceeded"),
            (["--max-wall-time", "0.5"], "asyncio.sleep(3600)", "wall time limit of 0.50s exceeded"),
        ]
        for (options, script, message) in cases {
            let outcome = try run(["run"] + options + ["SCRIPT"], script: script)
            #expect(outcome.status == 1, "\(options)")
            #expect(outcome.stderr.contains("tide: \(message)"), "\(options): \(outcome.stderr)")
            #expect(outcome.stderr.contains(": the run was stopped"), "\(options): \(outcome.stderr)")
        }
    }

    @Test func theInstructionLimitNamesTheLineWhereTheLoopSpun() throws {
        let outcome = try run(
            ["run", "--clock", "virtual", "--max-instructions", "1000000", "SCRIPT"],
            script: "local n = 0\nwhile true do\n    n = n + 1\nend\n")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("tide: instruction limit of 1000000 exceeded at "))
        #expect(outcome.stderr.contains(".lua:3: the run was stopped"))
    }

    @Test func theVirtualClocksLiveWarningComesAtTheSameInstructionOnEveryRun() throws {
        let script = """
            local x = 0
            for i = 1, 1e8 do x = x + i end
            print(x)
            """
        let first = try run(["run", "--clock", "virtual", "--slow-task-ms", "10", "SCRIPT"], script: script)
        let second = try run(["run", "--clock", "virtual", "--slow-task-ms", "10", "SCRIPT"], script: script)
        for outcome in [first, second] {
            #expect(outcome.status == 0)
            let warning = outcome.stderr.split(separator: "\n").first { $0.hasPrefix("tide: warning: ") }
            #expect(warning?.contains("Task-1 (main) has run 100 million instructions without awaiting, at ") == true)
            #expect(warning?.contains(".lua:2: ") == true)
        }
        // A stretch a tenth as long is not warned about: the count, not the machine, decides.
        let short = try run(["run", "--clock", "virtual", "--slow-task-ms", "10", "SCRIPT"],
                            script: "local x = 0 for i = 1, 1e7 do x = x + i end print(x)")
        #expect(!short.stderr.contains("tide: warning"))
    }

    /// Any count hook stops Lua's VM at every instruction: a run that counts nothing (the
    /// real clock without limits) has none; the virtual clock's live warning and a limit do.
    @Test func onlyARunThatCountsInstructionsHasACountHook() throws {
        let script = "local hook, mask, count = debug.gethook() print(hook ~= nil, mask, count)"
        let real = try run(["run", "--clock", "real", "SCRIPT"], script: script)
        #expect(real.stdout == "false\tnil\tnil\n")
        let virtual = try run(["run", "--clock", "virtual", "SCRIPT"], script: script)
        #expect(virtual.stdout == "true\t\t100000\n")
        let limited = try run(["run", "--clock", "real", "--max-instructions", "1000000000", "SCRIPT"], script: script)
        #expect(limited.stdout == "true\t\t1000\n")
    }

    /// A loop that never awaits is warned about while it runs; Ctrl-C then stops the run,
    /// says where each task was, runs their cleanups and exits 130. The test waits on the
    /// warning's text, not on a time.
    @Test func aLoopThatNeverAwaitsIsWarnedLiveAndCtrlCStopsIt() throws {
        let script = """
            local worker = asyncio.create_task(function()
                local _ <close> = setmetatable({}, { __close = function() print("worker cleaned up") end })
                asyncio.sleep(100)
            end)
            asyncio.sleep(0)
            local n = 0
            while true do
                n = n + 1
            end
            """
        for clock in ["virtual", "real"] {
            let (outcome, path) = try interrupt(["run", "--clock", clock, "--slow-task-ms", "10", "SCRIPT"], script: script) {
                $1.contains("without awaiting, at")
            }
            let (stdout, stderr) = (outcome.stdout, outcome.stderr)
            // By time on the real clock; on the virtual one by instructions (20 thresholds of
            // 500,000 a millisecond), the same on every run.
            let warned = clock == "real" ? "has run for 2 s" : "has run 100 million instructions"
            #expect(stderr.contains("tide: warning: Task-1 (main) \(warned) without awaiting, at \(path):8"), "\(clock)")
            #expect(stderr.contains("or press Ctrl-C to stop the run"), "\(clock)")
            #expect(outcome.status == 130, "\(clock)")
            #expect(stderr.contains("tide: interrupted (Ctrl-C) at "), "\(clock)")
            #expect(stderr.contains("  Task-1 (main) running at \(path):8\n  Task-2 waiting on sleep at \(path):3"), "\(clock): \(stderr)")
            #expect(!stderr.contains("nobody retrieved"), "\(clock)")
            #expect(stdout == "worker cleaned up\n", "\(clock)")
        }
    }

    /// With the slow-task watch off, Ctrl-C still stops a loop that never awaits, where it
    /// runs. The test waits on the script's own output, not on a time.
    @Test func ctrlCStopsALoopThatNeverAwaitsWithTheWatchOff() throws {
        let script = """
            print("spinning")
            io.stdout:flush()
            local n = 0
            while true do
                n = n + 1
            end
            """
        let (outcome, path) = try interrupt(["run", "--slow-task-ms", "0", "SCRIPT"], script: script) { stdout, _ in
            stdout.contains("spinning")
        }
        let stderr = outcome.stderr
        #expect(outcome.status == 130, "\(stderr)")
        #expect(stderr.contains("tide: interrupted (Ctrl-C) at "))
        #expect(stderr.contains("  Task-1 (main) running at \(path):5"), "\(stderr)")
        #expect(!stderr.contains("without awaiting"), "\(stderr)")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run(["run", "--clock", "sundial", "x.lua"]).status == 2)
        #expect(try run(["run"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
        let missing = try run(["run", "/nonexistent/script.lua"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot open /nonexistent/script.lua"))
    }

    @Test func theTimelineFlagsDrawTheQueueExampleAsAStudentReadsIt() throws {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("tide-timeline-\(UUID()).html")
        defer { try? FileManager.default.removeItem(at: page) }
        let script = GoldenFiles.repositoryRoot.appendingPathComponent("examples/lecture/24.4-producer-consumer-queue.lua").path
        let outcome = try run(["run", "--clock", "virtual", "--timeline", "--timeline-html", page.path, script, "0.3"])
        #expect(outcome.status == 0)
        let lines = outcome.stderr.split(separator: "\n")
        let producer = try #require(lines.first { $0.hasPrefix("  dataProducer ") })
        #expect(producer.contains("Q"))
        #expect(lines.contains { $0.hasPrefix("Queue#1 (max 5)") && $0.contains("5") })
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains(#""name":"dataConsumer (2)""#) && html.contains(#"["queue-put","#))
    }
}
