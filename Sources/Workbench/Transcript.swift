import LuaAsync
import Scheduler

/// A whole run on the virtual clock, captured as text: what golden tests compare.
///
/// The text is the script's output, then `--- stderr` and the diagnostics if there are
/// any, then `--- exit N` if the run failed.
public struct Transcript: Equatable, CustomStringConvertible {
    public var output: [String] = []
    public var diagnostics: [String] = []
    public var exitStatus: Int32 = 0

    public var description: String {
        var lines = output
        if !diagnostics.isEmpty { lines += ["--- stderr"] + diagnostics.map { "tide: \($0)" } }
        if exitStatus != 0 { lines.append("--- exit \(exitStatus)") }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Runs the script on the virtual clock (or `clock`) with `seed`, capturing everything it
    /// prints; `prepare` may register host functions first.
    public static func record(
        scriptAt path: String, displayName: String, arguments: [String] = [], seed: Int64 = 1,
        tracer: TraceRecorder? = nil, clock: LoopClock = VirtualClock(), prepare: (Runtime) -> Void = { _ in }
    ) async throws -> Transcript {
        var transcript = Transcript()
        let runtime = Runtime(clock: clock)
        prepare(runtime)
        runtime.loop.tracer = tracer
        runtime.output = { transcript.output.append($0) }
        runtime.seedRandom(seed)
        let result = try await runtime.runScript(at: path, arguments: arguments, displayName: displayName)
        tracer?.close(at: runtime.loop.now)
        transcript.diagnostics = runtime.diagnostics.map(\.message)
        transcript.exitStatus = result.exitStatus
        return transcript
    }
}
