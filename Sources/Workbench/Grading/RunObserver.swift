import LuaAsync
import Scheduler

/// What the checks of an exercise may ask about a run, gathered as it happens: each task's
/// life, and per primitive its peak holders or depth, its waits and its operations.
final class RunObserver: LoopTracer {
    struct TaskRecord {
        var name: String
        let created: Int64
        var finished: Int64?
        var outcome: LoopTask.Outcome?
        /// Still unfinished when the run ended (then cancelled at exit, not by the script);
        /// after a deadlock, the main task too.
        var leftPending = false
    }

    struct PrimitiveRecord {
        var peak = 0
        var waits = 0
        var operations: [String: Int] = [:]
    }

    private(set) var tasks: [TaskRecord] = []
    private var taskIndex: [Int: Int] = [:]
    private(set) var primitives: [String: PrimitiveRecord] = [:]
    /// Each deadline that expired: when, and the task it cancelled (its position in `tasks`).
    private(set) var timeouts: [(time: Int64, task: Int)] = []
    /// Primitives recorded at most: a script making millions must not make grading slow.
    static let maxPrimitives = 1000

    func taskStarted(_ task: LoopTask, at time: Int64) {
        taskIndex[task.id] = tasks.count
        tasks.append(TaskRecord(name: task.name, created: time))
    }

    /// The task's position in `tasks`, from 1 (the main task), as `run.tasks` numbers it.
    func position(of task: LoopTask) -> Int? { taskIndex[task.id].map { $0 + 1 } }

    func taskResumed(_ task: LoopTask, at time: Int64) {}

    func taskSuspended(_ task: LoopTask, waitingOn: String?, at time: Int64) {
        guard let waitingOn, let name = waitingOn.split(separator: ":", maxSplits: 1).first,
              name.contains("#") else { return }
        update(String(name)) { $0.waits += 1 }
    }

    func taskWoken(_ task: LoopTask, by waker: LoopTask?, at time: Int64) {}

    func taskFinished(_ task: LoopTask, at time: Int64) {
        guard let index = taskIndex[task.id] else { return }
        tasks[index].finished = time
        tasks[index].outcome = task.outcome
        tasks[index].name = task.name
    }

    func timeoutExpired(_ task: LoopTask, at time: Int64) {
        guard let position = position(of: task), timeouts.count < Self.maxPrimitives else { return }
        timeouts.append((time, position))
    }

    /// The run is over: whatever has not finished was left pending.
    func runEnded() {
        for index in tasks.indices where tasks[index].finished == nil { tasks[index].leftPending = true }
    }

    func operation(_ name: String, by task: LoopTask?, at time: Int64) {
        // A sim service's marks and counters are its own track; run.services has its numbers.
        guard !name.hasPrefix(ServiceTrack.prefix), let colon = name.firstIndex(of: ":") else { return }
        let primitive = String(name[..<colon]), operation = String(name[name.index(after: colon)...])
        update(primitive) { $0.operations[operation, default: 0] += 1 }
    }

    /// `Semaphore#1 holders` and `Queue#1 size`: the peak is what checks ask about.
    func counter(_ name: String, value: Int, at time: Int64) {
        guard !name.hasPrefix(ServiceTrack.prefix), let space = name.lastIndex(of: " ") else { return }
        let primitive = String(name[..<space])
        update(primitive) { $0.peak = max($0.peak, value) }
    }

    private func update(_ name: String, _ change: (inout PrimitiveRecord) -> Void) {
        if primitives[name] == nil && primitives.count >= Self.maxPrimitives { return }
        change(&primitives[name, default: PrimitiveRecord()])
    }
}
