import Scheduler

/// `:trace on` in the REPL: prints each step of the loop as it happens, on stderr.
final class LiveTracer: LoopTracer {
    private func say(_ time: Int64, _ text: String) {
        Console.report("  [\(TerminalTimeline.seconds(time))] \(text)")
    }

    func taskStarted(_ task: LoopTask, at time: Int64) { say(time, "\(task.name) created") }
    func taskResumed(_ task: LoopTask, at time: Int64) { say(time, "\(task.name) runs") }
    func taskSuspended(_ task: LoopTask, waitingOn: String?, at time: Int64) {
        say(time, "\(task.name) " + (waitingOn.map { "waits on \($0)" } ?? "yields"))
    }
    func taskWoken(_ task: LoopTask, by waker: LoopTask?, at time: Int64) {
        say(time, "\(task.name) woken" + (waker.map { " by \($0.name)" } ?? ""))
    }
    func taskFinished(_ task: LoopTask, at time: Int64) {
        say(time, "\(task.name) \(task.outcome.map { "\($0)" } ?? "finished")")
    }
    func operation(_ name: String, by task: LoopTask?, at time: Int64) {
        say(time, name + (task.map { " by \($0.name)" } ?? ""))
    }
    func counter(_ name: String, value: Int, at time: Int64) { say(time, "\(name) = \(value)") }
}
