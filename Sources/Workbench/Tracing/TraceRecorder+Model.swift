import Scheduler

/// The recorded run as timelines and the JSON trace read it: per-task spans, wake-up
/// arrows, marks and counters, made from the log when first asked for after it grew.
extension TraceRecorder {
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

    struct Model {
        var tracks: [Track] = []
        var flows: [Flow] = []
        var marks: [Mark] = []
        var samples: [Sample] = []
        var limits: [String: Int] = [:]
    }

    public var tracks: [Track] { model.tracks }
    public var flows: [Flow] { model.flows }
    public var marks: [Mark] { model.marks }
    public var samples: [Sample] { model.samples }
    /// The most each counter can be (a queue's maxsize), for counters that have one.
    public var limits: [String: Int] { model.limits }

    /// The latest time anything happened.
    public var endTime: Int64 {
        let spanEnd = tracks.lazy.compactMap { $0.spans.last?.end }.max() ?? 0
        return max(spanEnd, marks.last?.time ?? 0, samples.last?.time ?? 0)
    }

    private var model: Model {
        if let made = madeModel, made.events == log.events, made.closedAt == closedAt { return made.model }
        let model = replay()
        madeModel = (log.events, closedAt, model)
        return model
    }

    /// Plays the log back into tracks, spans, arrows, marks and counters.
    private func replay() -> Model {
        var model = Model()
        var trackIndex: [Int: Int] = [:]
        var pendingFlow: [Int: Int] = [:]
        func index(of id: Int) -> Int {
            if let index = trackIndex[id] { return index }
            let facts = facts[id]
            model.tracks.append(Track(id: id, name: name(ofTask: id), parent: facts?.parent, body: facts?.body,
                                      isChunk: facts?.isChunk ?? false))
            trackIndex[id] = model.tracks.count - 1
            return model.tracks.count - 1
        }
        /// Ends the task's open span at `time` and opens one of `kind`.
        func switchSpan(of i: Int, to kind: Span.Kind?, at time: Int64) {
            if let last = model.tracks[i].spans.indices.last, model.tracks[i].spans[last].end == Int64.max {
                model.tracks[i].spans[last].end = time
                // A task that became ready and ran in the same instant was never seen waiting.
                if model.tracks[i].spans[last].kind == .ready && model.tracks[i].spans[last].start == time {
                    model.tracks[i].spans.removeLast()
                }
            }
            if let kind { model.tracks[i].spans.append(Span(kind: kind, start: time, end: Int64.max)) }
        }
        log.forEach { event in
            let task = Int(truncatingIfNeeded: event.a)
            let time = event.time
            switch event.kind {
            case .started: switchSpan(of: index(of: task), to: .ready, at: time)
            case .resumed:
                switchSpan(of: index(of: task), to: .running, at: time)
                if let flow = pendingFlow.removeValue(forKey: task) { model.flows[flow].received = time }
            case .ready: switchSpan(of: index(of: task), to: .ready, at: time)
            case .waiting:
                let i = index(of: task)
                switchSpan(of: i, to: .waiting(Int(event.b)), at: time)
                if event.c > 0 { model.tracks[i].spans[model.tracks[i].spans.count - 1].site = Int32(event.c - 1) }
            case .woken:
                model.flows.append(Flow(from: Int(truncatingIfNeeded: event.b), sent: time, to: task, received: nil))
                pendingFlow[task] = model.flows.count - 1
            case .finished:
                let i = index(of: task)
                switchSpan(of: i, to: nil, at: time)
                let facts = facts[task]
                model.tracks[i].outcome = facts?.outcome
                model.tracks[i].finishedAt = time
                switch facts?.outcome {
                case .failed: model.tracks[i].incidents.append(Incident(time: time, kind: .failed(facts?.failure ?? label("an error"))))
                case .cancelled: model.tracks[i].incidents.append(Incident(time: time, kind: .cancelled))
                default: break
                }
            case .cancelRequested:
                let i = index(of: task)
                // A timeout's own cancel is already marked as the timeout.
                if event.b == 0, model.tracks[i].incidents.last == Incident(time: time, kind: .timedOut) { break }
                let by = event.b == 0 ? nil : Int(truncatingIfNeeded: event.b - 1)
                model.tracks[i].incidents.append(Incident(time: time, kind: .cancelRequested(by: by)))
            case .timedOut: model.tracks[index(of: task)].incidents.append(Incident(time: time, kind: .timedOut))
            case .operation:
                model.marks.append(Mark(time: time, task: event.a == 0 ? nil : task - 1, name: Int(event.b)))
            case .counter:
                let name = labels[Int(event.a)]
                if let limit = labelLimits[Int(event.a)], model.limits[name] == nil { model.limits[name] = limit }
                model.samples.append(Sample(time: time, name: name, value: Int(TraceLog.unzigzag(event.b))))
            }
        }
        if let closedAt {
            for i in model.tracks.indices {
                if let last = model.tracks[i].spans.indices.last, model.tracks[i].spans[last].end == Int64.max {
                    model.tracks[i].spans[last].end = closedAt
                }
            }
            model.flows.removeAll { $0.received == nil }
        }
        return model
    }
}
