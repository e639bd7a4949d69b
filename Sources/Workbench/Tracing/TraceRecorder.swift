import Scheduler

/// Records what the loop does into a compact byte log (`TraceLog`), naming each distinct
/// wait, mark and counter once: the data behind `--trace`, `--timeline` and
/// `--timeline-html`. The per-task spans, wake-up arrows, marks and counters that timelines
/// and the JSON trace read are made from the log when first asked for
/// (TraceRecorder+Model.swift).
public final class TraceRecorder: LoopTracer {
    /// What a task's track shows besides its events: asked as it starts and ends.
    public struct TaskFacts {
        /// Its name, when renamed (else `Task-<id>`).
        public var customName: String?
        /// The task that was running when this one was created (nil: none, the first task).
        public var parent: Int?
        /// The function it runs, when known (`describeBody`), and whether that is a
        /// script's top-level chunk.
        public var body: String?
        public var isChunk = false
        public var outcome: LoopTask.Outcome?
        /// What it failed with, a label.
        public var failure: Int?
    }

    public let log = TraceLog()
    /// Every distinct text a wait, mark or counter names, stored once.
    public private(set) var labels: [String] = []
    private var labelIndex: [String: Int] = [:]
    private var keyIndex = TraceKeyTable()
    /// The most each counter label can be, for counters that have one.
    private(set) var labelLimits: [Int?] = []
    public private(set) var facts: [Int: TaskFacts] = [:]
    /// When the run's end closed what was still open.
    public private(set) var closedAt: Int64?
    /// The model made from the log, and how many events it has seen.
    var madeModel: (events: Int, closedAt: Int64?, model: Model)?

    public init() {}

    /// What a task waits on while a simulated service answers its call.
    public static let simulatedCall = "a simulated service call"

    func label(_ text: String) -> Int {
        if let index = labelIndex[text] { return index }
        labels.append(text)
        labelLimits.append(nil)
        labelIndex[text] = labels.count - 1
        return labels.count - 1
    }

    /// The label of the text `key` stands for, made by `text` the first time.
    @inline(__always)
    private func label(_ key: TraceKey, _ text: () -> String) -> Int {
        if let index = keyIndex[key] { return index }
        let index = label(text())
        keyIndex.insert(key, index)
        return index
    }

    /// A renamed task's name is noted as it switches, as it would be shown then.
    @inline(__always)
    private func noteName(of task: LoopTask) {
        guard let custom = task.customName else { return }
        if facts[task.id]?.customName != custom { facts[task.id, default: TaskFacts()].customName = custom }
    }

    private static func id(_ task: LoopTask) -> UInt64 { UInt64(truncatingIfNeeded: task.id) }

    public func taskStarted(_ task: LoopTask, at time: Int64) {
        log.append(.started, at: time, Self.id(task))
        var made = facts[task.id] ?? TaskFacts()
        made.customName = task.customName
        made.parent = task.loop.current?.id
        (made.body, made.isChunk) = task.describeBody()
        facts[task.id] = made
    }

    public func taskResumed(_ task: LoopTask, at time: Int64) {
        noteName(of: task)
        log.append(.resumed, at: time, Self.id(task))
    }

    public func taskSuspended(_ task: LoopTask, waitingOn: String?, at time: Int64) {
        noteName(of: task)
        guard let waitingOn else { return log.append(.ready, at: time, Self.id(task)) }
        // A sleep inside sim.lua is a simulated service's call: a wait of its own kind.
        let what = waitingOn == "sleep" && task.waitLibrary == "sim" ? TraceRecorder.simulatedCall : waitingOn
        let waitLabel = label(what)
        let site = task.waitSite.map(label)
        log.append(.waiting, at: time, Self.id(task), UInt64(waitLabel), site.map { UInt64($0) + 1 } ?? 0)
    }

    public func taskSuspended(_ task: LoopTask, on source: WaitSource?, at time: Int64) {
        guard let source, let key = source.traceKey(of: task) else {
            return taskSuspended(task, waitingOn: source?.describeWait(of: task), at: time)
        }
        noteName(of: task)
        let waitLabel = key == .sleep && task.waitLibrary == "sim"
            ? label(TraceRecorder.simulatedCall) : label(key) { source.describeWait(of: task) }
        var site: UInt64 = 0
        if let siteKey = task.waitSiteKey {
            site = UInt64(label(siteKey) { task.waitSite ?? "?" }) + 1
        }
        log.append(.waiting, at: time, Self.id(task), UInt64(waitLabel), site)
    }

    public func taskWoken(_ task: LoopTask, by waker: LoopTask?, at time: Int64) {
        guard let waker, waker !== task else { return }
        log.append(.woken, at: time, Self.id(task), Self.id(waker))
    }

    public func taskFinished(_ task: LoopTask, at time: Int64) {
        log.append(.finished, at: time, Self.id(task))
        var made = facts[task.id] ?? TaskFacts()
        made.customName = task.customName
        made.outcome = task.outcome
        if task.outcome == .failed { made.failure = label(task.failureSummary ?? "an error") }
        facts[task.id] = made
    }

    public func taskCancelRequested(_ task: LoopTask, by canceller: LoopTask?, at time: Int64) {
        log.append(.cancelRequested, at: time, Self.id(task), canceller.map { Self.id($0) + 1 } ?? 0)
    }

    /// A timeout expired on `task`: its cancel that follows is the timeout's.
    public func timeoutExpired(_ task: LoopTask, at time: Int64) {
        log.append(.timedOut, at: time, Self.id(task))
    }

    public func operation(_ name: String, by task: LoopTask?, at time: Int64) {
        log.append(.operation, at: time, task.map { Self.id($0) + 1 } ?? 0, UInt64(label(name)))
    }

    public func operation(_ key: TraceKey, by task: LoopTask?, at time: Int64, name: () -> String) {
        log.append(.operation, at: time, task.map { Self.id($0) + 1 } ?? 0, UInt64(label(key, name)))
    }

    public func counter(_ name: String, value: Int, at time: Int64) {
        counter(name, value: value, limit: nil, at: time)
    }

    public func counter(_ name: String, value: Int, limit: Int?, at time: Int64) {
        record(counter: label(name), value: value, limit: limit, at: time)
    }

    public func counter(_ key: TraceKey, value: Int, limit: Int?, at time: Int64, name: () -> String) {
        record(counter: label(key, name), value: value, limit: limit, at: time)
    }

    @inline(__always)
    private func record(counter index: Int, value: Int, limit: Int?, at time: Int64) {
        if let limit, labelLimits[index] == nil { labelLimits[index] = limit }
        log.append(.counter, at: time, UInt64(index), TraceLog.zigzag(Int64(value)))
    }

    /// Closes what is still open at `time` (tasks abandoned at the end of a run).
    public func close(at time: Int64) { closedAt = time }

    /// The name a task's track is shown by.
    public func name(ofTask id: Int) -> String { facts[id]?.customName ?? "Task-\(id)" }
}
