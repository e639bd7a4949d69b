import Foundation
import Testing
import Workbench

/// The `sim` module as a run meets it: seeds and streams, the sandbox, the real clock,
/// `--stats`, and service tracks in traces and timelines (docs/sim.md).
@Suite(.timeLimit(.minutes(2))) struct ServiceTests {
    private func tide(_ arguments: [String], script: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tide-sim-\(UUID()).lua")
        try script.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try run(arguments.map { $0 == "SCRIPT" ? url.path : $0 })
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        var child = ChildProcess(CLITests.tide.path, arguments)
        child.wallTimeLimit = .seconds(60)
        let outcome = try child.run()
        return (outcome.status, outcome.stdout, outcome.stderr)
    }

    /// Ten latencies of the service `api`, after `before` made whatever it makes.
    private func draws(seed: Int, before: String) throws -> String {
        try tide(["run", "--clock", "virtual", "--seed", String(seed), "SCRIPT"], script: """
            local sim = require("sim")
            \(before)
            local api = sim.service{ name = "api", latency = sim.exponential(0.1), failures = 0.3 }
            for i = 1, 10 do local r = api:call(i) io.write(string.format("%d:%.6f ", r.status, r.latency)) end
            print()
            """).stdout
    }

    @Test func anotherServiceLeavesEveryStreamAsItWas() throws {
        let alone = try draws(seed: 4, before: "")
        let withOthers = try draws(seed: 4, before: """
            local db = sim.service{ name = "db", latency = {0.1, 0.2}, failures = 0.5 }
            for i = 1, 5 do db:call(i) end
            math.random(); math.random()
            """)
        #expect(alone == withOthers)
        #expect(alone != (try draws(seed: 5, before: "")), "another seed, other draws")
        #expect(alone.contains("500:"), "a fraction of 0.3 fails some of ten calls")
    }

    @Test func theSameSeedOnTheVirtualClockRepeatsByteForByteTraceIncluded() throws {
        let trace1 = FileManager.default.temporaryDirectory.appendingPathComponent("tide-sim-\(UUID()).json").path
        let trace2 = trace1 + ".2.json"
        defer { try? FileManager.default.removeItem(atPath: trace1); try? FileManager.default.removeItem(atPath: trace2) }
        let script = """
            local sim = require("sim")
            local api = sim.service{ name = "api", latency = sim.lognormal(0.1, 1), concurrency = 4, rate = {20, per = 1},
                failures = 0.1, hangs = 0.05 }
            local calls = {}
            for i = 1, 60 do calls[i] = function()
                local ok, r = pcall(asyncio.wait_for, function() return api:call(i) end, 0.5)
                print(i, ok and r.status or tostring(r), asyncio.time())
            end end
            asyncio.gather(calls)
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tide-sim-\(UUID()).lua").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try run(["run", "--clock", "virtual", "--seed", "9", "--stats", "--trace", trace1, path])
        let second = try run(["run", "--clock", "virtual", "--seed", "9", "--stats", "--trace", trace2, path])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stderr == second.stderr)
        #expect(try String(contentsOfFile: trace1, encoding: .utf8) == String(contentsOfFile: trace2, encoding: .utf8))
        #expect(first.stdout.contains("\t429\t") && first.stdout.contains("\t503\t") && first.stdout.contains("\t500\t"))
    }

    @Test func statsPrintsOneLinePerServiceOnStderr() throws {
        let outcome = try tide(["run", "--clock", "virtual", "--stats", "SCRIPT"], script: """
            local sim = require("sim")
            local a = sim.service{ name = "a", latency = 0.2, concurrency = 1 }
            local b = sim.service{ name = "b", latency = 0.1, hangs = 1 }
            asyncio.gather(function() return a:call() end, function() return a:call() end)
            pcall(asyncio.wait_for, function() return b:call() end, 1)
            asyncio.create_task(function() return b:call() end)
            asyncio.sleep(0)
            """)
        #expect(outcome.status == 0)
        let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("tide: service ") }
        #expect(lines == [
            "tide: service a: 2 calls; 200×1 503×1; peak 2; latency p50 0.001s p99 0.200s max 0.200s",
            "tide: service b: 2 calls; peak 1; 1 cancelled; 2 hung (1 cancelled, 1 still hanging); 1 in flight at the end",
        ])
    }

    @Test func requireSimWorksInTheSandbox() throws {
        let outcome = try tide(["run", "--sandbox", "--clock", "virtual", "SCRIPT"], script: """
            local sim = require("sim")
            print(sim.service{ name = "x", latency = 0.1 }:call("hi").status, sim == package.loaded.sim, _G.sim)
            """)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "200\ttrue\tnil\n")
    }

    @Test func servicesTakeRealTimeOnTheRealClock() throws {
        let start = Date()
        let outcome = try tide(["run", "SCRIPT"], script: """
            local sim = require("sim")
            local api = sim.service{ name = "api", latency = 0.2, concurrency = 2, queue = true }
            local t0 = asyncio.time()
            asyncio.gather(function() return api:call() end, function() return api:call() end, function() return api:call() end)
            print(string.format("%.1f", asyncio.time() - t0), api:stats().by_status[200])
            """)
        #expect(outcome.stdout == "0.4\t3\n", "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(start) >= 0.4)
    }

    @Test func aServiceIsATrackOfItsOwnInTheTraceAndTimelines() throws {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("tide-sim-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let outcome = try tide(["run", "--clock", "virtual", "--timeline", "--trace", trace, "SCRIPT"], script: """
            local sim = require("sim")
            local api = sim.service{ name = "api", latency = 0.3, concurrency = 2 }
            local calls = {}
            for i = 1, 4 do calls[i] = function() return api:call(i) end end
            asyncio.gather(calls)
            """)
        let json = try String(contentsOfFile: trace, encoding: .utf8)
        #expect(json.contains(#""ph":"C","pid":1,"tid":0,"ts":0.000,"name":"service api in flight","args":{"value":4}"#))
        #expect(json.contains(#""name":"service api: 503","cat":"op""#))
        // The timeline goes to stderr, apart from the script's output.
        let row = try #require(outcome.stderr.split(separator: "\n").first { $0.hasPrefix("api ") })
        #expect(row.contains("✗") && row.contains("2"))
        #expect(outcome.stderr.contains("✗ a call rejected"))
    }
}
