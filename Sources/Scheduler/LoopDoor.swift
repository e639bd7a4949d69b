import Dispatch
import Synchronization

/// The loop's one way in from other threads: jobs posted here run on the loop, and a post
/// wakes the loop's idle wait at once (asyncio's `call_soon_threadsafe` and self-pipe,
/// SwiftNIO's `execute` and selector wakeup).
///
/// It also counts the work in flight outside the loop (a host function's Swift task, a
/// worker thread): while any is, the loop reports no deadlock and a virtual clock does
/// not jump, since that work will post its completion here.
public final class LoopDoor: Sendable {
    /// A job to run on the loop's thread, at its next turn.
    public typealias Job = @Sendable () -> Void

    struct Entry: Sendable {
        /// The work this completes (its start order), or nil for a plain post.
        let work: UInt64?
        let job: Job
    }

    private struct State {
        var entries: [Entry] = []
        /// The next start order to hand out.
        var nextWork: UInt64 = 0
        /// The loop, when it is suspended in its idle wait.
        var sleeper: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    /// Whether any entry waits, and how much work is begun and not yet delivered: read by
    /// the loop without taking the lock.
    private let waiting = Atomic<Bool>(false)
    private let inFlightCount = Atomic<Int>(0)
    /// Ends an idle wait at the loop's next timer: one timer, set again for each wait, so a
    /// wait that a post ends early leaves nothing pending behind it. (A fire meant for an
    /// earlier wait can end a later one early; the loop then only looks again.)
    nonisolated(unsafe) private let timer = DispatchSource.makeTimerSource(queue: .global())

    public init() {
        timer.setEventHandler { [weak self] in self?.wake() }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Runs `job` on the loop at its next turn, and wakes the loop if it is idle. Any
    /// thread may call this.
    public func post(_ job: @escaping Job) {
        enqueue(Entry(work: nil, job: job))
    }

    /// Counts one piece of outside work as in flight until its `complete` is delivered. Any
    /// thread may call this, while the loop still has something to wait for (a loop that
    /// found nothing in flight and nothing to run has stalled already).
    public func beginWork() -> ExternalWork {
        let order = state.withLock { state in
            inFlightCount.add(1, ordering: .relaxed)
            state.nextWork += 1
            return state.nextWork
        }
        return ExternalWork(door: self, order: order)
    }

    /// How many pieces of outside work are in flight.
    public var inFlight: Int { inFlightCount.load(ordering: .acquiring) }

    /// Nothing posted and nothing in flight.
    @inline(__always)
    var isQuiet: Bool { !hasEntries && inFlight == 0 }

    /// Whether a post or a completion waits to be delivered.
    @inline(__always)
    var hasEntries: Bool { waiting.load(ordering: .acquiring) }

    func enqueue(_ entry: Entry) {
        let sleeper = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.entries.append(entry)
            waiting.store(true, ordering: .releasing)
            defer { state.sleeper = nil }
            return state.sleeper
        }
        sleeper?.resume()
    }

    /// Everything posted so far, in the order it came; completions are no longer in flight.
    func takeEntries() -> [Entry] {
        state.withLock { state in
            let entries = state.entries
            state.entries = []
            inFlightCount.subtract(entries.count { $0.work != nil }, ordering: .relaxed)
            waiting.store(false, ordering: .releasing)
            return entries
        }
    }

    /// Suspends until something is posted or `nanoseconds` (from now) have passed; returns
    /// at once if something waits already. Nil: no time limit, only a post wakes it.
    func sleep(forNanoseconds nanoseconds: Int64?) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let sleeps = state.withLock { state in
                    if !state.entries.isEmpty || Task.isCancelled { return false }
                    state.sleeper = continuation
                    return true
                }
                guard sleeps else { return continuation.resume() }
                if let nanoseconds {
                    timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)))
                }
            }
        } onCancel: {
            wake()
        }
    }

    /// Resumes the idle wait, if the loop is in one.
    private func wake() {
        let sleeper = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.sleeper = nil }
            return state.sleeper
        }
        sleeper?.resume()
    }
}

/// One piece of work in flight outside the loop. `complete` hands its result in; dropping
/// it uncompleted counts it as done with nothing to deliver, so the loop cannot wait forever
/// on work that was forgotten.
public final class ExternalWork: Sendable {
    private let door: LoopDoor
    /// The order in which the work began, among all the loop's outside work.
    public let order: UInt64
    private let completed = Atomic<Bool>(false)

    init(door: LoopDoor, order: UInt64) {
        self.door = door
        self.order = order
    }

    /// Runs `job` on the loop as this work's completion. Only the first call counts.
    public func complete(_ job: @escaping LoopDoor.Job) {
        guard !completed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        door.enqueue(LoopDoor.Entry(work: order, job: job))
    }

    deinit {
        if !completed.load(ordering: .acquiring) { door.enqueue(LoopDoor.Entry(work: order, job: {})) }
    }
}
