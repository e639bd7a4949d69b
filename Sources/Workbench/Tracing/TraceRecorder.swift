import Scheduler

/// Records what the loop does as per-task spans, wake-up arrows, marks and counters: the
/// data behind `--trace`, `--timeline` and `--timeline-html`.
public final class TraceRecorder: LoopTracer {
    /// One stretch of a task's life.
    public struct Span: Equatable {
        public enum Kind: Equatable {
            case running
            /// Waiting on what `TraceRecorder.labels[n]` names.
            case waiting(Int)
            /// Woken (or new) and waiting for its turn.
            case ready
        }

        public let kind: Kind
        public let start: Int64
        public var end: Int64
        /// Where a waiting task waits (`file:line`), an index into `labels`; -1 unknown.
        public var site: Int32 = -1
    }

    /// Something that happened to a task at a moment: drawn as a mark on its row.
    public struct Incident: Equatable {
        public enum Kind: Equatable {
            /// Task `by` (nil: a timer, the loop) asked it to cancel.
            case cancelRequested(by: Int?)
            /// A timeout (`wait_for`, `asyncio.timeout`) expired on it.
            case timedOut
            /// It ended with an error, of this text (an index into `labels`).
            case failed(Int)
            case cancelled
        }

        public let time: Int64
        public let kind: Kind
    }

    public struct Track {
        public let id: Int
        public var name: String
        public var spans: [Span] = []
        public var outcome: LoopTask.Outcome?
        public var finishedAt: Int64?
        /// The task that was running when this one was created (nil: none, the first task).
        public var parent: Int?
        /// The function it runs, when known (`describeBody`), and whether that is a
        /// script's top-level chunk.
        public var body: String?
        public var isChunk = false
        public var incidents: [Incident] = []
    }

    /// A wake-up: `from` (a task id) made `to` ready at `sent`; `to` ran at `received`.
    public struct Flow: Equatable {
        public let from: Int
        public let sent: Int64
        public let to: Int
        public var received: Int64?
    }

    public struct Mark: Equatable {
        public let time: Int64
        public let task: Int?
        /// An index into `labels`.
        public let name: Int
    }

    public struct Sample: Equatable {
        public let time: Int64
        public let name: String
        public let value: Int
    }

    /// Every distinct text a span or mark names, stored once: a long run repeats the same
    /// few descriptions thousands of times.
    public private(set) var labels: [String] = []
    private var labelIndex: [String: Int] = [:]
    public private(set) var tracks: [Track] = []
    public private(set) var flows: [Flow] = []
    public private(set) var marks: [Mark] = []
    public private(set) var samples: [Sample] = []
    /// The most each counter can be (a queue's maxsize), for counters that have one.
    public private(set) var limits: [String: Int] = [:]
    /// Where each task's track is in `tracks`, and its wake-up still waiting to be received.
    private var trackIndex: [Int: Int] = [:]
    private var pendingFlow: [Int: Int] = [:]

    public init() {}

    /// What a task waits on while a simulated service answers its call.
    public static let simulatedCall = "a simulated service call"

    /// The latest time anything happened.
    public var endTime: Int64 {
        let spanEnd = tracks.lazy.compactMap { $0.spans.last?.end }.max() ?? 0
        return max(spanEnd, marks.last?.time ?? 0, samples.last?.time ?? 0)
    }

    private func label(_ text: String) -> Int {
        if let index = labelIndex[text] { return index }
        labels.append(text)
        labelIndex[text] = labels.count - 1
        return labels.count - 1
    }

    private func index(of task: LoopTask) -> Int {
        if let index = trackIndex[task.id] { return index }
        tracks.append(Track(id: task.id, name: task.name))
        trackIndex[task.id] = tracks.count - 1
        return tracks.count - 1
    }

    /// Ends the task's open span at `time` and opens one of `kind`.
    private func switchSpan(of task: LoopTask, to kind: Span.Kind?, at time: Int64) {
        let i = index(of: task)
        tracks[i].name = task.name
        if let last = tracks[i].spans.indices.last, tracks[i].spans[last].end == Int64.max {
            tracks[i].spans[last].end = time
            // A task that became ready and ran in the same instant was never seen waiting.
            if tracks[i].spans[last].kind == .ready && tracks[i].spans[last].start == time {
                tracks[i].spans.removeLast()
            }
        }
        if let kind { tracks[i].spans.append(Span(kind: kind, start: time, end: Int64.max)) }
    }

    public func taskStarted(_ task: LoopTask, at time: Int64) {
        switchSpan(of: task, to: .ready, at: time)
        let i = index(of: task)
        tracks[i].parent = task.loop.current?.id
        (tracks[i].body, tracks[i].isChunk) = task.describeBody()
    }

    public func taskResumed(_ task: LoopTask, at time: Int64) {
        switchSpan(of: task, to: .running, at: time)
        if let flow = pendingFlow.removeValue(forKey: task.id) { flows[flow].received = time }
    }

    public func taskSuspended(_ task: LoopTask, waitingOn: String?, at time: Int64) {
        // A sleep inside sim.lua is a simulated service's call: a wait of its own kind.
        let what = waitingOn == "sleep" && task.waitLibrary == "sim" ? TraceRecorder.simulatedCall : waitingOn
        switchSpan(of: task, to: what.map { .waiting(label($0)) } ?? .ready, at: time)
        if waitingOn != nil, let site = task.waitSite {
            let i = index(of: task)
            tracks[i].spans[tracks[i].spans.count - 1].site = Int32(label(site))
        }
    }

    public func taskWoken(_ task: LoopTask, by waker: LoopTask?, at time: Int64) {
        guard let waker, waker !== task else { return }
        flows.append(Flow(from: waker.id, sent: time, to: task.id, received: nil))
        pendingFlow[task.id] = flows.count - 1
    }

    public func taskFinished(_ task: LoopTask, at time: Int64) {
        switchSpan(of: task, to: nil, at: time)
        let i = index(of: task)
        tracks[i].outcome = task.outcome
        tracks[i].finishedAt = time
        switch task.outcome {
        case .failed: tracks[i].incidents.append(Incident(time: time, kind: .failed(label(task.failureSummary ?? "an error"))))
        case .cancelled: tracks[i].incidents.append(Incident(time: time, kind: .cancelled))
        default: break
        }
    }

    public func taskCancelRequested(_ task: LoopTask, by canceller: LoopTask?, at time: Int64) {
        let i = index(of: task)
        // A timeout's own cancel is already marked as the timeout.
        if canceller == nil, tracks[i].incidents.last == Incident(time: time, kind: .timedOut) { return }
        tracks[i].incidents.append(Incident(time: time, kind: .cancelRequested(by: canceller?.id)))
    }

    /// A timeout expired on `task`: its cancel that follows is the timeout's.
    public func timeoutExpired(_ task: LoopTask, at time: Int64) {
        let i = index(of: task)
        tracks[i].incidents.append(Incident(time: time, kind: .timedOut))
    }

    public func operation(_ name: String, by task: LoopTask?, at time: Int64) {
        marks.append(Mark(time: time, task: task?.id, name: label(name)))
    }

    public func counter(_ name: String, value: Int, at time: Int64) {
        samples.append(Sample(time: time, name: name, value: value))
    }

    public func counter(_ name: String, value: Int, limit: Int?, at time: Int64) {
        if let limit, limits[name] == nil { limits[name] = limit }
        samples.append(Sample(time: time, name: name, value: value))
    }

    /// Closes what is still open at `time` (tasks abandoned at the end of a run).
    public func close(at time: Int64) {
        for i in tracks.indices {
            if let last = tracks[i].spans.indices.last, tracks[i].spans[last].end == Int64.max {
                tracks[i].spans[last].end = time
            }
        }
        flows.removeAll { $0.received == nil }
        pendingFlow.removeAll()
    }
}
