/// A unit of work the loop schedules: the Scheduler's half of an asyncio Task.
///
/// Subclasses supply the body through `step()`; the loop decides when it runs. A task is
/// always in exactly one phase:
///  - `scheduled`: in the ready queue, will run at its turn;
///  - `running`: its `step()` is on the stack (at most one task at a time);
///  - `waiting`: parked on `waitingOn` until something wakes or cancels it;
///  - `done`: finished with `outcome`.
open class LoopTask: WaitSource, TaskObserver, CustomStringConvertible {
    public enum Phase: Equatable { case scheduled, running, waiting, done }
    public enum Outcome: Equatable { case returned, failed, cancelled }
    /// How the task's pending await ends when it next runs.
    public enum Resumption: Equatable {
        case normally, byCancellation
        /// The primitive it waited on can no longer serve it.
        case byFailure(WaitFailure)
    }

    public let id: Int
    /// The loop outlives every task it runs.
    let owner: Uncounted<EventLoop>
    public var loop: EventLoop { owner.object }
    // The small fields come first, in the order that packs them into two words.
    private var cancelCount: Int32 = 0
    public internal(set) var phase: Phase = .scheduled
    public internal(set) var outcome: Outcome?
    public internal(set) var resumption: Resumption = .normally
    /// A tag the wait source gives its waiter (which side of a queue, say).
    public var waitTag: UInt8 = 0
    /// Set while a cancel of this task is being forwarded to what it awaits.
    var isForwardingCancel = false
    /// A cancel that arrived while the task ran; delivered when it next awaits.
    var cancelWhenSuspended = false
    /// The pending cancellation came while the task was queued with nothing to wait on (not
    /// started yet, or after a bare yield): asyncio's `_must_cancel`, which `uncancel()` to
    /// zero withdraws (Python 3.13). One from an interrupted wait cannot be: the wait is gone.
    var cancelIsWithdrawable = false
    /// Whether the body has begun running.
    public internal(set) var hasStarted = false
    /// Whether `lastWaitSource` is what the task waits on now (`waitingOn`).
    private var waitsOnLastSource = false
    /// The order in which the task finished among all tasks of its loop (0: unfinished).
    /// (64 bits: a long REPL session can finish more than 2³¹ tasks.)
    public internal(set) var finishOrder = 0
    /// What the task waits on; kept until it runs so a cancel can pass a wakeup on.
    public internal(set) var waitingOn: WaitSource? {
        get { waitsOnLastSource ? lastWaitSource : nil }
        set {
            if let newValue {
                if lastWaitSource !== newValue { lastWaitSource = newValue }
                waitsOnLastSource = true
            } else {
                waitsOnLastSource = false
            }
        }
    }
    /// The source of the task's latest wait, held past the wait's end until the task waits
    /// on another or finishes: a task waits on the same Event, Queue or Semaphore again and
    /// again, and a retain as it parked and a release as it ran were 50 instructions a switch.
    private var lastWaitSource: WaitSource?

    /// Lets go of the last wait's source (a finished task waits on nothing again).
    func forgetLastWaitSource() {
        waitsOnLastSource = false
        lastWaitSource = nil
    }
    /// The number of cancellations requested and not withdrawn (asyncio's `cancelling()`).
    public internal(set) var cancelRequests: Int {
        get { Int(cancelCount) }
        set { cancelCount = Int32(clamping: newValue) }
    }
    /// The Lock or Semaphore slots the task holds, one entry per slot (to name them when
    /// the task finishes still holding one). Most tasks hold at most one: it is kept inline.
    private var firstHeld: Semaphore?
    /// What few tasks need, behind one pointer: 100,000 pending tasks are 100,000 of these
    /// objects, and every field here costs each of them.
    private var rare: Rare?

    private final class Rare {
        var cancelMessage: String?
        var customName: String?
        var waitingSince: Int64 = 0
        var moreHeld: [Semaphore] = []
        var moreObservers: [TaskObserver] = []
    }

    private var ensuredRare: Rare {
        if let rare { return rare }
        let made = Rare()
        rare = made
        return made
    }

    /// When the current wait began, in loop ticks (only when the loop `recordsWaitTimes`).
    public internal(set) var waitingSince: Int64 {
        get { rare?.waitingSince ?? 0 }
        set { ensuredRare.waitingSince = newValue }
    }
    /// The name given to the task, if any (`name` falls back to `Task-N`).
    public var customName: String? { rare?.customName }
    /// The message of the latest cancellation request, if it had one.
    public internal(set) var cancelMessage: String? {
        get { rare?.cancelMessage }
        set { if newValue != nil || rare != nil { ensuredRare.cancelMessage = newValue } }
    }
    private var moreHeld: [Semaphore] {
        get { rare?.moreHeld ?? [] }
        set { ensuredRare.moreHeld = newValue }
    }
    private var moreObservers: [TaskObserver] {
        get { rare?.moreObservers ?? [] }
        set { if !newValue.isEmpty || rare != nil { ensuredRare.moreObservers = newValue } }
    }

    public var heldSlots: Int { (firstHeld == nil ? 0 : 1) + moreHeld.count }
    /// A primitive the task holds a slot of, if any.
    public var aHeldPrimitive: Semaphore? { firstHeld ?? moreHeld.first }

    func noteHolding(_ semaphore: Semaphore) {
        if firstHeld == nil { firstHeld = semaphore } else { ensuredRare.moreHeld.append(semaphore) }
    }

    func noteReleased(_ semaphore: Semaphore) {
        if firstHeld === semaphore {
            firstHeld = moreHeld.isEmpty ? nil : moreHeld.removeFirst()
        } else if let index = moreHeld.firstIndex(where: { $0 === semaphore }) {
            moreHeld.remove(at: index)
        }
    }

    /// Forgets what it holds, once reported (the references would keep the primitives alive).
    public func clearHeldReferences() {
        firstHeld = nil
        rare?.moreHeld = []
    }

    /// A cancel arrived while the task ran and has not been delivered at an await yet.
    public var hasUndeliveredCancel: Bool { cancelWhenSuspended }
    /// The slot of this task's pending sleep timer in the loop's `TimerQueue`, plus one (0: none).
    var sleepTimer: UInt64 = 0
    /// Links of the loop's list of unfinished tasks, in creation order.
    var nextLive: LoopTask?
    unowned(unsafe) var previousLive: LoopTask?
    /// Who is told when the task finishes, in the order they came (tasks awaiting it among
    /// them). Most tasks have at most one, kept inline to spare an allocation per task.
    private var firstObserver: TaskObserver?

    public init(loop: EventLoop) {
        self.owner = Uncounted(loop)
        self.id = loop.registerTask()
    }

    /// Runs the body until it next suspends or finishes. Called by the loop only.
    ///
    /// The body must leave the task waiting (through a primitive), scheduled
    /// (`loop.yieldNow`), or done (`loop.finish`).
    open func step() {
        preconditionFailure("LoopTask.step() must be overridden")
    }

    public var name: String {
        get { rare?.customName ?? "Task-\(id)" }
        set { ensuredRare.customName = newValue }
    }

    public var isDone: Bool { phase == .done }

    // MARK: What timelines ask (only while a tracer records, so plain runs never pay)

    /// What the body runs, in words a reader knows: a function's name (nil: unknown), and
    /// whether it is a script's top-level chunk. Asked once, as the task starts.
    open func describeBody() -> (name: String?, isChunk: Bool) { (nil, false) }

    /// Where the body waits, as `file:line` (nil: unknown). Asked as the task suspends.
    open var waitSite: String? { nil }

    /// `waitSite` in numbers (nil: unknown), so that a tracer formats each site once.
    open var waitSiteKey: TraceKey? { nil }

    /// The library the body waits inside, when its code called into one (`sim`: a
    /// simulated service's call is a sleep there); nil for the body's own awaits.
    open var waitLibrary: String? { nil }

    /// The error the task failed with, in one line (nil: none, or unknown).
    open var failureSummary: String? { nil }

    public var description: String { name }

    // MARK: Awaiting this task

    /// Parks `waiter` until this task is done.
    public func addAwaiter(_ waiter: LoopTask) {
        addObserver(waiter)
        owner.borrow { $0.suspend(waiter, on: self) }
    }

    /// A task that awaited another is woken when that one finishes.
    public func taskDidFinish(_ task: LoopTask) { owner.borrow { $0.wake(self) } }

    public func addObserver(_ observer: TaskObserver) {
        precondition(phase != .done, "observe only unfinished tasks; a done task never calls back")
        if firstObserver == nil && moreObservers.isEmpty {
            firstObserver = observer
        } else {
            ensuredRare.moreObservers.append(observer)
        }
    }

    public func removeObserver(_ observer: TaskObserver) {
        if firstObserver === observer {
            firstObserver = nil
        } else if let index = moreObservers.firstIndex(where: { $0 === observer }) {
            rare?.moreObservers.remove(at: index)
        }
    }

    /// Tells everyone, in the order they came, that the task finished, and forgets them.
    func notifyObservers() {
        let first = firstObserver
        let more = moreObservers
        firstObserver = nil
        moreObservers = []
        first?.taskDidFinish(self)
        for observer in more { observer.taskDidFinish(self) }
    }

    public func withdraw(_ task: LoopTask) { removeObserver(task) }

    public func describeWait(of task: LoopTask) -> String { "\(name) to finish" }

    /// A renamed task's description is left to `describeWait(of:)`.
    public func traceKey(of task: LoopTask) -> TraceKey? { customName == nil ? TraceKey(.task, serial: id) : nil }

    /// Cancelling a task that awaits this one cancels this one (asyncio's `await task`).
    public func forwardCancel(of waiter: LoopTask) -> Bool { loop.cancel(self, message: waiter.cancelMessage) }

    /// Withdraws one cancellation request; returns how many remain (asyncio's `uncancel()`).
    @discardableResult
    public func uncancel() -> Int {
        if cancelRequests > 0 { cancelRequests -= 1 }
        if cancelRequests == 0 {
            cancelWhenSuspended = false
            if cancelIsWithdrawable, phase == .scheduled, resumption == .byCancellation {
                resumption = .normally  // it runs, or goes on, as if never cancelled
            }
            cancelIsWithdrawable = false
        }
        return cancelRequests
    }
}

/// A task in the ready queue or a wait queue, held without reference counting (a retain
/// and a release per wait were a tenth of a task switch). Safe because the loop's list of
/// unfinished tasks owns every task, and a task leaves every queue before it can finish.
typealias QueuedTask = Uncounted<LoopTask>
