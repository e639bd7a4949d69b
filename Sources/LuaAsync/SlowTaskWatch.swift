import CLua
import CLuaWatch
import Dispatch
import LuaKit
import Synchronization

/// Watches for a task that runs too long without awaiting (it blocks every other task).
///
/// A timer on another thread samples which resume is running; when one outlasts the
/// threshold it signals the loop's thread, whose handler arms a count hook that notes
/// where the task is (see `clua_watch_*` in shim.h). Nothing is armed while tasks behave.
final class SlowTaskWatch {
    let threshold: Duration
    private let timer: DispatchSourceTimer

    /// The name of the task the hook caught, for the live warning (written on the loop's
    /// thread, read on the watch's).
    let caughtTask = CaughtTask()

    final class CaughtTask: Sendable {
        let name = Mutex<String?>(nil)
    }

    /// A stretch this long without awaiting is warned about while it runs: twenty thresholds,
    /// and at least two seconds, so that work that is merely slow (or slowed by a loaded
    /// machine) gets only the end-of-run report.
    static func liveWarningAfter(_ threshold: Duration) -> Duration { max(threshold * 20, .seconds(2)) }

    /// On the virtual clock the live warning counts instructions instead, so that a run warns
    /// at the same instruction of the same line every time: twenty thresholds at 500,000
    /// instructions a millisecond (a billion for the default 100 ms; no floor is needed, as
    /// a loaded machine does not change the count).
    static func stuckInstructions(after threshold: Duration) -> Int64 {
        20 * 500_000 * (threshold.components.seconds * 1000 + threshold.components.attoseconds / 1_000_000_000_000_000)
    }

    init(threshold: Duration, warnings: LiveWarnings?) {
        self.threshold = threshold
        _ = clua_watch_install()
        clua_watch_on_note { state in
            guard let state else { return }
            let runtime = Runtime.unmanaged(Lua(state)).takeUnretainedValue()
            let name = runtime.currentTask.map(runtime.label)
            runtime.slowTaskWatch?.caughtTask.name.withLock { $0 = name }
        }
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "tide.slow-task-watch"))
        let period = max(threshold / 4, .milliseconds(1))
        let nanos = Int(period.components.seconds) * 1_000_000_000 + Int(period.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now(), repeating: .nanoseconds(nanos))
        // The handler owns its sampler, not this watch: a weak reference to the watch would
        // move it to a side table and slow down every retain of it on the loop's thread.
        let sampler = Sampler(threshold: threshold, warnings: warnings, caughtTask: caughtTask)
        timer.setEventHandler { sampler.sample() }
        timer.resume()
    }

    deinit {
        if isPaused { timer.resume() }  // a suspended source must not be released
        timer.cancel()
    }

    /// Stops sampling while the loop sleeps (no task can run long then), so that an idle
    /// loop costs no CPU; `resume` starts it again.
    private var isPaused = false

    func pause() {
        guard !isPaused else { return }
        isPaused = true
        timer.suspend()
    }

    func resume() {
        guard isPaused else { return }
        isPaused = false
        timer.resume()
    }

    /// What the timer's queue keeps between samples (touched on that queue only).
    private final class Sampler {
        let threshold: Duration
        let warnings: LiveWarnings?
        let caughtTask: CaughtTask
        private var watched: (sequence: UInt, since: ContinuousClock.Instant)?
        private var signalled: UInt = 0
        private var warned: UInt = 0

        init(threshold: Duration, warnings: LiveWarnings?, caughtTask: CaughtTask) {
            self.threshold = threshold
            self.warnings = warnings
            self.caughtTask = caughtTask
        }

        func sample() {
            let sequence = clua_watch_running_sequence()
            let now = ContinuousClock.now
            guard sequence != 0 else {
                watched = nil
                return
            }
            guard let watched, watched.sequence == sequence else {
                self.watched = (sequence, now)
                return
            }
            if now - watched.since >= threshold && signalled != sequence {
                signalled = sequence
                clua_watch_interrupt()
            }
            if let warnings, warned != sequence, now - watched.since >= SlowTaskWatch.liveWarningAfter(threshold) {
                warned = sequence
                warnStuck(for: now - watched.since, warnings)
            }
        }

        /// A task still running: which (once the hook has caught it), where, and what to do.
        private func warnStuck(for running: Duration, _ warnings: LiveWarnings) {
            let place = clua_watch_peek_note().map { String(cString: $0) } ?? ""
            let name = caughtTask.name.withLock { $0 } ?? "a task"
            warnings.warn("\(name) has run for \(running.components.seconds) s without awaiting"
                + (place.isEmpty ? "" : ", at \(place)") + ": no other task can run, and on the virtual clock time "
                + "cannot move, until it awaits; if it loops, await inside the loop (asyncio.sleep(0)), or press Ctrl-C "
                + "to stop the run")
        }
    }
}

extension Runtime {
    /// Reports tasks that run longer than `threshold` without awaiting (0 turns it off).
    public func watchSlowTasks(threshold milliseconds: Int) {
        let virtual = loop.clock.isVirtual
        let watch = milliseconds > 0
            ? SlowTaskWatch(threshold: .milliseconds(milliseconds), warnings: virtual ? nil : liveWarnings) : nil
        slowTaskWatch = watch
        if let watch, virtual, liveWarnings != nil {
            clua_limits_watch_stuck(mainState, SlowTaskWatch.stuckInstructions(after: watch.threshold), Runtime.warnStuck)
        } else {
            clua_limits_watch_stuck(mainState, 0, nil)
        }
        loop.sleepsWhileIdle = watch.map { watch in { asleep in asleep ? watch.pause() : watch.resume() } }
    }

    /// The virtual clock's live warning (clua_limits_watch_stuck), on the loop's thread in
    /// the middle of the task's stretch.
    static let warnStuck: @convention(c) (OpaquePointer?) -> Void = { state in
        guard let state else { return }
        let lua = Lua(state)
        let runtime = Runtime.from(lua)
        guard let warnings = runtime.liveWarnings, let watch = runtime.slowTaskWatch else { return }
        let name = runtime.currentTask.map(runtime.label) ?? "a task"
        let place = runtime.location(of: lua).map { ", at \($0)" } ?? ""
        let millions = SlowTaskWatch.stuckInstructions(after: watch.threshold) / 1_000_000
        warnings.warn("\(name) has run \(millions) million instructions without awaiting\(place): no other task "
            + "can run, and on the virtual clock time cannot move, until it awaits; if it loops, await inside the "
            + "loop (asyncio.sleep(0)), or press Ctrl-C to stop the run")
    }

    /// After a task's stretch: reports it if the watch caught it running too long. (Inlined
    /// into every resume; the report is not.)
    @inline(__always)
    func noteSlowStretch(of task: LuaTask) {
        if let place = clua_watch_resumed() { reportSlowStretch(of: task, at: place) }
    }

    private func reportSlowStretch(of task: LuaTask, at place: UnsafePointer<CChar>) {
        guard let watch = slowTaskWatch else { return }
        let where_ = String(cString: place)
        let millis = watch.threshold.components.seconds * 1000 + watch.threshold.components.attoseconds / 1_000_000_000_000_000
        report(Diagnostic(
            .slowTask, "\(task.name) ran longer than \(millis) ms without awaiting\(where_.isEmpty ? "" : ", at \(where_)"): "
                + "no other task could run meanwhile; split the work with asyncio.sleep(0) now and then"))
    }
}
