import CLua
import CLuaWatch
import LuaKit
import Scheduler

/// A task whose body is a Lua thread.
///
/// The thread is the user value of the task's Lua handle (a userdata), and the handle is
/// anchored in a registry slot (`TaskAnchors`) while the task is unfinished. (Scripts
/// cannot reach the user value: `debug.getuservalue` and `setuservalue` are withheld.) When the task ends, its
/// results, or its error object, stay on the thread's stack for `await`.
final class LuaTask: LoopTask {
    /// The runtime outlives its tasks.
    private let runtimeRef: Uncounted<Runtime>
    var runtime: Runtime { runtimeRef.object }
    /// Nil once Lua collected the handle; nothing may touch the thread after that.
    private(set) var thread: OpaquePointer?
    /// Anchors the handle while the task is unfinished (LUA_NOREF after).
    var handleRef: Int32 = LUA_NOREF
    /// How many results a returned task left on its stack.
    private(set) var resultCount: Int32 = 0
    /// Short sleeps in a row with nothing else waking the task (polling), and whether that
    /// was reported already.
    var shortSleepsInARow: Int32 = 0
    var pollingReported = false
    /// Whether anyone looked at the task's error (awaited it, asked for it).
    var errorRetrieved = false
    /// Whether an await of the task ever raised its own cancellation (only then can it have
    /// swallowed one: a cancel passed on to what it awaited may never come back as an error).
    var receivedCancel = false
    /// `runtime.activity` when the task was last resumed.
    var activityAtResume = 0
    /// Whether the task's last yield came from an awaiting method that parked it (it yields
    /// nothing): a plain wakeup resumes it with nothing either, where a request's gets `true`.
    private var parkedItself = false
    /// What few tasks need, kept apart so that a plain task stays small.
    private var extras: Extras?

    final class Extras {
        var requestError: String?
        var doneCallbacks: [DoneCallback] = []
        var failure: (message: String, traceback: String)?
        var errorPath: ErrorPath?
        var lastDelivered: (error: LuaTask, at: String)?
        var cancelDeliveredAt: String?
        var hostOutcome: Result<HostCall.Results, any Error>?
        /// Bytes of script text the host copied for the task, counted against the memory limit.
        var heldTextBytes = 0
    }

    private var ensuredExtras: Extras {
        if let extras { return extras }
        let made = Extras()
        extras = made
        return made
    }

    /// Why the pending await failed, when the request itself was invalid.
    var requestError: String? {
        get { extras?.requestError }
        set { ensuredExtras.requestError = newValue }
    }
    /// Lua functions to call when the task is done.
    var doneCallbacks: [DoneCallback] {
        get { extras?.doneCallbacks ?? [] }
        set { ensuredExtras.doneCallbacks = newValue }
    }
    /// What the host call the task awaited gave, until the awaiting function reads it.
    var hostOutcome: Result<HostCall.Results, any Error>? {
        get { extras?.hostOutcome }
        set { if newValue != nil || extras != nil { ensuredExtras.hostOutcome = newValue } }
    }
    /// "file:line: message" and the traceback, for a task that failed.
    var failure: (message: String, traceback: String)? {
        get { extras?.failure }
        set { ensuredExtras.failure = newValue }
    }

    // What timelines ask (LuaTask+Timeline.swift).
    override func describeBody() -> (name: String?, isChunk: Bool) { bodyOnThread() }
    override var waitSite: String? { hasThread ? runtime.location(of: lua) : nil }
    override var waitSiteKey: TraceKey? { hasThread ? runtime.locationKey(of: lua) : nil }
    override var waitLibrary: String? { hasThread && Self.waitsInsideSim(lua.state) ? "sim" : nil }
    override var failureSummary: String? { failure?.message }

    /// Where a failed task's error was raised, and the awaits that carried it here.
    var errorPath: ErrorPath? {
        get { extras?.errorPath }
        set { ensuredExtras.errorPath = newValue }
    }
    /// The failed task whose error an await of this task raised last, and at which line:
    /// if this task then fails with that same error, it carried it.
    var lastDelivered: (error: LuaTask, at: String)? {
        get { extras?.lastDelivered }
        set { if newValue != nil || extras != nil { ensuredExtras.lastDelivered = newValue } }
    }

    /// The script's line of the await that last raised CancelledError in the task.
    var cancelDeliveredAt: String? {
        get { extras?.cancelDeliveredAt }
        set { ensuredExtras.cancelDeliveredAt = newValue }
    }

    init(runtime: Runtime, thread: OpaquePointer) {
        self.runtimeRef = Uncounted(runtime)
        self.thread = thread
        super.init(loop: runtime.loop)
    }

    /// Lua collected the handle, and with it the thread.
    func handleWasCollected() {
        thread = nil
        if let held = extras?.heldTextBytes, held > 0 {
            clua_limits_account(runtime.mainState, -Int64(held))
            extras?.heldTextBytes = 0
        }
    }

    /// Counts the script text the host keeps for the task (a name it was given, a cancel
    /// message, its error and traceback) against the memory limit, until Lua collects the
    /// handle: two thousand tasks named with an 8 MiB string are 16 GiB of the host's memory.
    func recountHeldText() {
        var held = (customName?.utf8.count ?? 0) + (cancelMessage?.utf8.count ?? 0)
        if let failure { held += failure.message.utf8.count + failure.traceback.utf8.count }
        let before = extras?.heldTextBytes ?? 0
        guard held != before else { return }
        ensuredExtras.heldTextBytes = held
        clua_limits_account(runtime.mainState, Int64(held - before))
    }

    var hasThread: Bool { thread != nil }

    /// Whether `state` is this task's own thread.
    @inline(__always)
    func runs(on state: OpaquePointer) -> Bool { thread == state }

    var lua: Lua {
        guard let thread else { preconditionFailure("\(name): its Lua thread was used after collection") }
        return Lua(thread)
    }

    /// Resumes the thread until it awaits, returns or fails.
    override func step() {
        runtimeRef.borrow { step(in: $0) }
    }

    /// The runtime is lent, not retained: each call made with it otherwise retains it.
    @inline(__always)
    private func step(in runtime: Runtime) {
        let lua = self.lua
        var arguments: Int32
        if !hasStarted {
            if resumption == .byCancellation { return finishCancelledBeforeStart() }
            arguments = lua.top - 1  // [fn, args...]
        } else if let requestError = extras?.requestError {
            self.requestError = nil
            lua.pushNil()
            lua.push(requestError)
            arguments = 2
        } else if resumption == .normally {
            if parkedItself {
                arguments = 0
            } else {
                lua.push(true)
                arguments = 1
            }
        } else if case .byFailure(let failure) = resumption {
            lua.pushNil()
            switch failure {
            case .queueShutDown: runtime.pushError(.queueShutDown, nil, on: lua)
            case .abandoned: lua.pushNil()  // the relay that carried it answers instead
            }
            arguments = 2
        } else {
            receivedCancel = true
            cancelDeliveredAt = runtime.location(of: lua)
            lua.push(false)
            if let cancelMessage { lua.push(cancelMessage) } else { lua.pushNil() }
            arguments = 2
        }
        var results: Int32 = 0
        activityAtResume = runtime.activity
        runtime.chargeHostWork()
        let watched = runtime.tracksResumes
        if watched { clua_watch_resuming(lua.state) }
        let status = lua_resume(lua.state, runtime.mainState, arguments, &results)
        if watched { runtime.noteSlowStretch(of: self) }
        switch status {
        case LUA_YIELD:
            // An awaiting method parked the task and yielded nothing: the common path. (A bare
            // `coroutine.yield()`, or the limits hook's yield, leaves it running.)
            parkedItself = results == 0 && phase != .running
            if !parkedItself { afterYield(of: results, in: runtime) }
        case LUA_OK where hasUndeliveredCancel:
            // Cancelled while it ran, and it returned before awaiting again: it ends
            // cancelled all the same (asyncio's Task.__step does this).
            lua.setTop(0)
            runtime.pushError(.cancelled, cancelMessage, on: lua)
            end(.cancelled)
        case LUA_OK:
            resultCount = results
            end(.returned)
        default:
            fail(status: status)
        }
        // A host call made in a coroutine whose request never reached the loop (its await
        // was refused) is dropped, unstarted.
        if !runtime.relayedHostCalls.isEmpty {
            for call in runtime.relayedHostCalls.values { call.letGo() }
            runtime.relayedHostCalls.removeAll()
        }
    }

    /// The task yielded `results` values without having parked itself: an await request
    /// (the marker first), the limits hook, or a bare yield.
    private func afterYield(of results: Int32, in runtime: Runtime) {
        let lua = self.lua
        if results > 1 && lua.toUserdata(-results) == runtime.requestMarker {
            runtime.perform(lua, requestAt: lua.top - results + 2, count: results - 1, for: self)
            lua.pop(results)
        } else if runtime.limitHit != nil {
            lua.pop(results)  // the limits hook yielded it: the run stops at this turn
            runtime.loop.yieldNow(self)
        } else {
            lua.pop(results)
            failOnBareYield()
        }
    }

    private func finishCancelledBeforeStart() {
        let lua = self.lua
        lua.setTop(0)
        runtime.pushError(.cancelled, cancelMessage, on: lua)
        end(.cancelled)
    }

    /// A plain `coroutine.yield` at the task's top level has no resumer to go to.
    private func failOnBareYield() {
        let lua = self.lua
        let message = "\(runtime.location(of: lua) ?? name): coroutine.yield() outside a coroutine: a task's "
            + "own code can only suspend through asyncio (asyncio.sleep(0) gives other tasks a turn)"
        _ = clua_closethread(lua.state, runtime.mainState)
        lua.setTop(0)
        lua.push(message)
        failure = (message, "")
        runtime.failedTasks.append(self)
        end(.failed)
    }

    /// Records the error on the dead thread, runs its pending to-be-closed variables, and ends.
    private func fail(status: Int32) {
        let lua = self.lua
        // The error is read on the main state: a thread that overflowed its stack has no
        // slot free for the values this pushes (lua_checkstack there could only fail).
        let main = runtime.vm.lua
        lua_xmove(lua.state, main.state, 1)  // main: [error]
        let cancelled = runtime.isError(.cancelled, at: -1, on: main)
        if !cancelled {
            let message = runtime.describe(errorAt: -1, on: main, limit: Runtime.clippedLength)
            _ = clua_safetraceback(main.state, lua.state)
            let traceback = main.string(at: -1) ?? ""
            main.pop()
            errorPath = runtime.errorPath(of: self, failingWithErrorAt: -1, on: main)
            // A carried error keeps the traceback of where it was raised.
            if errorPath?.isCarried != true, main.type(at: -1) == LUA_TTABLE, runtime.isTideError(at: -1, on: main) {
                main.push(traceback)
                main.setField(-2, "traceback")
            }
            failure = (message, Runtime.userFacing(traceback: traceback))
            recountHeldText()
        }
        lua_xmove(main.state, lua.state, 1)  // back on top, where closing the thread keeps it
        // Closing runs pending __close handlers; an error there replaces the task's error.
        // Not once a limit has ended the run: a limit raised where nothing could yield
        // leaves hooks off on this thread, and the handlers would run unlimited.
        if runtime.limitHit == nil { _ = clua_closethread(lua.state, runtime.mainState) }
        lua.setTop(1)  // [error]
        if cancelled {
            end(.cancelled)
        } else {
            runtime.failedTasks.append(self)
            end(.failed)
        }
    }

    private func end(_ outcome: Outcome) {
        loop.finish(self, outcome)  // schedules the done callbacks
        // As in asyncio, scheduled callbacks are no longer the task's: removing one now
        // removes nothing (and the call that runs is the one that releases it).
        if extras?.doneCallbacks.isEmpty == false { extras?.doneCallbacks = [] }
        runtime.noteFinished(self)
        if handleRef != LUA_NOREF {
            runtime.taskAnchors.release(handleRef, on: runtime.vm.lua)
            handleRef = LUA_NOREF
        }
    }

    // MARK: Reading the outcome

    /// Stack: [-0, +n] pushes the task's results onto `target`, or its error; returns
    /// the count, or `Lua.raise` with the error on top.
    func pushOutcome(on target: Lua) -> Int32 {
        let lua = self.lua
        switch outcome {
        case .returned:
            guard target.ensureStack(resultCount + 1) else { return target.error("too many results to return") }
            for index in stride(from: 1, through: resultCount, by: 1) {
                lua.pushCopy(of: index)
                lua_xmove(lua.state, target.state, 1)
            }
            return resultCount
        case .failed, .cancelled:
            errorRetrieved = true
            if outcome == .failed { runtime.noteDelivery(ofErrorOf: self, to: target) }
            lua.pushCopy(of: 1)
            lua_xmove(lua.state, target.state, 1)
            return Lua.raise
        case nil:
            return runtime.raise(.invalidState, "Result is not set.", on: target)
        }
    }

    /// Stack: [-0, +1] pushes the first result of a task that returned (nil when it
    /// returned nothing); false, pushing nothing, for any other task.
    func pushFirstResult(on target: Lua) -> Bool {
        guard outcome == .returned else { return false }
        if resultCount == 0 {
            target.pushNil()
        } else {
            lua.pushCopy(of: 1)
            lua_xmove(lua.state, target.state, 1)
        }
        return true
    }

    /// Stack: [-0, +1] pushes the error object of a failed or cancelled task.
    func pushError(on target: Lua) {
        lua.pushCopy(of: 1)
        lua_xmove(lua.state, target.state, 1)
    }

    /// Stack: [-0, +1] pushes this task's Lua handle (it must still exist).
    func pushHandle(on target: Lua) -> Bool {
        if handleRef != LUA_NOREF {
            target.pushRef(handleRef)
            return true
        }
        return false
    }
}
