import CLua
import CLuaWatch
import LuaKit
import Synchronization

/// What a `to_thread` worker inherits from its runtime: the limits and the sandbox, and a
/// seed of its own for `math.random`.
struct WorkerSettings: Sendable {
    var memory: Int?
    var instructions: Int?
    var sandboxed: Bool
    var seed: Int64
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

/// One worker's Lua state while it runs, and why it must stop, if it must: a stop may come
/// (from a cancel, from the wall limit) before the state exists, while it runs, or after.
final class WorkerSlot: Sendable {
    private let state = Mutex<(lua: UInt?, stop: String?)>((nil, nil))

    /// The worker's state is made: a stop that came first applies to it now.
    func attach(_ lua: OpaquePointer) {
        state.withLock { state in
            state.lua = UInt(bitPattern: lua)
            if let stop = state.stop { clua_limits_fail(lua, stop) }
        }
    }

    /// The state is about to be closed: stops no longer reach it.
    func detach() { state.withLock { $0.lua = nil } }

    func stop(_ message: String) {
        state.withLock { state in
            guard state.stop == nil else { return }
            state.stop = message
            if let lua = state.lua { clua_limits_fail(OpaquePointer(bitPattern: lua)!, message) }
        }
    }
}

/// A worker hit a limit of the run: the run stops, as it would for the loop's own.
struct WorkerLimit: Error {
    let message: String
}

/// What the worker's function raised, copied for the awaiting task to raise in turn.
struct RaisedInWorker: Error {
    let value: PlainValue
}

/// Runs a function in a Lua state of its own on the calling thread: the body of
/// `asyncio.to_thread`, on a thread of Swift's concurrency pool.
enum Worker {
    /// The most a worker may print before it is stopped (its lines wait in memory until it ends).
    static let outputCap = 16 << 20
    private static let cancelled = "cancelled"

    /// Rebuilds `function`, calls it with `arguments`, and copies its results out. The Lua
    /// runs on one of the `WorkerThreads` while the Swift task awaits it; a cancel of the
    /// Swift task stops the Lua at its next count hook.
    static func run(
        _ function: PortableFunction, _ arguments: [PlainValue], settings: WorkerSettings, running: RunningWorkers
    ) async -> HostCall.Completion {
        let slot = running.slot()
        defer { running.remove(slot) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                WorkerThreads.shared.run {
                    continuation.resume(returning: runHere(function, arguments, settings: settings, slot: slot))
                }
            }
        } onCancel: {
            slot.stop(cancelled)
        }
    }

    /// Makes the worker's state, runs the function in it, and closes it.
    private static func runHere(
        _ function: PortableFunction, _ arguments: [PlainValue], settings: WorkerSettings, slot: WorkerSlot
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

    private static func call(
        _ function: PortableFunction, _ arguments: [PlainValue], in state: OpaquePointer, settings: WorkerSettings
    ) -> HostCall.Completion {
        let lua = Lua(state)
        let output = WorkerOutput()
        luaL_openlibs(state)
        clua_extraspace(state).pointee = Unmanaged.passUnretained(output).toOpaque()
        clua_limits_watch(state, Int64(settings.instructions ?? 0))  // the hook also lets a cancel in
        let flush = prepareGlobals(lua, settings: settings)
        var completion = HostCall.Completion(outcome: .success([]))
        lua.push(Self.errorHandler)
        let handler = lua.top
        guard function.rebuild(in: lua) else {
            completion.outcome = .failure(RaisedInWorker(value: .string(lua.string(at: -1) ?? "to_thread: cannot rebuild")))
            return completion
        }
        for argument in arguments { lua.push(argument) }
        let status = clua_pcall(state, Int32(arguments.count), LUA_MULTRET, handler)
        if status == LUA_OK {
            var results: [PlainValue] = []
            if let refusal = lua.plainValues(from: handler + 1, into: &results) {
                completion.outcome = .failure(RaisedInWorker(value: .string(
                    "to_thread: result #\(refusal.argument - Int(handler)) is \(refusal.what), which cannot be copied back "
                        + "from a worker thread")))
            } else {
                completion.outcome = .success(results)
            }
        } else {
            var budget = PlainBudget.crossing
            let raised = lua.plainValue(at: -1, maxDepth: PlainBudget.crossingDepth, budget: &budget)
            completion.outcome = .failure(RaisedInWorker(value: raised))
        }
        if let limit = clua_limits_exceeded(state).map({ String(cString: $0) }) {
            completion.outcome = .failure(limit == cancelled ? CancellationError() : WorkerLimit(message: limit))
        } else if let flush {
            lua.pushRef(flush)
            _ = clua_pcall(state, 0, 0, 0)
        }
        completion.output = output.lines
        return completion
    }

    /// Installs `print` writing to the worker's own lines, the sandbox if the run has one,
    /// and the worker's seed; returns the sandbox's flush function, if any.
    private static func prepareGlobals(_ lua: Lua, settings: WorkerSettings) -> Int32? {
        var flush: Int32?
        if settings.sandboxed {
            let source = String(decoding: PackageResources.sandbox_lua, as: UTF8.self)
            guard luaL_loadbufferx(lua.state, source, source.utf8.count, "@sandbox.lua", "t") == LUA_OK else {
                preconditionFailure("the sandbox does not compile: \(lua.string(at: -1) ?? "?")")
            }
            lua.push(writeLine)
            lua.pushNil()  // no files in a worker
            lua.push(limitFailed)
            if clua_pcall(lua.state, 3, 1, 0) == LUA_OK { flush = lua.ref() } else { lua.pop() }
        } else {
            let source = """
                local write_line, select, tostring, concat = ...
                function print(...)
                    local n = select("#", ...)
                    local parts = { ... }
                    for i = 1, n do parts[i] = tostring(parts[i]) end
                    write_line(concat(parts, "\\t", 1, n))
                end
                """
            if luaL_loadbufferx(lua.state, source, source.utf8.count, "=worker", "t") == LUA_OK {
                lua.push(writeLine)
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
        return flush
    }

    /// Keeps string errors as they are (their "file:line:" already says where).
    private static let errorHandler: LuaFunction = { _ in 1 }

    /// write_line(text): one line of the worker's output, kept until it ends.
    private static let writeLine: LuaFunction = { state in
        let lua = Lua(state!)
        let output = Unmanaged<WorkerOutput>.fromOpaque(clua_extraspace(state!)!.pointee!).takeUnretainedValue()
        var length = 0
        guard let bytes = lua_tolstring(state, 1, &length) else { return 0 }
        output.bytes += length + 1
        if output.bytes > outputCap {
            return lua.error("to_thread: a worker may print at most \(formatBytes(outputCap)) (its lines wait until it ends)")
        }
        output.lines.append(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        return 0
    }

    private static let limitFailed: LuaFunction = { state in
        Lua(state!).push(clua_limits_exceeded(state!) != nil)
        return 1
    }
}

/// The lines a worker printed.
private final class WorkerOutput {
    var lines: [[UInt8]] = []
    var bytes = 0
}
