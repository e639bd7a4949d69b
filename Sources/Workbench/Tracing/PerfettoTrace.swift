import Scheduler

/// Writes a recorded run in Perfetto's protobuf trace format (TracePacket / TrackEvent),
/// which ui.perfetto.dev and `trace_processor` open: a few bytes an event where the JSON
/// takes a hundred.
///
/// One process; a thread track per task (and one, "loop", for marks no task made); slices
/// for running, ready and waiting (named "waiting on …"); instants for primitive operations
/// and how each task ended; flows from the task that woke another to where the woken one
/// ran; a counter track per queue depth or semaphore holding. One packet sequence: event
/// names are interned (sent once, then referred to by number) and timestamps are deltas on
/// a sequence-scoped incremental clock, so most events take 10 to 14 bytes, and about 1.3
/// once compressed (PacketCompressor). Written straight from the log, in its order, so
/// times only grow.
public enum PerfettoTrace {
    /// Streams the file to `sink`, a compressed megabyte of packets at a time (on a thread of
    /// its own; the last call is done before this returns).
    public static func write(
        _ trace: TraceRecorder, title: String, metadata: [(String, String)], to sink: (UnsafeRawBufferPointer) -> Void
    ) {
        withoutActuallyEscaping(sink) { sink in
            var writer = Writer(trace: trace, sink: sink)
            writer.start(title: title, metadata: metadata)
            trace.log.forEach { writer.add($0) }
            writer.finish()
        }
    }

    /// The whole file (for tests and small runs).
    public static func bytes(_ trace: TraceRecorder, title: String, metadata: [(String, String)] = []) -> [UInt8] {
        var all: [UInt8] = []
        write(trace, title: title, metadata: metadata) { all.append(contentsOf: $0) }
        return all
    }

    /// Field numbers and values from Perfetto's protos (protos/perfetto/trace/…).
    enum Field {
        static let tracePacket: UInt64 = 1  // Trace.packet
        // TracePacket
        static let clockSnapshot: UInt64 = 6, timestamp: UInt64 = 8, sequenceID: UInt64 = 10
        static let trackEvent: UInt64 = 11, internedData: UInt64 = 12, sequenceFlags: UInt64 = 13
        static let timestampClock: UInt64 = 58, packetDefaults: UInt64 = 59, trackDescriptor: UInt64 = 60
        static let compressedPackets: UInt64 = 50
        // TrackEvent
        static let type: UInt64 = 9, nameIID: UInt64 = 10, trackUUID: UInt64 = 11, counterValue: UInt64 = 30
        static let flowIDs: UInt64 = 47, terminatingFlowIDs: UInt64 = 48
        static let sliceBegin: UInt64 = 1, sliceEnd: UInt64 = 2, instant: UInt64 = 3, counter: UInt64 = 4
        // TrackDescriptor, ProcessDescriptor, ThreadDescriptor
        static let uuid: UInt64 = 1, name: UInt64 = 2, process: UInt64 = 3, thread: UInt64 = 4, parent: UInt64 = 5
        static let counterDescriptor: UInt64 = 8
        static let pid: UInt64 = 1, tid: UInt64 = 2, processName: UInt64 = 6, threadName: UInt64 = 5
        // InternedData.event_names: EventName {iid, name}
        static let eventNames: UInt64 = 2
        // ClockSnapshot {clocks: Clock {clock_id, timestamp, is_incremental}, primary_trace_clock}
        static let clocks: UInt64 = 1, primaryClock: UInt64 = 2
        static let bootTime: UInt64 = 6, loopClock: UInt64 = 64
        // SequenceFlags
        static let stateCleared: UInt64 = 1, needsState: UInt64 = 2
    }

    /// Track uuids: the process, the loop's own track, then tasks and counters interleaved
    /// so that both stay one or two bytes long.
    static let processTrack: UInt64 = 1, loopTrack: UInt64 = 2
    static func taskTrack(_ id: UInt64) -> UInt64 { id * 2 + 3 }
    static func counterTrack(_ label: UInt64) -> UInt64 { label * 2 + 4 }

    /// Interned names: a few fixed ones, then two a label (waiting on it, and it as a mark).
    enum Name {
        static let running: UInt64 = 1, ready: UInt64 = 2, wake: UInt64 = 3
        static let returned: UInt64 = 4, failed: UInt64 = 5, cancelled: UInt64 = 6
        static let fixed = ["running", "ready", "wake", "returned", "failed", "cancelled"]
        static func waiting(_ label: UInt64) -> UInt64 { 16 + label * 2 }
        static func mark(_ label: UInt64) -> UInt64 { 17 + label * 2 }
    }

    private struct Writer {
        let trace: TraceRecorder
        let compressor: PacketCompressor
        var out = ProtobufWriter()
        var packet = ProtobufWriter()
        var event = ProtobufWriter()
        var interned = ProtobufWriter()
        /// The time of the last packet written, which the next one's timestamp counts from.
        var lastTime: Int64 = 0
        /// Indexed by interned name, task id and label: arrays, as a set's hashing cost
        /// more than the rest of an event.
        var sentNames: [Bool] = []
        var describedTasks: [Bool] = []
        var describedCounters: [Bool] = []
        /// Per task: 0 nothing open, 1 a slice open, 2 ready since `now` and not yet written
        /// (dropped if it runs in the same instant, as the JSON and timelines drop it).
        var state: [UInt8] = []
        var readyNow: [UInt64] = []
        var now: Int64 = 0
        /// Per task, the flow of the wake-up its next run ends (0: none).
        var pendingFlow: [UInt64] = []
        var nextFlow: UInt64 = 1

        init(trace: TraceRecorder, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
            self.trace = trace
            compressor = PacketCompressor(sink: sink)
            out.bytes.reserveCapacity(1 << 20 + 4096)
        }

        mutating func start(title: String, metadata: [(String, String)]) {
            // The sequence starts clean, with its clock (64) counting in deltas from 0.
            packet.field(Field.sequenceID, 1)
            packet.field(Field.sequenceFlags, Field.stateCleared)
            packet.message(Field.packetDefaults) { $0.field(Field.timestampClock, Field.loopClock) }
            packet.message(Field.clockSnapshot) { snapshot in
                snapshot.message(Field.clocks) { $0.field(1, Field.bootTime); $0.field(2, 0) }
                snapshot.message(Field.clocks) { $0.field(1, Field.loopClock); $0.field(2, 0); $0.field(3, 1) }
                snapshot.field(Field.primaryClock, Field.bootTime)
            }
            emitPacket()
            let processName = ([title] + metadata.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
            describe(PerfettoTrace.processTrack) { track in
                track.message(Field.process) { $0.field(Field.pid, 1); $0.field(Field.processName, processName) }
            }
            describe(PerfettoTrace.loopTrack) { track in
                track.field(Field.parent, PerfettoTrace.processTrack)
                track.message(Field.thread) { $0.field(Field.pid, 1); $0.field(Field.tid, 0); $0.field(Field.threadName, "loop") }
            }
        }

        mutating func add(_ entry: TraceLog.Event) {
            if entry.time != now { advance(to: entry.time) }
            let task = entry.a
            switch entry.kind {
            case .started, .ready:
                endSlice(of: task)
                beReady(task)
            case .resumed:
                endSlice(of: task)
                state[Int(task)] = 1
                let flow = pendingFlow[Int(task)]
                pendingFlow[Int(task)] = 0
                slice(.begin, on: task, name: Name.running, terminating: flow == 0 ? nil : flow)
            case .waiting:
                endSlice(of: task)
                state[Int(task)] = 1
                slice(.begin, on: task, name: name(Name.waiting(entry.b)) { "waiting on \($0)" })
            case .woken:
                let flow = nextFlow
                nextFlow += 1
                track(of: task)
                pendingFlow[Int(task)] = flow
                instant(on: PerfettoTrace.taskTrack(entry.b), name: Name.wake, flow: flow)
            case .finished:
                endSlice(of: task)
                state[Int(task)] = 0
                let outcome: UInt64? = switch trace.facts[Int(truncatingIfNeeded: task)]?.outcome {
                case .returned: Name.returned
                case .failed: Name.failed
                case .cancelled: Name.cancelled
                case nil: nil
                }
                if let outcome { instant(on: PerfettoTrace.taskTrack(task), name: outcome) }
            case .cancelRequested, .timedOut:
                break  // drawn by timelines; the JSON trace has them not either
            case .operation:
                let track = task == 0 ? PerfettoTrace.loopTrack : PerfettoTrace.taskTrack(task - 1)
                instant(on: track, name: name(Name.mark(entry.b)) { $0 })
            case .counter:
                counter(entry.a, value: TraceLog.unzigzag(entry.b))
            }
        }

        mutating func finish() {
            advance(to: max(now, trace.closedAt ?? now))
            if trace.closedAt != nil {
                for task in state.indices where state[task] == 1 { slice(.end, on: UInt64(task)) }
            }
            flush()
            compressor.finish()
        }

        /// Time moves on: ready slices of the instant before were not dropped after all.
        private mutating func advance(to time: Int64) {
            // By index: a copy of the list cost an allocation a step of the clock.
            for index in readyNow.indices where state[Int(readyNow[index])] == 2 {
                state[Int(readyNow[index])] = 1
                slice(.begin, on: readyNow[index], name: Name.ready)
            }
            readyNow.removeAll(keepingCapacity: true)
            now = time
        }

        /// Ends the task's open slice, if any (its track described first).
        private mutating func endSlice(of task: UInt64) {
            track(of: task)
            if state[Int(task)] == 1 { slice(.end, on: task) }
        }

        private mutating func beReady(_ task: UInt64) {
            state[Int(task)] = 2
            readyNow.append(task)
        }

        /// Describes the task's track before its first event.
        private mutating func track(of task: UInt64) {
            if Int(task) >= state.count {
                let more = Int(task) + 1 - state.count
                state.append(contentsOf: repeatElement(0, count: more))
                pendingFlow.append(contentsOf: repeatElement(0, count: more))
                describedTasks.append(contentsOf: repeatElement(false, count: more))
            }
            guard !describedTasks[Int(task)] else { return }
            describedTasks[Int(task)] = true
            let name = trace.name(ofTask: Int(truncatingIfNeeded: task))
            describe(PerfettoTrace.taskTrack(task)) { track in
                track.field(Field.parent, PerfettoTrace.processTrack)
                track.message(Field.thread) { thread in
                    thread.field(Field.pid, 1)
                    thread.field(Field.tid, task)
                    thread.field(Field.threadName, name)
                }
            }
        }

        private mutating func describe(_ uuid: UInt64, _ body: (inout ProtobufWriter) -> Void) {
            packet.field(Field.sequenceID, 1)
            packet.message(Field.trackDescriptor) { track in
                track.field(Field.uuid, uuid)
                body(&track)
            }
            emitPacket()
        }

        /// The interned name `iid`, sending its text (made from a label) the first time.
        private mutating func name(_ iid: UInt64, _ text: (String) -> String) -> UInt64 {
            if !sent(iid) {
                let label = Int((iid - 16) / 2)
                internName(iid, text(trace.labels[label]))
            }
            return iid
        }

        private mutating func internName(_ iid: UInt64, _ text: String) {
            interned.message(Field.eventNames) { $0.field(1, iid); $0.field(2, text) }
        }

        private enum Edge { case begin, end }

        private mutating func slice(_ edge: Edge, on task: UInt64, name: UInt64 = 0, terminating flow: UInt64? = nil) {
            if edge == .end { state[Int(task)] = 0 }
            event.field(Field.type, edge == .begin ? Field.sliceBegin : Field.sliceEnd)
            event.field(Field.trackUUID, PerfettoTrace.taskTrack(task))
            if edge == .begin { event.field(Field.nameIID, fixedName(name)) }
            if let flow { event.fixed64(Field.terminatingFlowIDs, flow) }
            emitEvent()
        }

        private mutating func instant(on track: UInt64, name: UInt64, flow: UInt64? = nil) {
            event.field(Field.type, Field.instant)
            event.field(Field.trackUUID, track)
            event.field(Field.nameIID, fixedName(name))
            if let flow { event.fixed64(Field.flowIDs, flow) }
            emitEvent()
        }

        /// Fixed names are interned as they are first used, like labels.
        private mutating func fixedName(_ iid: UInt64) -> UInt64 {
            if iid < 16, !sent(iid) { internName(iid, Name.fixed[Int(iid) - 1]) }
            return iid
        }

        /// Whether name `iid` was sent already; it counts as sent from now.
        private mutating func sent(_ iid: UInt64) -> Bool {
            if Int(iid) >= sentNames.count { sentNames.append(contentsOf: repeatElement(false, count: Int(iid) + 64 - sentNames.count)) }
            defer { sentNames[Int(iid)] = true }
            return sentNames[Int(iid)]
        }

        private mutating func counter(_ label: UInt64, value: Int64) {
            let uuid = PerfettoTrace.counterTrack(label)
            if Int(label) >= describedCounters.count {
                describedCounters.append(contentsOf: repeatElement(false, count: Int(label) + 1 - describedCounters.count))
            }
            if !describedCounters[Int(label)] {
                describedCounters[Int(label)] = true
                let name = trace.labels[Int(label)]
                describe(uuid) { track in
                    track.field(Field.parent, PerfettoTrace.processTrack)
                    track.field(Field.name, name)
                    track.message(Field.counterDescriptor) { _ in }
                }
            }
            event.field(Field.type, Field.counter)
            event.field(Field.trackUUID, uuid)
            event.field(Field.counterValue, signed: value)
            emitEvent()
        }

        /// The event in `event` as a packet at `now`, with the names it first used.
        private mutating func emitEvent() {
            // Loop time never goes back; if a clock ever did, its events would stay in order.
            let delta = UInt64(max(0, now - lastTime))
            lastTime += Int64(delta)
            if !interned.bytes.isEmpty {
                packet.field(Field.timestamp, delta)
                packet.message(Field.trackEvent, event)
                packet.message(Field.internedData, interned)
                packet.field(Field.sequenceID, 1)
                packet.field(Field.sequenceFlags, Field.needsState)
                event.clear()
                interned.clear()
                return emitPacket()
            }
            // The common packet, straight into the output: its length is known beforehand.
            let eventLength = UInt64(event.bytes.count)
            let length = 1 + ProtobufWriter.size(of: delta) + 1 + ProtobufWriter.size(of: eventLength) + eventLength + 4
            out.tag(Field.tracePacket, 2)
            out.varint(length)
            out.field(Field.timestamp, delta)
            out.tag(Field.trackEvent, 2)
            out.varint(eventLength)
            out.bytes.append(contentsOf: event.bytes)
            out.field(Field.sequenceID, 1)
            out.field(Field.sequenceFlags, Field.needsState)
            event.clear()
            if out.bytes.count >= 1 << 20 { flush() }
        }

        private mutating func emitPacket() {
            out.message(Field.tracePacket, packet)
            packet.clear()
            if out.bytes.count >= 1 << 20 { flush() }
        }

        /// Hands the packets written so far (about a megabyte, always whole ones) to be
        /// compressed and written (PacketCompressor).
        private mutating func flush() {
            guard !out.bytes.isEmpty else { return }
            compressor.add(out.bytes)
            out.clear()
        }
    }
}
