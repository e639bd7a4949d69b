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

/// The Lua states of the workers running now, so that a wall-time limit stops them too.
final class RunningWorkers: Sendable {
    private let states = Mutex<Set<UInt>>([])

    func add(_ state: OpaquePointer) { _ = states.withLock { $0.insert(UInt(bitPattern: state)) } }
    func remove(_ state: OpaquePointer) { _ = states.withLock { $0.remove(UInt(bitPattern: state)) } }

    /// Ends the worker on `state` with `message`, if it still runs (any thread may call
    /// this: a state leaves the set before it is closed).
    func stop(_ state: UInt, _ message: String) {
        states.withLock { states in
            if states.contains(state) { clua_limits_fail(OpaquePointer(bitPattern: state)!, message) }
        }
    }

    /// Ends every running worker with the limit's message (any thread may call this).
    func stopAll(_ message: String) {
        states.withLock { states in
            for state in states { clua_limits_fail(OpaquePointer(bitPattern: state)!, message) }
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

    /// Rebuilds `function`, calls it with `arguments`, and copies its results out. A
    /// cancel of the Swift task stops the Lua code at its next count hook.
    static func run(
        _ function: PortableFunction, _ arguments: [PlainValue], settings: WorkerSettings, running: RunningWorkers
    ) async -> HostCall.Completion {
        guard let state = clua_limits_newstate(settings.memory ?? 0) else {
            return HostCall.Completion(outcome: .failure(WorkerLimit(message: "memory limit exceeded")))
        }
        let allocatorData = clua_limits_allocator_data(state)
        defer {
            lua_close(state)
            clua_limits_release(allocatorData)
        }
        running.add(state)
        defer { running.remove(state) }
        let address = UInt(bitPattern: state)
        return await withTaskCancellationHandler {
            call(function, arguments, in: OpaquePointer(bitPattern: address)!, settings: settings)
        } onCancel: {
            running.stop(address, cancelled)
        }
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
            completion.outcome = .failure(RaisedInWorker(value: lua.plainValue(at: -1, maxDepth: 32)))
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
