// What an application needs to embed Tide, behind one `import Tide`: runtimes, their loop
// and its door, limits, host functions, and the plain values that cross between Swift
// and Lua. docs/embedding.md walks through it.
@_exported import LuaAsync
@_exported import LuaKit
@_exported import Scheduler

/// Which clock a runtime keeps.
public enum TideClock: Sendable {
    /// Sleeps take real time.
    case real
    /// Time jumps to the next timer when every task waits: runs are exact and instant.
    case virtual
}

extension Runtime {
    /// A runtime for an application: its clock, the seed of `math.random`, and, if given,
    /// the limits (and sandbox) its scripts run under. Runs copy what a script returns.
    public convenience init(clock: TideClock, seed: Int64 = 1, limits: Limits? = nil) {
        self.init(clock: clock == .virtual ? VirtualClock() : RealClock(), limits: limits)
        seedRandom(seed)
        copiesResults = true
    }

    /// Runs `source` as the main task; messages name it `name`.
    public func run(_ source: String, name: String = "script") async throws -> RunResult {
        try await runScript(source: source, chunkName: name)
    }

    /// Runs the script at `path` as the main task, with `arguments` as its `...` and `arg`.
    public func run(fileAt path: String, arguments: [String] = []) async throws -> RunResult {
        try await runScript(at: path, arguments: arguments)
    }
}
