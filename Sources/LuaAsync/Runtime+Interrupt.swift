import CLuaWatch
import Scheduler

/// Ctrl-C in `tide run`: the run stops, says where every task was (as Python's
/// KeyboardInterrupt traceback does), lets the tasks clean up, and exits 130.
extension Runtime {
    /// Makes Ctrl-C stop the run instead of killing the process (see `runMain`).
    public func stopOnInterrupt() {
        enableInterrupts()
        stopsOnInterrupt = true
    }

    /// Whether Ctrl-C was pressed, for a run that stops on it; asked once a turn.
    func interruptArrived() -> Bool {
        stopsOnInterrupt && takeInterrupt()
    }

    /// "interrupted at 1.52s: where each task was:" and a line per task. A task that was
    /// running Lua code was stopped there by the interrupt hook (watch.c): it failed with
    /// "interrupted", its traceback's first frame is the line it ran, and its error is no
    /// report of its own.
    func interruptReport() -> String {
        var lines = ["interrupted (Ctrl-C) at \(formatSeconds(seconds)); where each task was:"]
        if let stopped = failedTasks.last(where: { Self.wasInterrupted($0) }), let failure = stopped.failure {
            stopped.errorRetrieved = true
            let frame = failure.traceback.split(separator: "\n").dropFirst().first { $0.hasPrefix("\t") && !$0.hasPrefix("\t[C]") }
            lines.append("  \(label(stopped)) running\(Self.place(inFrame: frame))")
        }
        let waiting = sortedLiveTasks()
        for task in waiting.prefix(Self.reportedTasks) {
            lines.append("  \(label(task)) \(stateDescription(of: task))\(place(of: task))")
        }
        if waiting.count > Self.reportedTasks { lines.append("  … and \(waiting.count - Self.reportedTasks) more") }
        lines.append("  (cancelling them; their cleanups run)")
        return lines.joined(separator: "\n")
    }

    /// Whether the task failed with what the interrupt hook raises ("interrupted", located
    /// or not).
    private static func wasInterrupted(_ task: LuaTask) -> Bool {
        guard let message = task.failure?.message else { return false }
        return message == "interrupted" || message.hasSuffix(": interrupted")
    }

    /// " at file:line" of a traceback frame ("\tfile:line: in main chunk"), or "".
    private static func place(inFrame frame: Substring?) -> String {
        guard let frame, let end = frame.firstRange(of: ": in ") else { return "" }
        return " at " + frame[frame.index(after: frame.startIndex)..<end.lowerBound]
    }
}
