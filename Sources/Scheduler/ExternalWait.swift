/// A task's wait on work outside the loop: a host function's Swift task, a worker thread.
///
/// The work completes through the loop's door, and `finish` wakes the task. A cancel of
/// the task is passed on to the work (`onCancel`), and the task keeps waiting until the
/// work has stopped, so nothing still runs on its behalf once it sees CancelledError (as
/// `wait_for` waits for the task it cancels).
public final class ExternalWait: WaitSource {
    /// What the task waits on, for reports: `host.fetch (host work in flight)`.
    public let what: String
    /// Asks the outside work to stop; called at most once.
    public var onCancel: (() -> Void)?
    public private(set) var cancelRequested = false
    private let waiter: Uncounted<LoopTask>
    private var isWaiting = true

    /// Parks the running `task` until `finish`.
    public init(_ task: LoopTask, waitingFor what: String) {
        self.what = what
        waiter = Uncounted(task)
        task.loop.suspend(task, on: self)
    }

    /// The work is over: wakes the task, to raise CancelledError if it was cancelled meanwhile.
    public func finish() {
        guard isWaiting else { return }
        isWaiting = false
        waiter.borrow { task in
            let loop = task.loop
            loop.wake(task)
            if cancelRequested { task.resumption = .byCancellation }
        }
    }

    public func forwardCancel(of waiter: LoopTask) -> Bool {
        guard isWaiting else { return false }
        if !cancelRequested {
            cancelRequested = true
            onCancel?()
            onCancel = nil
        }
        return true
    }

    /// Cancels are forwarded, so a wait still in flight is withdrawn only when its task no
    /// longer wants the answer (`abandonWait`): the work is asked to stop.
    public func withdraw(_ task: LoopTask) {
        guard isWaiting else { return }
        isWaiting = false
        onCancel?()
        onCancel = nil
    }

    public func describeWait(of task: LoopTask) -> String { what }
}
