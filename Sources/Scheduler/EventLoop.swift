import DequeModule
#if canImport(Glibc)
import Glibc
#endif

/// asyncio's event loop: a FIFO ready queue and a timer heap, driven by one clock.
///
/// `runTask` is the only place task bodies run; everything else only enqueues. Each turn
/// first readies every task whose timer is due, then runs the tasks that were ready when
/// the turn began (asyncio's `_run_once`), so work scheduled during a turn waits for the next.
public final class EventLoop {
    public let clock: LoopClock
    /// Told about every step, when set (traces and timelines).
    public var tracer: LoopTracer?
    /// The way in from other threads, and the count of outside work in flight.
    public let door = LoopDoor()
    /// Told `true` before the loop goes to sleep in an idle wait and `false` once it wakes:
    /// what samples the loop (the slow-task watch) pauses meanwhile.
    public var sleepsWhileIdle: ((_ asleep: Bool) -> Void)?
    /// Told when a virtual clock has waited `patienceForOutsideWork` for outside work while
    /// a timer is due: from then on it moves on without waiting (`virtualTimeOutranOutsideWork`).
    public var outsideWorkHoldsTime: (() -> Void)?
    public internal(set) var virtualTimeOutranOutsideWork = false
    /// Real nanoseconds a virtual clock waits on outside work, while a timer is due, before it
    /// moves on without it: long enough that no loaded machine makes a sound run differ,
    /// short enough that a worker that never ends cannot hold a run for good.
    public var patienceForOutsideWork: Int64 = 60_000_000_000
    /// Completions that arrived ahead of earlier work, held on a virtual clock so that
    /// they are delivered in the order the work began (by that order).
    var heldCompletions: [UInt64: LoopDoor.Job] = [:]
    var lastDelivered: UInt64 = 0
    #if DEBUG
    /// The thread that runs the loop now, for the debug-build confinement check.
    var ownerThread: pthread_t?
    #endif
    /// The task whose body is running, if any.
    public var current: LoopTask? { running?.object }
    private var running: Uncounted<LoopTask>?

    /// Lends the running task, if any, as `Task` (the subclass every task of this loop
    /// is), without counting a reference to it; nil when no task runs. (A downcast, or an
    /// optional, reference was retained around each park.)
    @inline(__always)
    public func withCurrent<Task: LoopTask, Result>(as _: Task.Type, _ body: (Task) -> Result) -> Result? {
        guard let running else { return nil }
        assert(running.object is Task, "withCurrent(as: \(Task.self)): the running task is a \(type(of: running.object))")
        return Unmanaged<Task>.fromOpaque(running.reference.toOpaque())._withUnsafeGuaranteedRef(body)
    }
    /// How many tasks are unfinished.
    public private(set) var liveCount = 0
    /// The unfinished tasks, a list linked through the tasks themselves in creation order,
    /// so that starting and finishing a task costs no hashing and no allocation.
    private var firstLive: LoopTask?
    private unowned(unsafe) var lastLive: LoopTask?
    /// The task that finished in the step running now: the ready queue does not count its
    /// references, so this keeps it alive until its step has returned.
    private var finishedInStep: LoopTask?

    /// Tasks in the order they run, and `nil` where the next of `callbacks` runs. Entries
    /// are not reference-counted: every task here is unfinished, so the live list owns it.
    private var ready = ReadyQueue()
    private var callbacks = Deque<() -> Void>()
    /// Internal for tests, which look at its size.
    let timers = TimerQueue()
    /// How many tasks sleep on a timer now, the most there ever were, and when that was.
    public private(set) var sleeping = 0
    public private(set) var peakSleeping = 0
    public private(set) var peakSleepingAt: Int64 = 0
    private var taskCount = 0
    private var finishedCount = 0
    private var serials: [String: Int] = [:]

    public init(clock: LoopClock) {
        self.clock = clock
        virtualClock = clock as? VirtualClock
    }

    /// The clock, when it is virtual: jumping it needs no await (an async call through the
    /// protocol cost a task switch per turn, a fiftieth of a timer).
    let virtualClock: VirtualClock?

    /// Loop time in ticks (nanoseconds since the loop started).
    @inline(__always) public var now: Int64 { clock.now }

    /// Whether each wait notes when it began (`LoopTask.waitingSince`, for the REPL's
    /// `:tasks`): off by default, as it costs a clock read per wait.
    public var recordsWaitTimes = false

    /// Whether anything is ready to run now.
    public var hasReadyWork: Bool { !ready.isEmpty }

    /// The deadline of the earliest live timer, if any.
    public var nextDeadline: Int64? { timers.nextDeadline() }

    // MARK: Registration

    /// How many tasks were ever created.
    public var createdTasks: Int { taskCount }

    func registerTask() -> Int {
        taskCount += 1
        return taskCount
    }

    /// The unfinished tasks, in the order they were created.
    public var liveTasks: [LoopTask] {
        var tasks: [LoopTask] = []
        tasks.reserveCapacity(liveCount)
        var next = firstLive
        while let task = next {
            tasks.append(task)
            next = task.nextLive
        }
        return tasks
    }

    /// Adds a new task to the live list and schedules its first step.
    public func start(_ task: LoopTask) {
        precondition(task.phase == .scheduled && !task.hasStarted, "a task starts once")
        if let last = lastLive {
            last.nextLive = task
            task.previousLive = last
        } else {
            firstLive = task
        }
        lastLive = task
        liveCount += 1
        ready.append(QueuedTask(task))
        tracer?.taskStarted(task, at: now)
    }

    private func unlinkLive(_ task: LoopTask) {
        let next = task.nextLive
        if let previous = task.previousLive { previous.nextLive = next } else { firstLive = next }
        if let next { next.previousLive = task.previousLive } else { lastLive = task.previousLive }
        task.nextLive = nil
        task.previousLive = nil
        liveCount -= 1
    }

    /// The next serial number for objects of `kind` (`Queue#1`, `Queue#2`, …).
    public func nextSerial(for kind: String) -> Int {
        let serial = (serials[kind] ?? 0) + 1
        serials[kind] = serial
        return serial
    }

    // MARK: Scheduling

    /// Runs `callback` at the next turn, outside any task.
    public func callSoon(_ callback: @escaping () -> Void) {
        callbacks.append(callback)
        ready.append(nil)
    }

    /// Runs `callback` at `deadline` unless the returned handle is cancelled first.
    @discardableResult
    public func callAt(_ deadline: Int64, _ callback: @escaping () -> Void) -> TimerHandle {
        let handle = TimerHandle(deadline: deadline, callback: callback)
        handle.slot = timers.add(deadline, .fire(handle))
        return handle
    }

    /// Disarms a timer; cancelling one that fired or was cancelled does nothing.
    public func cancelTimer(_ handle: TimerHandle) {
        guard !handle.isCancelled else { return }
        handle.cancel()
        timers.cancel(slot: handle.slot)
    }

    /// Parks the running task until `deadline` (asyncio.sleep with a positive delay).
    public func sleep(_ task: LoopTask, until deadline: Int64) {
        task.sleepTimer = UInt64(timers.add(deadline, .wake(QueuedTask(task)))) + 1
        suspend(task, on: sleepSource)
        sleeping += 1
        if sleeping > peakSleeping {
            peakSleeping = sleeping
            peakSleepingAt = now
        }
    }

    /// Puts the running task back at the end of the ready queue (asyncio.sleep(0)).
    public func yieldNow(_ task: LoopTask) {
        precondition(task.phase == .running, "only the running task can yield")
        task.phase = .scheduled
        ready.append(QueuedTask(task))
    }

    /// Parks `task` on `source`; the source wakes it later with `wake`.
    @inline(__always)  // into each primitive's park: the call cost a wait more than the work
    public func suspend(_ task: LoopTask, on source: WaitSource) {
        precondition(task.phase == .running, "only the running task can wait (\(task) is \(task.phase))")
        task.phase = .waiting
        task.waitingOn = source
        if recordsWaitTimes { task.waitingSince = now }
    }

    /// Makes a waiting task ready; its await returns normally when it runs.
    public func wake(_ task: LoopTask) {
        precondition(task.phase == .waiting, "wake: \(task) is \(task.phase), not waiting")
        task.phase = .scheduled
        ready.append(QueuedTask(task))
        tracer?.taskWoken(task, by: current, at: now)
    }

    /// Makes a queued waiting task ready, without counting a reference to it.
    @inline(__always)
    func wake(_ queued: QueuedTask) { queued.borrow { wake($0) } }

    func wake(_ queued: QueuedTask, failing failure: WaitFailure) { queued.borrow { wake($0, failing: failure) } }

    /// Makes a waiting task ready; its await fails with `failure` when it runs.
    public func wake(_ task: LoopTask, failing failure: WaitFailure) {
        wake(task)
        task.waitingOn = nil
        task.resumption = .byFailure(failure)
    }

    /// Finishes the running task and wakes everything waiting for it.
    public func finish(_ task: LoopTask, _ outcome: LoopTask.Outcome) {
        precondition(task.phase == .running || !task.hasStarted, "finish: \(task) is \(task.phase)")
        task.phase = .done
        task.outcome = outcome
        finishedCount += 1
        task.finishOrder = finishedCount
        tracer?.taskFinished(task, at: now)
        task.forgetLastWaitSource()
        finishedInStep = task  // the live list let go of it; runTask still needs it
        unlinkLive(task)
        task.notifyObservers()
    }

    // MARK: Cancellation

    /// Requests cancellation of `task` (asyncio's `Task.cancel`); false if it is done.
    ///
    /// A waiting task is woken at once to raise CancelledError at its await; a running one
    /// raises it at its next await; a scheduled one raises it at the await it is leaving.
    @discardableResult
    public func cancel(_ task: LoopTask, message: String? = nil) -> Bool {
        if task.phase == .done { return false }
        task.cancelMessage = message
        tracer?.taskCancelRequested(task, by: current, at: now)
        switch task.phase {
        case .done:
            return false
        case .running:
            task.cancelWhenSuspended = true
        case .waiting:
            task.cancelIsWithdrawable = false
            // Forward to what it awaits, unless this cancel came round a cycle of awaits
            // back to a task already forwarding one: that one is interrupted instead.
            if !task.isForwardingCancel, let source = task.waitingOn {
                task.isForwardingCancel = true
                let forwarded = source.forwardCancel(of: task)
                task.isForwardingCancel = false
                if forwarded { break }
            }
            interrupt(task)
            ready.append(QueuedTask(task))
            tracer?.taskWoken(task, by: current, at: now)
        case .scheduled:
            task.cancelIsWithdrawable = task.waitingOn == nil
            if let source = task.waitingOn {
                task.waitingOn = nil
                source.withdraw(task)
            }
            task.resumption = .byCancellation
        }
        task.cancelRequests += 1
        return true
    }

    /// Takes `task` off its wait without cancelling it, because what it waited for no longer
    /// matters (the coroutine that made the await was closed). Like a cancel, it passes on a
    /// wakeup it was handed (a queue item, a lock); a cancel already on its way stays.
    public func abandonWait(of task: LoopTask) {
        switch task.phase {
        case .waiting:
            task.phase = .scheduled
            ready.append(QueuedTask(task))
            tracer?.taskWoken(task, by: current, at: now)
        case .scheduled where task.resumption == .normally:
            break
        default:
            return
        }
        let source = task.waitingOn
        task.waitingOn = nil
        task.resumption = .byFailure(.abandoned)
        source?.withdraw(task)
    }

    /// Takes a waiting task off its wait so that it resumes by cancellation.
    private func interrupt(_ task: LoopTask) {
        let source = task.waitingOn
        task.waitingOn = nil
        task.phase = .scheduled
        task.resumption = .byCancellation
        source?.withdraw(task)
    }

    // MARK: Running

    /// Runs one turn: readies due timers, then runs what was ready when the turn began.
    public func runOnce() {
        checkConfinement()
        fireDueTimers()
        var count = ready.count  // (nothing but this takes entries off)
        while count > 0 {
            count -= 1
            if let task = ready.removeFirst() {
                task.borrow { runTask($0) }
            } else {
                callbacks.removeFirst()()
            }
        }
    }

    /// Runs turns until `isFinished` holds or nothing can run; waits for timers and for
    /// outside work as needed.
    ///
    /// Returns `.finished`; `.stalled` when no task is ready, no timer is set and no outside
    /// work is in flight (the tasks still waiting can never be woken); or, on a virtual
    /// clock, `.livelocked` when tasks keep yielding at one instant so long that time cannot
    /// reach the next timer.
    public func run(until isFinished: () -> Bool) async throws -> RunEnd {
        claim()
        defer { release() }
        var turnsWithoutTime = 0
        var turnsAtInstant = 0
        var lastTime = clock.now
        let virtual = clock.isVirtual
        while !isFinished() {
            if virtual {
                // Tasks that keep yielding leave no idle point for outside work to come in at.
                if clock.now == lastTime, !ready.isEmpty {
                    turnsAtInstant += 1
                    if turnsAtInstant % Self.outsideWorkTurns == 0, !door.isQuiet || !heldCompletions.isEmpty {
                        try await awaitNextCompletion()
                    }
                } else {
                    turnsAtInstant = 0
                }
                // Tasks that only ever yield keep a virtual clock from reaching its timers.
                if clock.now == lastTime, !ready.isEmpty, nextDeadline != nil {
                    turnsWithoutTime += 1
                    if turnsWithoutTime > Self.livelockTurns { return .livelocked }
                } else {
                    turnsWithoutTime = 0
                    lastTime = clock.now
                }
            } else if door.hasEntries {
                deliverPosts()
            }
            if ready.isEmpty {
                if let virtualClock, door.isQuiet, heldCompletions.isEmpty {
                    // The common virtual case, without an async call: jump to the next timer.
                    guard let deadline = nextDeadline else { return .stalled }
                    virtualClock.jump(to: deadline)
                } else {
                    switch try await waitWhileIdle() {
                    case .stalled: return .stalled
                    case .woken: continue
                    case .timeReached: break
                    }
                }
            }
            runOnce()
        }
        return .finished
    }

    public enum RunEnd { case finished, stalled, livelocked }

    /// Turns at one virtual instant, with a timer waiting, after which the run is a livelock.
    public static let livelockTurns = 10_000_000
    /// Turns at one virtual instant after which the next completion of outside work comes in
    /// even though tasks are still ready.
    public static let outsideWorkTurns = 1_000

    @inline(__always)
    private func runTask(_ task: LoopTask) {
        guard task.phase == .scheduled else { return }  // cancelled before it ever started, say
        task.phase = .running
        task.waitingOn = nil
        running = QueuedTask(task)
        if let tracer {
            tracer.taskResumed(task, at: now)
            task.step()
            switch task.phase {
            case .waiting: tracer.taskSuspended(task, on: task.waitingOn, at: now)
            case .scheduled: tracer.taskSuspended(task, on: nil, at: now)
            default: break
            }
        } else {
            task.step()
        }
        running = nil
        task.hasStarted = true
        task.resumption = .normally
        if task.phase == .done {
            finishedInStep = nil
        } else if task.cancelWhenSuspended {
            task.cancelWhenSuspended = false
            if task.phase == .waiting {
                interrupt(task)
                ready.append(QueuedTask(task))
                tracer?.taskWoken(task, by: task, at: now)
            } else {
                task.resumption = .byCancellation
            }
        }
    }

    // MARK: Timers

    private func fireDueTimers() {
        guard !timers.isEmpty else { return }  // spares a clock read per turn without timers
        let now = clock.now
        while let action = timers.popDue(at: now) {
            switch action {
            case .wake(let task):
                task.borrow { task in
                    task.sleepTimer = 0
                    sleeping -= 1
                    wake(task)
                }
            case .fire(let handle):
                handle.cancel()  // fired: cancelling it later is a no-op
                handle.callback()
            case .none:
                break
            }
        }
    }

    /// A sleeper was withdrawn (cancelled, say): its timer will never fire.
    func cancelSleep(of task: LoopTask) {
        timers.cancel(slot: UInt32(task.sleepTimer - 1))
        task.sleepTimer = 0
        sleeping -= 1
    }

    /// Where sleeping tasks wait; it cancels their timer when they are withdrawn.
    private lazy var sleepSource = SleepSource(loop: self)
}

/// The wait source of `asyncio.sleep`.
final class SleepSource: WaitSource {
    unowned(unsafe) let loop: EventLoop

    init(loop: EventLoop) { self.loop = loop }

    func withdraw(_ task: LoopTask) {
        if task.sleepTimer != 0 { loop.cancelSleep(of: task) }
    }

    func describeWait(of task: LoopTask) -> String { "sleep" }

    func traceKey(of task: LoopTask) -> TraceKey? { .sleep }
}
