import CLua
#if canImport(Glibc)
import Glibc
#endif
import LuaKit
import Scheduler

/// What asyncio leaves silent about how tasks behave, noticed as they run (SPEC §4).
extension Runtime {
    /// Sleeps of at most this long, this many times in a row, are polling.
    static let pollingSleep = 0.05
    static let pollingCount = 20

    /// So many tasks asleep at once means a fan-out nothing bounds; so many items in a
    /// queue without maxsize means a producer nothing slows.
    static let fanOut = 1_000
    static let queueGrowth = 1_000

    /// Reported at the end of a run: the most tasks that slept at once, if too many.
    func reportFanOut() {
        guard loop.peakSleeping >= Self.fanOut else { return }
        report(Diagnostic(
            .fanOut, "\(loop.peakSleeping) tasks were asleep at once (at \(formatSeconds(Double(loop.peakSleepingAt) / 1e9))): "
                + "an unbounded fan-out; cap how many run together with a Semaphore (example 24.1)"))
    }

    /// Called after a put: an unbounded queue that reached `queueGrowth` items is reported once.
    func noteQueueGrowth(_ queue: LuaQueue, on lua: Lua) {
        guard queue.maxsize <= 0, queue.count == Self.queueGrowth, !grownQueues.contains(queue.name) else { return }
        grownQueues.insert(queue.name)
        let place = location(of: lua).map { " (put at \($0))" } ?? ""
        report(Diagnostic(
            .queueGrowth, "\(queue.name) holds \(Self.queueGrowth) items and has no maxsize\(place): nothing slows "
                + "its producer; give it a maxsize so that put waits while it is full (example 24.4)"))
    }

    /// Checks a finished task: a Lock or Semaphore slot still held, a cancellation swallowed.
    func noteFinished(_ task: LuaTask) {
        // A timeout whose block never ended (its coroutine was abandoned) dies with its task.
        if !timeouts.isEmpty {
            for (id, timeout) in timeouts where timeout.task == task.id {
                loop.cancelTimer(timeout.handle)
                timeouts[id] = nil
            }
        }
        if task.heldSlots > 0, let held = task.aHeldPrimitive {
            let slots = task.heldSlots == 1 ? "" : " (\(task.heldSlots) slots)"
            report(Diagnostic(
                .heldAtFinish, "\(task.name) finished while holding \(held.name)\(slots): it acquired and never released; "
                    + "use `with` or a <close> variable so that every exit releases"))
            task.clearHeldReferences()
        }
        if task.outcome == .returned && task.cancelRequests > 0 && task.receivedCancel {
            report(Diagnostic(
                .ignoredCancellation, "\(task.name) caught CancelledError and finished normally: the cancellation "
                    + "was swallowed; re-raise it (error(err, 0)) after cleaning up"))
        }
    }

    /// The running task did something (put, got, set, released): its sleeps are pacing
    /// work, not polling. This runs on every put and get, so it only bumps a counter,
    /// through a borrowed reference (a retained one cost a tenth of a queue-heavy run).
    @inline(__always)
    static func noteActivity(_ lua: Lua) {
        Runtime.unmanaged(lua)._withUnsafeGuaranteedRef {
            $0.activity &+= 1
        }
    }

    /// Counts short sleeps in a row; the twentieth is reported once, with a hint.
    func notePolling(_ task: LuaTask, sleeping delay: Double) {
        // Only this task ran since it was resumed: activity counted meanwhile is its own.
        if task.activityAtResume != activity { task.shortSleepsInARow = 0 }
        guard delay > 0 && delay <= Self.pollingSleep else {
            task.shortSleepsInARow = 0
            return
        }
        if task.shortSleepsInARow < Int32.max { task.shortSleepsInARow += 1 }  // a poll that runs for days
        if task.shortSleepsInARow == Self.pollingCount && !task.pollingReported {
            task.pollingReported = true
            let lua = task.lua
            let place = location(of: lua).map { " at \($0)" } ?? ""
            report(Diagnostic(
                .polling, "\(task.name) polls\(place): it woke from \(Self.pollingCount) short sleeps in a row "
                    + "(≤ \(Int(Self.pollingSleep * 1000)) ms) and nothing else woke it; wait on an Event or a "
                    + "Condition that the other side sets or notifies"))
        }
    }
}

extension Runtime {
    /// Says, on stderr as it happens, that the virtual clock stopped waiting for outside work
    /// (a worker or host call that runs too long), so the run may not repeat exactly.
    func warnOutsideWorkHoldsTime() {
        guard !warnedOutsideWorkHoldsTime else { return }
        warnedOutsideWorkHoldsTime = true
        let waiting = loop.liveTasks.filter { $0.waitingOn is ExternalWait }.prefix(3)
        let names = waiting.map { "\($0.name) waits on \($0.waitingOn!.describeWait(of: $0))\(place(of: $0))" }
        let message = "tide: warning: the virtual clock waited \(loop.patienceForOutsideWork / 1_000_000_000) s "
            + "for work outside the loop, which takes no virtual time"
            + (names.isEmpty ? "" : " [" + names.joined(separator: "; ") + "]")
            + ", and moves on without it from now on: this run may differ from the next. Give such work a "
            + "timeout on the real clock.\n"
        _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }  // live, not at the end of the run
    }
}
