import CLua
import CLuaAwait
import LuaKit
import Scheduler

/// `asyncio.to_thread(fn, ...)`: runs a Lua function on a worker thread (`WorkerThreads`),
/// in a Lua state of its own, while the loop and other workers go on; the awaiting task waits
/// on a Swift task that awaits the worker.
///
/// The function is copied with what it closes over (`PortableFunction`), its arguments and
/// results as exact copies (`CopiedValue`). On a virtual clock the run stays repeatable: the worker is seeded
/// from the run's seed and the order of the call, its output is written when it completes,
/// and completions are delivered in the order the calls began (`EventLoop.deliverPosts`).
enum ToThread {
    static let attempt: LuaFunction = { state in
        let lua = Lua(state!)
        guard let task = HostCall.task(for: lua) else { return CLUA_AWAIT }
        guard lua.type(at: 1) == LUA_TFUNCTION else { return lua.typeError(1, "to_thread", expected: "function", at: 1) }
        let runtime = task.runtime
        let function: PortableFunction
        do {
            function = try PortableFunction.capture(lua, at: 1, library: runtime.standardLibrary)
        } catch {
            return lua.argumentError(1, "to_thread", "\(error)")
        }
        let arguments: [CopiedValue]
        switch lua.copiedValues(from: 2) {
        case .success(let values): arguments = values
        case .failure(let refused):
            return lua.argumentError(Int(refused.index), "to_thread", "\(refused.what) cannot be copied to a worker thread")
        }
        runtime.workersStarted += 1
        let settings = WorkerSettings(
            memory: runtime.memoryLimit, instructions: SharedInstructionBudget(of: runtime.mainState),
            sandboxed: runtime.isSandboxed, seed: runtime.randomSeed &+ Int64(runtime.workersStarted))
        let running = runtime.runningWorkers
        // The copies wait in Swift until the worker runs: they count against the memory limit.
        let footprint = function.footprint + arguments.reduce(0) { $0 + $1.footprint }
        return HostCall.launch("to_thread", from: lua, task: task, holding: footprint) {
            await Worker.run(function, arguments, settings: settings, running: running)
        }
    }
}
