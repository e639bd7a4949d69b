import LuaAsync
import Scheduler

/// `tide run`: one script, one runtime, its diagnostics on stderr.
public enum ScriptRunner {
    /// Runs the script and returns the process exit status (0 success, 1 failure, 2 usage).
    public static func run(path: String, arguments: [String], options: RunOptions) async -> Int32 {
        guard Console.isReadableFile(path) else {
            Console.report("tide: cannot open \(path)")
            return 2
        }
        let runtime = Runtime(clock: options.clock == .virtual ? VirtualClock() : RealClock())
        runtime.seedRandom(options.seed ?? Console.freshSeed())
        // The process ends with this run: tearing down every Lua object one by one took a
        // fifth of a run with 100,000 tasks, so the runtime is left for the OS to reclaim.
        _ = Unmanaged.passRetained(runtime)
        do {
            let result = try await runtime.runScript(at: path, arguments: arguments)
            for diagnostic in runtime.diagnostics { Console.report("tide: \(diagnostic)") }
            return result.exitStatus
        } catch {
            for diagnostic in runtime.diagnostics { Console.report("tide: \(diagnostic)") }
            Console.report("tide: run interrupted")
            return 1
        }
    }
}
