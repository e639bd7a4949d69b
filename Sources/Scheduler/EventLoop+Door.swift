#if canImport(Glibc)
import Glibc
#endif

/// How the loop waits when nothing is ready, and how what came through its door gets in.
extension EventLoop {
    /// How an idle wait ended.
    public enum IdleEnd {
        /// Something came through the door and was delivered (tasks may be ready now).
        case woken
        /// Time reached the next timer (a virtual clock jumped there).
        case timeReached
        /// Nothing can ever wake the loop: no timer (or time may not pass), no outside
        /// work in flight, and the caller does not wait for posts.
        case stalled
    }

    /// How finely the real clock's idle wait wakes for a timer (nanoseconds): a millisecond.
    public static let idleWakeResolution: Int64 = 1_000_000

    /// Waits, with nothing ready to run, until something can happen: a post or completion
    /// comes through the door, or time reaches the next timer.
    ///
    /// On a virtual clock, time never jumps while outside work is in flight: the loop waits
    /// for that work in real time, as if it took no virtual time (for `patienceForOutsideWork`
    /// at most while a timer is due: then time moves on without it, and the hook says so). `timeMayPass` false keeps
    /// a virtual clock where it is (the REPL between inputs); `waitsForPosts` true waits for
    /// a post rather than report a stall (the REPL's input arrives as one).
    public func waitWhileIdle(timeMayPass: Bool = true, waitsForPosts: Bool = false) async throws -> IdleEnd {
        if deliverPosts() { return .woken }
        let inFlight = door.inFlight + heldCompletions.count
        let deadline = timeMayPass ? nextDeadline : nil
        var wait: Int64?
        if let virtualClock {
            if inFlight == 0 || virtualTimeOutranOutsideWork, let deadline {
                virtualClock.jump(to: deadline)
                return .timeReached
            }
        } else if let deadline {
            let now = clock.now
            if deadline <= now { return .timeReached }
            // Wake on the next whole millisecond after the deadline, never before it: timers
            // due within one millisecond fire together (epoll's resolution, and so asyncio's),
            // where 100,000 timers spread over a second woke the loop 100,000 times.
            let tick = Self.idleWakeResolution
            wait = (deadline + tick - 1) / tick * tick - now
        }
        if wait == nil && inFlight == 0 && !waitsForPosts { return .stalled }
        // A virtual clock held by outside work says so after a while (to stderr, through the
        // hook): a worker that never ends would otherwise hold the run in silence.
        let holdsVirtualTime = virtualClock != nil && inFlight > 0 && deadline != nil
        sleepsWhileIdle?(true)
        await door.sleep(forNanoseconds: holdsVirtualTime ? patienceForOutsideWork : wait)
        claim()
        sleepsWhileIdle?(false)
        try Task.checkCancellation()
        if deliverPosts() { return .woken }
        if holdsVirtualTime {
            // Never hang: from now on time moves without waiting for outside work, and the
            // run, which may then differ from the next, says so (through the hook).
            virtualTimeOutranOutsideWork = true
            outsideWorkHoldsTime?()
        }
        return .timeReached
    }


    /// Runs what came through the door, in the order it came; returns whether anything came.
    ///
    /// On a virtual clock (where the loop calls this only when nothing else can run) the
    /// completions of outside work are handed in one per call, in the order the work began:
    /// a run then never depends on which thread finished first, nor on how many completions
    /// happened to arrive together.
    @discardableResult
    public func deliverPosts() -> Bool {
        var delivered = false
        if door.hasEntries {
            for entry in door.takeEntries() {
                if let work = entry.work, virtualClock != nil {
                    heldCompletions[work] = entry.job
                } else {
                    entry.job()
                }
                delivered = true  // held or run, something came in: the caller looks again
            }
        }
        if !heldCompletions.isEmpty, let job = heldCompletions.removeValue(forKey: lastDelivered + 1) {
            lastDelivered += 1
            job()
            delivered = true
        }
        return delivered
    }

    /// On a virtual clock, waits for the completion of the earliest work still undelivered
    /// and delivers it, for tasks that keep the loop busy (polling `t:done()` with
    /// `sleep(0)`, say) while outside work is in flight: without an idle point it would
    /// never come in. Called after a fixed number of turns, so a run stays repeatable.
    func awaitNextCompletion() async throws {
        let awaited = lastDelivered + 1
        while lastDelivered < awaited {
            deliverPosts()
            if lastDelivered >= awaited || (door.inFlight == 0 && heldCompletions[awaited] == nil) { return }
            await door.sleep(forNanoseconds: nil)
            claim()
            try Task.checkCancellation()
        }
    }

    /// The calling thread runs the loop from now on: the loop claims it whenever it starts
    /// running or comes back from a wait, since a Swift task may resume on another thread.
    @inline(__always)
    public func claim() {
        #if DEBUG
        ownerThread = pthread_self()
        #endif
    }

    /// The loop stopped running: until it runs again, its owner is whoever calls it (the
    /// Swift task that ran it may go on on another thread).
    @inline(__always)
    public func release() {
        #if DEBUG
        ownerThread = nil
        #endif
    }

    /// Debug builds: stops at once, naming the rule, when the loop (or a Lua state of its
    /// runtime) is used from a thread other than the one running it.
    @inline(__always)
    public func checkConfinement() {
        #if DEBUG
        if let ownerThread, pthread_equal(ownerThread, pthread_self()) == 0 {
            preconditionFailure(
                "Tide: an event loop (or the Lua state of its runtime) was used from a thread that is not the "
                    + "loop's. Only the Swift task running the loop may touch it; from any other thread, post a job "
                    + "through the loop's door (`runtime.handle`, `EventLoop.door`).")
        }
        #endif
    }
}
