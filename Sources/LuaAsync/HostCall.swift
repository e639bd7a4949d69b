import CLua
import CLuaAwait
import CLuaWatch
import LuaKit
import Scheduler

/// One call of work outside the loop that a Lua task awaits: a host function's Swift task,
/// or a `to_thread` worker. Its outcome comes back through the loop's door.
final class HostCall {
    /// What the work gave: its results or error, and the lines it printed (a worker's,
    /// written when it completes, so that output does not depend on thread timing).
    struct Completion: Sendable {
        var outcome: Result<Results, any Error>
        var output: [[UInt8]] = []
    }

    /// What comes back: values for Swift (a host function's), or exact Lua copies (a worker's).
    enum Results: Sendable {
        case plain([PlainValue])
        case copied([CopiedValue])
    }

    /// The deepest a host function's result may nest (pushing it recurses).
    static let deepestResult = 200

    let name: String
    private unowned let runtime: Runtime
    private let body: @Sendable () async -> Completion
    private var swiftTask: Task<Void, Never>?
    private var waiter: LuaTask?
    private var wait: ExternalWait?
    /// Bytes of copies the call holds for the script, counted against the memory limit
    /// until it completes.
    private var heldBytes: Int

    private init(name: String, runtime: Runtime, heldBytes: Int, body: @escaping @Sendable () async -> Completion) {
        self.name = name
        self.runtime = runtime
        self.heldBytes = heldBytes
        self.body = body
        if heldBytes > 0 { clua_limits_account(runtime.mainState, Int64(heldBytes)) }
    }

    /// Gives back what the call held against the memory limit (once).
    func letGo() {
        if heldBytes > 0 { clua_limits_account(runtime.mainState, -Int64(heldBytes)) }
        heldBytes = 0
    }

    /// Starts the work on Swift concurrency, counted as outside work in flight.
    private func start() {
        let work = runtime.loop.door.beginWork()
        let bound = LoopBound(self)
        swiftTask = Task { [body] in
            let completion = await body()
            work.complete { bound.value.completed(completion) }
        }
    }

    /// Starts `body` for the awaiting function running on `lua` and suspends the task on
    /// it: at once on the task's own thread; inside a coroutine of the task, once the
    /// request that the prelude relays reaches the loop (a request that cannot get there, as
    /// from a coroutine inside a sort comparator, starts nothing). Returns what the awaiting
    /// function's attempt returns.
    static func launch(
        _ name: String, from lua: Lua, task: LuaTask, holding heldBytes: Int = 0,
        _ body: @escaping @Sendable () async -> Completion
    ) -> Int32 {
        let runtime = task.runtime
        runtime.chargeHostWork()
        let call = HostCall(name: name, runtime: runtime, heldBytes: heldBytes, body: body)
        if task.runs(on: lua.state) {
            call.start()
            call.park(task)
            return CLUA_PARKED
        }
        runtime.nextHostCallID += 1
        runtime.relayedHostCalls[runtime.nextHostCallID] = call
        lua.push(AwaitRequest.hostCall.rawValue)
        lua.push(runtime.nextHostCallID)
        return CLUA_AWAIT
    }

    /// The relayed request reached the loop: the work starts, and the task waits for it.
    func startAndPark(_ task: LuaTask) {
        start()
        park(task)
    }

    /// Suspends the running `task` until the call completes; a cancel of it cancels the call.
    private func park(_ task: LuaTask) {
        waiter = task
        let wait = ExternalWait(task, waitingFor: name == "to_thread" ? "to_thread (a worker thread runs it)"
            : "\(name) (host work in flight)")
        wait.onCancel = { [swiftTask] in swiftTask?.cancel() }
        self.wait = wait
    }

    /// The work is over: its output is written, its outcome goes to the waiting task, which
    /// wakes (to raise CancelledError if it was cancelled meanwhile).
    private func completed(_ completion: Completion) {
        swiftTask = nil
        letGo()
        // A cancelled worker's lines depend on when the cancel reached it: left out, so that
        // a virtual run stays repeatable.
        if wait?.cancelRequested != true {
            for line in completion.output { runtime.writeLine(line) }
        }
        if case .failure(let limit as WorkerLimit) = completion.outcome {
            // "… exceeded in a to_thread worker at worker.lua:2": the line stays last.
            let message = limit.message
            let split = message.firstRange(of: " at ")?.lowerBound ?? message.endIndex
            Runtime.failLimit(runtime.mainState, "\(message[..<split]) in a to_thread worker\(message[split...])")
        }
        guard let waiter, let wait else { return }
        if !wait.cancelRequested { waiter.hostOutcome = completion.outcome }
        wait.finish()
        self.waiter = nil
        self.wait = nil
    }

    /// Whether the awaiting function may start work here: in a task, where it can suspend.
    /// Otherwise it pushes a request for its closure to refuse ("cannot await here").
    static func task(for lua: Lua) -> LuaTask? {
        if lua_isyieldable(lua.state) != 0, let task = Runtime.from(lua).currentTask { return task }
        lua.push(AwaitRequest.hostCall.rawValue)
        return nil
    }

    /// The finish of every awaiting function built on host calls: the results, or the error
    /// (an `asyncio.HostError`, or what a worker raised, copied).
    static let finish: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let task = runtime.currentTask, let outcome = task.hostOutcome else { return 0 }
        task.hostOutcome = nil
        switch outcome {
        case .success(.plain(let values)):
            guard lua.ensureStack(Int32(clamping: values.count) + 1) else { return lua.error("too many results") }
            if values.contains(where: { $0.nestsDeeper(than: deepestResult) }) {
                return lua.error("a host function returned a value nested deeper than \(deepestResult) levels")
            }
            for value in values { lua.push(value) }
            return Int32(values.count)
        case .success(.copied(let values)):
            guard lua.ensureStack(Int32(clamping: values.count) + 1) else { return lua.error("too many results") }
            for value in values { lua.push(value) }
            return Int32(values.count)
        case .failure(let raised as RaisedInWorker):
            lua.push(raised.value)
            return Lua.raise
        case .failure(let error):
            let failure = HostError(describing: error)
            runtime.pushError(.hostError, failure.message, on: lua)
            lua.push(failure.type)
            lua.setField(-2, "type")
            return Lua.raise
        }
    }
}
