import Foundation
import LuaAsync
import LuaKit
import Scheduler
import Testing
import Workbench

/// `asyncio.to_thread` beyond the behaviour scripts: repeatable runs, and the run's limits
/// and sandbox holding inside workers.
@Suite struct ToThreadTests {
    /// Workers that finish in the reverse of the order they began, printing as they go.
    static let scrambled = """
        local function spin(n) local x = 0 for i = 1, n do x = x + i % 7 end return x end
        local tasks = {}
        for i = 1, 6 do
            tasks[i] = asyncio.create_task(asyncio.to_thread, function(k)
                print("worker", k, math.random(100))
                return k, spin((7 - k) * 200000)
            end, i)
        end
        for i = 1, 6 do
            asyncio.create_task(function() asyncio.sleep(i / 10) print("sleeper", i, asyncio.time()) end)
        end
        for i = 1, 6 do print("done", tasks[i]:await()) end
        """

    @Test func aVirtualClockRunWithWorkersIsByteIdenticalEveryTime() async throws {
        let path = try Self.write(Self.scrambled)
        var transcripts: [String] = []
        for _ in 1...3 {
            transcripts.append(try await Transcript.record(scriptAt: path, displayName: "scrambled.lua").description)
        }
        #expect(transcripts[0].contains("done\t6"))
        #expect(Set(transcripts).count == 1, "runs differ:\n\(transcripts.joined(separator: "\n---\n"))")
    }

    @Test func aWorkerSpinningPastTheInstructionLimitStopsTheRun() async throws {
        let result = try await Self.run(
            "asyncio.to_thread(function() while true do end end) print('never')",
            limits: Limits(instructions: 5_000_000))
        #expect(result.ending == .limitExceeded)
        #expect(result.messages.contains { $0.contains("instruction limit of 5000000 exceeded in a to_thread worker") })
    }

    @Test func workersDrawFromTheRunsOneInstructionBudget() async throws {
        // Each worker alone stays under the limit; together they do not.
        let result = try await Self.run(
            """
            local function spin() local x = 0 for i = 1, 200000 do x = x + i end return x end
            local jobs = {}
            for i = 1, 40 do jobs[i] = function() return asyncio.to_thread(spin) end end
            asyncio.gather(table.unpack(jobs))
            print("never")
            """, limits: Limits(instructions: 5_000_000))
        #expect(result.ending == .limitExceeded)
        #expect(result.messages.contains { $0.contains("instruction limit of 5000000 exceeded") })
    }

    @Test func copiesWaitingForAWorkerCountAgainstTheMemoryLimit() async throws {
        let result = try await Self.run(
            """
            local big = string.rep("x", 1 << 20)
            local tasks = {}
            for i = 1, 200 do tasks[i] = asyncio.create_task(asyncio.to_thread, function(s) return #s end, big) end
            for i = 1, 200 do tasks[i]:await() end
            """, limits: Limits(memory: 32 << 20))
        #expect(result.ending == .limitExceeded)
        #expect(result.messages.contains { $0.contains("memory limit of 32 MiB exceeded") })
    }

    @Test func aVirtualClockWaitsForAWorkerOnlySoLongThenMovesOnAndSaysSo() async throws {
        // The worker never ends by itself: after the patience, the timeout's timer fires.
        let runtime = Runtime(clock: VirtualClock())
        runtime.copiesResults = true
        runtime.loop.patienceForOutsideWork = 500_000_000  // half a second instead of a minute
        let result = try await runtime.runScript(source: """
            local ok, err = pcall(asyncio.wait_for, function()
                return asyncio.to_thread(function() while true do end end)
            end, 1)
            return asyncio.TimeoutError:is(err), asyncio.time()
            """, chunkName: "held.lua")
        #expect(result.returned == [.boolean(true), .number(1)])
        #expect(runtime.loop.virtualTimeOutranOutsideWork)
    }

    @Test func aWorkerPastTheMemoryLimitStopsTheRun() async throws {
        let result = try await Self.run(
            "asyncio.to_thread(function() local t = {} for i = 1, 1e8 do t[i] = ('x'):rep(64) .. i end end)",
            limits: Limits(memory: 32 << 20))
        #expect(result.ending == .limitExceeded)
        #expect(result.messages.contains { $0.contains("memory limit of 32 MiB exceeded in a to_thread worker") })
    }

    @Test func theWallLimitStopsASpinningWorker() async throws {
        let result = try await Self.run(
            "asyncio.to_thread(function() while true do end end)", limits: Limits(wallSeconds: 0.2), clock: RealClock())
        #expect(result.ending == .limitExceeded)
        #expect(result.messages.contains { $0.contains("wall time limit of 0.20s exceeded") })
    }

    @Test func aSandboxedWorkerHasTheSandboxsGlobals() async throws {
        let result = try await Self.run(
            """
            return asyncio.to_thread(function()
                return os.execute == nil, io.open == nil, string.dump == nil, type(print)
            end)
            """, limits: Limits(sandbox: true))
        #expect(result.ending == .completed, "\(result.messages)")
        #expect(result.returned == [.boolean(true), .boolean(true), .boolean(true), .string("function")])
    }

    // MARK: Support

    struct Outcome {
        let ending: RunResult.Ending
        let returned: [PlainValue]
        let messages: [String]
    }

    static func run(_ source: String, limits: Limits, clock: LoopClock = VirtualClock()) async throws -> Outcome {
        let runtime = Runtime(clock: clock, limits: limits)
        runtime.copiesResults = true
        runtime.output = { _ in }
        let result = try await runtime.runScript(source: source, chunkName: "worker.lua")
        return Outcome(ending: result.ending, returned: result.returned, messages: runtime.diagnostics.map(\.message))
    }

    static func write(_ source: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tide-\(UUID().uuidString).lua").path
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
