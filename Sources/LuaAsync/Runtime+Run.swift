import CLua
import Dispatch
import CLuaWatch
import LuaKit
import Scheduler

/// How a script run ended.
public struct RunResult {
    public enum Ending: Equatable {
        /// The main task returned.
        case completed
        /// The script did not compile or could not be read.
        case loadFailed
        /// The main task raised an error (or was cancelled).
        case failed
        /// Tasks waited with nothing left that could wake them.
        case deadlocked
        /// A limit of a sandboxed run was hit (memory, instructions, wall time, tasks, output).
        case limitExceeded
    }

    public let ending: Ending
    /// Loop time from the run's start to the main task's end, in seconds.
    public var elapsed: Double
    /// What the main chunk returned, copied out as data.
    public var returned: [PlainValue] = []
    /// Why the main task failed, if it did.
    public var error: RunError?
    /// What this run reported (a deadlock, tasks left pending, errors nobody retrieved...),
    /// as `tide run` prints them on stderr.
    public var diagnostics: [Diagnostic] = []

    /// Whether Ctrl-C stopped the run (it then exits 130, as a shell expects of SIGINT).
    public var interrupted = false

    public var exitStatus: Int32 { interrupted ? 130 : ending == .completed ? 0 : 1 }
}

extension Runtime {
    /// Seeds `math.random` so a run can be repeated exactly.
    public func seedRandom(_ seed: Int64) {
        randomSeed = seed
        let lua = vm.lua
        guard case .loaded = vm.load("math.randomseed(...)", chunkName: "=seed") else { return lua.pop() }
        lua.push(Int(seed))
        if !vm.protectedCall(arguments: 1, results: 0) { lua.pop() }
    }

    /// Runs the file as the main task (Task-1), then cancels and drains what it left.
    ///
    /// Script arguments are in the global `arg` (`arg[0]` is the path) and in `...`.
    /// Messages name the file as `displayName` (the path by default).
    public func runScript(at path: String, arguments: [String], displayName: String? = nil) async throws -> RunResult {
        let lua = vm.lua
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [_G]
        lua.newTable(arraySize: Int32(arguments.count), hashSize: 1)  // [_G, arg]
        lua.push(path)
        lua.rawSet(-2, index: 0)
        for (position, argument) in arguments.enumerated() {
            lua.push(argument)
            lua.rawSet(-2, index: position + 1)
        }
        lua.setField(-2, "arg")
        lua.pop()  // []

        guard case .loaded = vm.loadFile(path, displayName: displayName) else {  // [chunk] or [message]
            var message = lua.string(at: -1) ?? "cannot load \(path)"
            if let source = LuaVM.readText(at: path),
                let hint = PythonHints.forSyntaxError(message, chunkName: displayName ?? path, source: source)
            {
                message += "\n" + hint
            }
            report(Diagnostic(.uncaughtError, message))
            lua.pop()
            return RunResult(ending: .loadFailed, elapsed: 0, diagnostics: Array(diagnostics.suffix(1)))
        }
        // `local r = await f()` compiles (a read of a global `await`, then the call as a
        // statement of its own) and quietly does something else than meant.
        if let source = LuaVM.readText(at: path), let line = PythonHints.firstAwaitKeyword(in: source) {
            report(Diagnostic(.hint, PythonHints.compiledAwait(at: "\(displayName ?? path):\(line)")))
        }
        return try await runChunk(arguments: arguments)
    }

    /// Runs `source` as the main task (Task-1); messages name it `chunkName`.
    public func runScript(source: String, chunkName: String) async throws -> RunResult {
        let lua = vm.lua
        guard case .loaded = vm.load(source, chunkName: "@" + chunkName) else {  // [chunk] or [message]
            report(Diagnostic(.uncaughtError, lua.string(at: -1) ?? "cannot load \(chunkName)"))
            lua.pop()
            return RunResult(ending: .loadFailed, elapsed: 0, diagnostics: Array(diagnostics.suffix(1)))
        }
        return try await runChunk()
    }

    /// Stack: [-1, +0] runs the chunk on top, with the arguments above it, as the main task.
    private func runChunk(arguments: [String] = []) async throws -> RunResult {
        let lua = vm.lua
        let (firstDiagnostic, start) = (diagnostics.count, seconds)
        for argument in arguments { lua.push(argument) }  // [chunk, args...]
        guard let main = spawn(from: lua, count: Int32(arguments.count) + 1) else {
            lua.pop()
            return RunResult(ending: .loadFailed, elapsed: 0, diagnostics: Array(diagnostics.suffix(1)))
        }
        lua.pop()  // []
        // The main task's results are read after the run (grading copies them out): its
        // handle, and so its thread, must outlive the task.
        let anchor = main.pushHandle(on: lua) ? lua.ref() : LUA_NOREF
        defer { if anchor != LUA_NOREF { lua.unref(anchor) } }
        var result = try await runMain(main)
        closeReports()
        result.diagnostics = Array(diagnostics[firstDiagnostic...])
        result.elapsed -= start
        return result
    }

    /// Runs the loop until `main` is done, then reports and cleans up.
    func runMain(_ main: LuaTask) async throws -> RunResult {
        var interrupted = false
        // Asked at every turn: the limits' data is looked up once (nil: a state without them).
        let limits = clua_limits_allocator_data(mainState)
        let end = try await loop.run(until: {
            if interruptArrived() { interrupted = true }
            return interrupted || main.isDone || (limits.map { clua_limits_failed($0) != 0 } ?? false)
        })
        mainEnded?()
        let elapsed = seconds
        if interrupted {
            flushUnfinishedLine()
            report(Diagnostic(.interrupted, interruptReport()))
            try await drain()
            closeSockets()
            flushUnfinishedLine()
            reportUnretrievedErrors()
            var result = RunResult(ending: .failed, elapsed: elapsed)
            result.interrupted = true
            return result
        }
        var ending: RunResult.Ending = .completed
        // A run stopped by a limit or a livelock cleans up no tasks, but its sockets close
        // with it (their peers see the end, and the bytes they held leave the memory count).
        if let limit = limitHit {
            flushUnfinishedLine()
            report(Diagnostic(.limit, "\(limit): the run was stopped"))
            closeSockets()
            return RunResult(ending: .limitExceeded, elapsed: elapsed)
        }
        if end == .livelocked {
            flushUnfinishedLine()
            report(Diagnostic(.deadlock, "livelock at \(formatSeconds(elapsed)): tasks kept yielding for "
                + "\(EventLoop.livelockTurns) turns without waiting, so the virtual clock could never reach its next "
                + "timer (on the virtual clock, time moves only when every task waits)"))
            closeSockets()
            return RunResult(ending: .deadlocked, elapsed: elapsed)
        }
        let (returned, error) = copiesResults ? snapshotOutcome(of: main) : ([], nil)
        if end == .stalled {
            reportDeadlock()
            ending = .deadlocked
        } else if main.outcome == .failed || main.outcome == .cancelled {
            main.errorRetrieved = true
            reportFailure(of: main)
            ending = .failed
        }
        if ending != .deadlocked {
            let context = main.outcome == .returned ? "the main task returned" : "the main task ended"
            reportPendingTasks(context: context)
            reportOpenSockets(context: context)
        }
        reportFanOut()
        try await drain()
        closeSockets()
        flushUnfinishedLine()
        reportUnretrievedErrors()
        if let limit = limitHit {  // hit while the leftover tasks were cleaning up
            flushUnfinishedLine()
            report(Diagnostic(.limit, "\(limit): the run was stopped"))
            return RunResult(ending: .limitExceeded, elapsed: elapsed)
        }
        return RunResult(ending: ending, elapsed: elapsed, returned: returned, error: error)
    }

    /// Cancels every unfinished task and runs the loop while they clean up.
    ///
    /// A task may catch CancelledError and carry on; each round cancels it again, and after
    /// three rounds (or 1,000 turns, or 5 seconds of loop time in a round) it is abandoned.
    /// Outside work that a cancel cannot stop (a worker inside one long library call, a host
    /// function that ignores cancellation) is waited for 5 real seconds in all, then abandoned
    /// too: the run ends rather than hang.
    func drain() async throws {
        let patience = DispatchTime.now() + .seconds(Self.exitPatienceSeconds)
        let door = loop.door
        let wake = DispatchWorkItem { door.post {} }  // the loop may be asleep, waiting on that work
        DispatchQueue.global().asyncAfter(deadline: patience, execute: wake)
        defer { wake.cancel() }
        for _ in 1...3 {
            let remaining = sortedLiveTasks()
            if remaining.isEmpty { return }
            for task in remaining { loop.cancel(task) }
            var turns = 0
            let limit = loop.deadline(after: 5_000_000_000)
            _ = try await loop.run(until: {
                turns += 1
                return loop.liveCount == 0 || turns > 1_000 || loop.now > limit
                    || clua_limits_exceeded(mainState) != nil || DispatchTime.now() >= patience
            })
            if limitHit != nil { return }
        }
        let abandoned = sortedLiveTasks()
        for task in abandoned.prefix(Self.reportedTasks) {
            let message = if let wait = task.waitingOn as? ExternalWait {
                "\(task.name) was cancelled at exit, but what it waits on, \(wait.what), did not stop within "
                    + "\(Self.exitPatienceSeconds) s; abandoned it"
            } else {
                "\(task.name) ignored cancellation at exit and was abandoned"
            }
            report(Diagnostic(.ignoredCancellation, message))
        }
        if abandoned.count > Self.reportedTasks {
            report(Diagnostic(
                .ignoredCancellation, "… and \(abandoned.count - Self.reportedTasks) more tasks were abandoned"))
        }
    }

    /// Real seconds the end of a run waits for outside work to stop once cancelled.
    static let exitPatienceSeconds = 5

    func sortedLiveTasks() -> [LoopTask] {
        loop.liveTasks
    }

    // MARK: Reports

    private func reportFailure(of task: LuaTask) {
        if task.outcome == .cancelled {
            report(Diagnostic(.uncaughtError, "\(label(task)) was cancelled"))
        } else if let text = failureReport(of: task) {
            report(Diagnostic(.uncaughtError, text))
        }
    }

    private func reportDeadlock() {
        report(Diagnostic(.deadlock, deadlockReport()))
    }

    /// Each waiting task, what it waits on and where, who holds it, and the wait-for chains.
    public func deadlockReport() -> String {
        let waiting = sortedLiveTasks()
        let count = waiting.count == 1 ? "1 task waits" : "\(waiting.count) tasks wait"
        var lines = ["deadlock at \(formatSeconds(seconds)): no task can run and no timer is set, yet \(count):"]
        for task in waiting.prefix(Self.reportedTasks) {
            var line = "  \(label(task)) waits on \(task.waitingOn?.describeWait(of: task) ?? stateDescription(of: task))"
                + place(of: task)
            if let semaphore = task.waitingOn as? Semaphore, !semaphore.holders.isEmpty {
                line += ", held by " + semaphore.holders.prefix(3).map(\.name).joined(separator: ", ")
            }
            lines.append(line)
        }
        if waiting.count > Self.reportedTasks { lines.append("  … and \(waiting.count - Self.reportedTasks) more") }
        lines += waitForChains(among: waiting)
        return lines.joined(separator: "\n")
    }

    /// The task `task` waits for, where that is known: the task it awaits, the holder of
    /// the Lock or Semaphore it wants, or the task at the other end of its socket.
    private func blocker(of task: LoopTask, among waiting: [Int: LoopTask]) -> LoopTask? {
        switch task.waitingOn {
        case let awaited as LoopTask: return awaited
        case let semaphore as Semaphore: return semaphore.holders.first { $0 !== task }
        case let event as Event: return event.blockerOfWaiter?(task).flatMap { waiting[$0] }
        default: return nil
        }
    }

    /// "wait-for cycle: Task-2 → Task-3 → Task-2", or the longest chains that end on a
    /// primitive nobody holds ("Task-1 → Task-2 → Queue#1:get (empty)").
    private func waitForChains(among waiting: [LoopTask]) -> [String] {
        var lines: [String] = []
        var reported = Set<Int>()
        let byID = Dictionary(waiting.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func blocker(of task: LoopTask) -> LoopTask? { self.blocker(of: task, among: byID) }
        let waitedFor = Set(waiting.compactMap { blocker(of: $0)?.id })
        for start in waiting where !reported.contains(start.id) {
            var path = [start]
            var position = [start.id: 0]
            var isCycle = false
            while let next = blocker(of: path.last!), !next.isDone, !reported.contains(next.id) {
                if let first = position[next.id] {
                    lines.append("  wait-for cycle: " + (path[first...].map(\.name) + [next.name]).joined(separator: " → "))
                    isCycle = true
                    break
                }
                position[next.id] = path.count
                path.append(next)
            }
            for task in path { reported.insert(task.id) }
            if !isCycle && path.count > 1 && !waitedFor.contains(start.id) {
                let last = path.last!
                let end = last.waitingOn?.describeWait(of: last) ?? stateDescription(of: last)
                lines.append("  wait-for chain: " + path.map(\.name).joined(separator: " → ") + " → " + end)
            }
        }
        return lines
    }

    /// How many tasks a report names before it only counts the rest.
    static let reportedTasks = 20

    func reportPendingTasks(context: String = "the main task returned") {
        let pending = sortedLiveTasks()
        for task in pending.prefix(Self.reportedTasks) {
            report(
                Diagnostic(.pendingAtExit, "\(task.name) was still \(stateDescription(of: task))\(place(of: task)) "
                    + "when \(context); cancelled it"))
        }
        if pending.count > Self.reportedTasks {
            report(
                Diagnostic(.pendingAtExit, "… and \(pending.count - Self.reportedTasks) more tasks were still pending; cancelled them"))
        }
    }

    func reportUnretrievedErrors() {
        let unretrieved = failedTasks.filter { !$0.errorRetrieved }
        for task in unretrieved.prefix(Self.reportedTasks) {
            let message = task.failure?.message ?? "?"
            report(
                Diagnostic(.errorNeverRetrieved, "\(task.name) failed and nobody retrieved its error: \(message)"))
        }
        if unretrieved.count > Self.reportedTasks {
            report(
                Diagnostic(.errorNeverRetrieved, "… and \(unretrieved.count - Self.reportedTasks) more tasks failed unretrieved"))
        }
        failedTasks.removeAll()
    }

    /// " at file:line" where a suspended task's own code is, or "" (not started, say).
    func place(of task: LoopTask) -> String {
        guard let task = task as? LuaTask, task.hasStarted, !task.isDone, task.hasThread else { return "" }
        return location(of: task.lua).map { " at \($0)" } ?? ""
    }

    func label(_ task: LoopTask) -> String { task.id == 1 ? "\(task.name) (main)" : task.name }
}
