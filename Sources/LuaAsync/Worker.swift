import CLua
import CLuaWatch
import LuaKit
import Synchronization

/// What a `to_thread` worker inherits from its runtime: the limits and the sandbox, and a
/// seed of its own for `math.random`.
struct WorkerSettings: Sendable {
    var memory: Int?
    /// The run's instruction budget, which workers draw from with the loop (nil: no limit).
    var instructions: SharedInstructionBudget?
    var sandboxed: Bool
    var seed: Int64
}

/// A counted reference to a run's instruction budget (clua_limits_share), for a worker.
final class SharedInstructionBudget: Sendable {
    private let address: UInt

    /// Nil when the run has no instruction limit.
    init?(of state: OpaquePointer) {
        guard let budget = clua_limits_share(state) else { return nil }
        address = UInt(bitPattern: budget)
    }

    var pointer: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: address)! }

    deinit { clua_limits_unshare(pointer) }
}

/// The workers of one runtime, so that a wall-time limit stops them all, those not yet
/// started included.
final class RunningWorkers: Sendable {
    private let state = Mutex<(slots: [ObjectIdentifier: WorkerSlot], stoppedWith: String?)>(([:], nil))

    /// A slot for a new worker, stopped at once if the run's limit was hit already.
    func slot() -> WorkerSlot {
        let slot = WorkerSlot()
        let stopped = state.withLock { state in
            state.slots[ObjectIdentifier(slot)] = slot
            return state.stoppedWith
        }
        if let stopped { slot.stop(stopped) }
        return slot
    }

    func remove(_ slot: WorkerSlot) { _ = state.withLock { $0.slots.removeValue(forKey: ObjectIdentifier(slot)) } }

    /// Ends every worker, running or to come, with the limit's message (any thread may call this).
    func stopAll(_ message: String) {
        let slots = state.withLock { state in
            state.stoppedWith = message
            return Array(state.slots.values)
        }
        for slot in slots { slot.stop(message) }
    }
}

/// One worker: its Lua state while it runs, why it must stop if it must, and the Swift task
/// waiting for it. A stop may come (from a cancel, from the wall limit) before the worker has
/// a thread, while it runs, or after; one that comes first ends the wait at once.
final class WorkerSlot: Sendable {
    private struct State {
        var lua: UInt?
        var stop: String?
        var started = false
        var waiter: CheckedContinuation<HostCall.Completion, Never>?
    }

    private let state = Mutex(State())

    /// The Swift task waits here for the worker's completion.
    func await(_ continuation: CheckedContinuation<HostCall.Completion, Never>) {
        let stopped: String? = state.withLock { state in
            if let stop = state.stop, !state.started { return stop }
            state.waiter = continuation
            return nil
        }
        if let stopped { continuation.resume(returning: Worker.stopped(with: stopped)) }
    }

    /// The worker has a thread: false if it was stopped before (its wait is over already).
    func begin() -> Bool {
        state.withLock { state in
            guard state.stop == nil else { return false }
            state.started = true
            return true
        }
    }

    /// The worker's state is made: a stop that came meanwhile applies to it now.
    func attach(_ lua: OpaquePointer) {
        state.withLock { state in
            state.lua = UInt(bitPattern: lua)
            if let stop = state.stop { clua_limits_fail(lua, stop) }
        }
    }

    /// The state is about to be closed: stops no longer reach it.
    func detach() { state.withLock { $0.lua = nil } }

    /// The worker is done: the waiting Swift task gets `completion`.
    func finish(_ completion: HostCall.Completion) {
        let waiter = state.withLock { state in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: completion)
    }

    func stop(_ message: String) {
        let waiter = state.withLock { state -> CheckedContinuation<HostCall.Completion, Never>? in
            guard state.stop == nil else { return nil }
            state.stop = message
            if let lua = state.lua { clua_limits_fail(OpaquePointer(bitPattern: lua)!, message) }
            guard !state.started else { return nil }
            defer { state.waiter = nil }
            return state.waiter  // not started: nothing runs that must be waited for
        }
        waiter?.resume(returning: Worker.stopped(with: message))
    }
}

/// A worker hit a limit of the run: the run stops, as it would for the loop's own.
struct WorkerLimit: Error {
    let message: String
}

/// What the worker's function raised, copied for the awaiting task to raise in turn.
struct RaisedInWorker: Error {
    let value: CopiedValue

    init(_ value: CopiedValue) { self.value = value }
    init(_ message: String) { value = .string(Array(message.utf8)) }
}

/// Runs a function in a Lua state of its own on the calling thread: the body of
/// `asyncio.to_thread`, on a thread of Swift's concurrency pool.
enum Worker {
    /// The most a worker may print before it is stopped (its lines wait in memory until it ends).
    static let outputCap = 16 << 20
    private static let cancelled = "cancelled"

    /// Rebuilds `function`, calls it with `arguments`, and copies its results out. The Lua
    /// runs on one of the `WorkerThreads` while the Swift task awaits it; a cancel of the
    /// Swift task stops the Lua at its next count hook, or before it starts.
    static func run(
        _ function: PortableFunction, _ arguments: [CopiedValue], settings: WorkerSettings, running: RunningWorkers
    ) async -> HostCall.Completion {
        let slot = running.slot()
        defer { running.remove(slot) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                slot.await(continuation)
                WorkerThreads.shared.run {
                    guard slot.begin() else { return }
                    slot.finish(runHere(function, arguments, settings: settings, slot: slot))
                }
            }
        } onCancel: {
            slot.stop(cancelled)
        }
    }

    /// What a worker stopped before it ran gives back.
    static func stopped(with message: String) -> HostCall.Completion {
        HostCall.Completion(outcome: .failure(message == cancelled ? CancellationError() : WorkerLimit(message: message)))
    }

    /// Makes the worker's state, runs the function in it, and closes it.
    private static func runHere(
        _ function: PortableFunction, _ arguments: [CopiedValue], settings: WorkerSettings, slot: WorkerSlot
    ) -> HostCall.Completion {
        guard let state = clua_limits_newstate(settings.memory ?? 0) else {
            return HostCall.Completion(outcome: .failure(WorkerLimit(message: "memory limit exceeded")))
        }
        let allocatorData = clua_limits_allocator_data(state)
        defer {
            lua_close(state)
            clua_limits_release(allocatorData)
        }
        slot.attach(state)
        defer { slot.detach() }
        return call(function, arguments, in: state, settings: settings)
    }

    /// Runs the function in a coroutine of the worker's state: the limits' hook can then
    /// yield out of it, past any `pcall` or `xpcall` handler, as it does in a task.
    private static func call(
        _ function: PortableFunction, _ arguments: [CopiedValue], in state: OpaquePointer, settings: WorkerSettings
    ) -> HostCall.Completion {
        let lua = Lua(state)
        let output = WorkerOutput()
        luaL_openlibs(state)
        clua_extraspace(state).pointee = Unmanaged.passUnretained(output).toOpaque()
        clua_limits_watch_shared(state, settings.instructions?.pointer)  // the hook also lets a stop in
        prepareGlobals(lua, settings: settings)
        var completion = HostCall.Completion(outcome: .success(.copied([])))
        guard let thread = lua_newthread(state) else { return completion }
        let co = Lua(thread)
        guard function.rebuild(in: co), co.ensureStack(Int32(clamping: arguments.count) + 1) else {
            completion.outcome = .failure(RaisedInWorker("to_thread: \(co.string(at: -1) ?? "cannot rebuild the function")"))
            return completion
        }
        for argument in arguments { co.push(argument) }
        var count: Int32 = 0
        let status = lua_resume(thread, state, Int32(arguments.count), &count)
        switch status {
        case LUA_OK:
            switch co.copiedValues(from: co.top - count + 1) {
            case .success(let results): completion.outcome = .success(.copied(results))
            case .failure(let refused):
                completion.outcome = .failure(RaisedInWorker("to_thread: result #\(refused.index - (co.top - count)) is "
                    + "\(refused.what), which cannot be copied back from a worker thread"))
            }
        case LUA_YIELD:
            completion.outcome = .failure(RaisedInWorker(
                "to_thread: coroutine.yield() outside a coroutine: the worker's function itself cannot yield"))
        default:
            var budget = CopiedValue.Budget()
            let raised = (try? co.copiedValue(at: -1, budget: &budget))
                ?? .string(Array("to_thread: the worker raised \(co.describeValue(at: -1)), which cannot be copied".utf8))
            completion.outcome = .failure(RaisedInWorker(raised))
        }
        if let limit = clua_limits_exceeded(state).map({ String(cString: $0) }) {
            completion = stopped(with: limit)
        }
        if !output.unfinished.isEmpty { output.lines.append(output.unfinished) }  // a last line without its newline
        completion.output = output.lines
        return completion
    }

    /// Installs `print` writing to the worker's own lines, the sandbox if the run has one,
    /// and the worker's seed.
    private static func prepareGlobals(_ lua: Lua, settings: WorkerSettings) {
        if settings.sandboxed {
            let source = String(decoding: PackageResources.sandbox_lua, as: UTF8.self)
            guard luaL_loadbufferx(lua.state, source, source.utf8.count, "@sandbox.lua", "t") == LUA_OK else {
                preconditionFailure("the sandbox does not compile: \(lua.string(at: -1) ?? "?")")
            }
            lua.push(writeText)
            lua.pushNil()  // no files in a worker
            lua.push(limitFailed)
            if clua_pcall(lua.state, 3, 0, 0) != LUA_OK { lua.pop() }
        } else {
            let source = """
                local write_text, select, tostring, concat = ...
                function print(...)
                    local n = select("#", ...)
                    local parts = { ... }
                    for i = 1, n do parts[i] = tostring(parts[i]) end
                    write_text(concat(parts, "\\t", 1, n) .. "\\n")
                end
                """
            if luaL_loadbufferx(lua.state, source, source.utf8.count, "=worker", "t") == LUA_OK {
                lua.push(writeText)
                _ = lua_getglobal(lua.state, "select")
                _ = lua_getglobal(lua.state, "tostring")
                _ = lua_getglobal(lua.state, "table")
                _ = lua.getField(-1, "concat")
                lua.remove(-2)
                _ = clua_pcall(lua.state, 4, 0, 0)
            }
        }
        _ = lua_getglobal(lua.state, "math")
        _ = lua.getField(-1, "randomseed")
        lua.push(Int(settings.seed))
        _ = clua_pcall(lua.state, 1, 0, 0)
        lua.pop()
    }

    /// write_text(text): the worker's output, kept in lines until it ends.
    private static let writeText: LuaFunction = { state in
        let lua = Lua(state!)
        let output = Unmanaged<WorkerOutput>.fromOpaque(clua_extraspace(state!)!.pointee!).takeUnretainedValue()
        guard let text = lua.bytes(at: 1) else { return 0 }
        output.bytes += text.count
        if output.bytes > outputCap {
            return lua.error("to_thread: a worker may print at most \(formatBytes(outputCap)) (its lines wait until it ends)")
        }
        TaskBindings.splitLines(text, unfinished: &output.unfinished) {
            output.lines.append($0)
        }
        return 0
    }

    private static let limitFailed: LuaFunction = { state in
        Lua(state!).push(clua_limits_exceeded(state!) != nil)
        return 1
    }
}

/// The lines a worker printed, and what it wrote of the next.
private final class WorkerOutput {
    var lines: [[UInt8]] = []
    var unfinished: [UInt8] = []
    var bytes = 0
}
