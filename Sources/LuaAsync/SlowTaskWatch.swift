import CLua
import CLuaWatch
import Dispatch
import LuaKit

/// Watches for a task that runs too long without awaiting (it blocks every other task).
///
/// A timer on another thread samples which resume is running; when one outlasts the
/// threshold it signals the loop's thread, whose handler arms a count hook that notes
/// where the task is (see `clua_watch_*` in shim.h). Nothing is armed while tasks behave.
final class SlowTaskWatch {
    let threshold: Duration
    private let timer: DispatchSourceTimer

    init(threshold: Duration) {
        self.threshold = threshold
        _ = clua_watch_install()
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "tide.slow-task-watch"))
        let period = max(threshold / 4, .milliseconds(1))
        let nanos = Int(period.components.seconds) * 1_000_000_000 + Int(period.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now(), repeating: .nanoseconds(nanos))
        // The handler owns its sampler, not this watch: a weak reference to the watch would
        // move it to a side table and slow down every retain of it on the loop's thread.
        let sampler = Sampler(threshold: threshold)
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
        private var watched: (sequence: UInt, since: ContinuousClock.Instant)?
        private var signalled: UInt = 0

        init(threshold: Duration) { self.threshold = threshold }

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
        }
    }
}

extension Runtime {
    /// Reports tasks that run longer than `threshold` without awaiting (0 turns it off).
    public func watchSlowTasks(threshold milliseconds: Int) {
        let watch = milliseconds > 0 ? SlowTaskWatch(threshold: .milliseconds(milliseconds)) : nil
        slowTaskWatch = watch
        loop.sleepsWhileIdle = watch.map { watch in { asleep in asleep ? watch.pause() : watch.resume() } }
    }

    /// After a task's stretch: reports it if the watch caught it running too long.
    func noteSlowStretch(of task: LuaTask) {
        clua_watch_idle()
        guard let place = clua_watch_take_note(), let watch = slowTaskWatch else { return }
        let where_ = String(cString: place)
        let millis = watch.threshold.components.seconds * 1000 + watch.threshold.components.attoseconds / 1_000_000_000_000_000
        report(Diagnostic(
            .slowTask, "\(task.name) ran longer than \(millis) ms without awaiting\(where_.isEmpty ? "" : ", at \(where_)"): "
                + "no other task could run meanwhile; split the work with asyncio.sleep(0) now and then"))
    }
}
