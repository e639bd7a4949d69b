import Foundation
import Testing
import Workbench

/// What `--timeline` and `--timeline-html` show of the lecture's examples: rows a reader
/// recognises, states told apart, the primitives as tracks, and where tasks were cancelled,
/// timed out or failed.
@Suite struct TimelineTests {
    static func record(_ script: String, arguments: [String] = []) async throws -> TraceRecorder {
        let recorder = TraceRecorder()
        let path = script.hasPrefix("/") ? script : GoldenFiles.repositoryRoot.appendingPathComponent(script).path
        _ = try await Transcript.record(scriptAt: path, displayName: script, arguments: arguments, tracer: recorder)
        return recorder
    }

    static let semaphore = "examples/lecture/24.1-semaphore-rate-limit.lua"
    static let race = "examples/lecture/24.2-wait-first-completed.lua"
    static let retry = "examples/lecture/24.3-wait-for-retry.lua"
    static let queue = "examples/lecture/24.4-producer-consumer-queue.lua"

    /// The states a row's spans pass through.
    private func states(of row: String, in trace: TraceRecorder) throws -> Set<TimelineState> {
        let layout = TimelineRows(trace)
        let found = try #require(layout.rows.first { $0.name == row }, "no row \(row)")
        return Set(trace.tracks[found.track].spans.map { TimelineState.of($0, labels: trace.labels).state })
    }

    @Test func rowsAreNamedAfterTheFunctionTheyRunAndNestedUnderTheirCreator() async throws {
        let layout = TimelineRows(try await Self.record(Self.queue))
        #expect(layout.rows.map(\.name) == ["main", "dataProducer", "dataConsumer (1)", "dataConsumer (2)"])
        #expect(layout.rows.map(\.depth) == [0, 1, 1, 1])
    }

    @Test func theScriptsChunkIsFoldedIntoTheTaskItServes() async throws {
        let trace = try await Self.record(Self.queue)
        #expect(trace.tracks.contains { $0.isChunk }, "the chunk was recorded")
        #expect(!TimelineRows(trace).rows.contains { $0.name == "main chunk" })
    }

    @Test func aChunkThatDoesMoreThanAwaitOneTaskKeepsItsRow() async throws {
        let path = try ToThreadTests.write("""
            local a = asyncio.create_task(function() asyncio.sleep(1) end)
            local b = asyncio.create_task(function() asyncio.sleep(2) end)
            asyncio.sleep(0.5)
            a:await(); b:await()
            """)
        let rows = TimelineRows(try await Self.record(path)).rows
        #expect(rows.first?.name == "main chunk")
        #expect(rows.count == 3 && rows.dropFirst().allSatisfy { $0.depth == 1 })
        #expect(rows.dropFirst().map { $0.name.hasPrefix("function at ") } == [true, true], "anonymous: named by where it is written")
        #expect(rows[1].name.hasSuffix(".lua:1") && rows[2].name.hasSuffix(".lua:2"))
    }

    @Test func aTasksOwnNameComesFirstAndOtherTasksAreNamedInWaits() async throws {
        let path = try ToThreadTests.write("""
            local function worker() asyncio.sleep(1) end
            local t = asyncio.create_task(worker)
            t:set_name("fetcher")
            local u = asyncio.create_task(worker)
            t:await(); u:await()
            """)
        let trace = try await Self.record(path)
        let layout = TimelineRows(trace)
        #expect(layout.rows.map(\.name) == ["main chunk", "fetcher", "worker"])
        #expect(layout.naming("Task-3 to finish") == "worker to finish")
        #expect(HTMLTimeline.dataJSON(trace).contains(#""fetcher to finish""#))
    }

    @Test func sleepingAndWaitingOnAFullQueueAreDifferentStates() async throws {
        let trace = try await Self.record(Self.queue, arguments: ["0.3"])
        let producer = try states(of: "dataProducer", in: trace)
        #expect(producer.isSuperset(of: [.running, .sleep, .queuePut]))
        #expect(try states(of: "dataConsumer (2)", in: trace).contains(.queueGet))
        #expect(try states(of: "main", in: trace).contains(.task))
        #expect(!(try states(of: "dataProducer", in: try await Self.record(Self.queue))).contains(.queuePut),
                "with the lecture's numbers the queue never fills")
    }

    @Test func aCallToASimulatedServiceIsAStateOfItsOwn() async throws {
        let trace = try await Self.record("examples/sim/24.4-consumers-call-a-slow-service.lua")
        #expect(try states(of: "dataConsumer (1)", in: trace).contains(.service))
        #expect(!(try states(of: "dataProducer", in: trace)).contains(.service), "the producer's own sleeps stay sleeps")
    }

    @Test func waitsAreClassifiedByThePrimitiveTheyWaitOn() {
        let cases: [(String, TimelineState, String?)] = [
            ("sleep", .sleep, nil),
            ("Queue#2:get (empty)", .queueGet, "Queue#2"),
            ("PriorityQueue#1:put (full, maxsize=1)", .queuePut, "PriorityQueue#1"),
            ("LifoQueue#1:join (unfinished=3)", .queueJoin, "LifoQueue#1"),
            ("Semaphore#1:acquire (value: 0, waiters: 2)", .semaphore, "Semaphore#1"),
            ("BoundedSemaphore#3:acquire (locked)", .semaphore, "BoundedSemaphore#3"),
            ("Lock#1:acquire (locked, waiters=1)", .lock, "Lock#1"),
            ("Event#4:wait (unset)", .event, "Event#4"),
            ("Condition#1:wait (lock: Lock#1)", .condition, "Condition#1"),
            ("Task-7 to finish", .task, "Task-7"),
            ("the first of Task-3, Task-4", .task, "the first of Task-3, Task-4"),
            ("to_thread (a worker thread runs it)", .host, "to_thread"),
            ("fetch (host work in flight)", .host, "fetch"),
        ]
        for (label, state, object) in cases {
            let found = TimelineState.classify(label)
            #expect(found.state == state, "\(label)")
            #expect(found.object == object, "\(label)")
        }
    }

    @Test func aWaitKnowsTheLineItWaitedAt() async throws {
        let trace = try await Self.record(Self.queue, arguments: ["0.3"])
        let layout = TimelineRows(trace)
        let producer = trace.tracks[try #require(layout.rows.first { $0.name == "dataProducer" }).track]
        let put = try #require(producer.spans.first { TimelineState.of($0, labels: trace.labels).state == .queuePut })
        let source = try String(contentsOfFile: GoldenFiles.repositoryRoot.appendingPathComponent(Self.queue).path, encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("queue:put(item)") }) + 1
        #expect(put.site >= 0 && trace.labels[Int(put.site)] == "\(Self.queue):\(line)")
    }

    @Test func timeoutsAndCancelsAreMarkedOnTheTasksTheyHit() async throws {
        let retry = try await Self.record(Self.retry)
        let callers = TimelineRows(retry).rows.filter { $0.name.hasPrefix("callWithTimeout") }
        #expect(callers.count == 3)
        let timeouts = callers.flatMap { retry.tracks[$0.track].incidents }.filter { $0.kind == .timedOut }
        #expect(!timeouts.isEmpty)
        #expect(timeouts.allSatisfy { $0.time % 500_000_000 == 0 }, "each attempt times out 0.5s after it began")
        let race = try await Self.record(Self.race)
        let layout = TimelineRows(race)
        let mainID = race.tracks[layout.rows[0].track].id
        let cancelled = layout.rows.filter { row in
            race.tracks[row.track].incidents.contains { $0.kind == .cancelRequested(by: mainID) }
        }
        #expect(cancelled.count == 2, "main cancels the two slower regions")
        #expect(cancelled.allSatisfy { race.tracks[$0.track].incidents.contains { $0.kind == .cancelled } })
    }

    @Test func anErrorIsMarkedWithItsMessage() async throws {
        let path = try ToThreadTests.write("""
            local t = asyncio.create_task(function() asyncio.sleep(1); error("disk full") end)
            pcall(t.await, t)
            """)
        let trace = try await Self.record(path)
        let failed = trace.tracks.flatMap(\.incidents).compactMap { incident -> String? in
            if case .failed(let text) = incident.kind { return trace.labels[text] }
            return nil
        }
        #expect(failed.count == 1 && failed[0].hasSuffix("disk full"))
    }

    @Test func queuesAndSemaphoresBecomeTracksAgainstTheirLimit() async throws {
        let queue = try #require(PrimitiveTracks.tracks(try await Self.record(Self.queue, arguments: ["0.3"])).first)
        #expect(queue.name == "Queue#1" && queue.kind == .queue && queue.limit == 5 && queue.peak == 5)
        let semaphore = try #require(PrimitiveTracks.tracks(try await Self.record(Self.semaphore)).first)
        #expect(semaphore.name == "Semaphore#1" && semaphore.kind == .semaphore && semaphore.limit == 3 && semaphore.peak == 3)
        #expect(semaphore.samples.last?.value == 0)
    }

    @Test func anEventsTrackFollowsSetAndClear() async throws {
        let path = try ToThreadTests.write("""
            local e = asyncio.Event()
            local lock = asyncio.Lock()
            asyncio.sleep(1); e:set(); asyncio.sleep(1); e:clear(); e:clear(); asyncio.sleep(1); e:set()
            lock:acquire(); lock:release()
            """)
        let tracks = PrimitiveTracks.tracks(try await Self.record(path))
        let event = try #require(tracks.first { $0.kind == .event })
        #expect(event.name == "Event#1")
        #expect(event.samples.map(\.time) == [1_000_000_000, 2_000_000_000, 3_000_000_000], "a second clear changes nothing")
        #expect(event.samples.map(\.value) == [1, 0, 1])
        let lock = try #require(tracks.first { $0.kind == .lock })
        #expect(lock.limit == 1 && lock.peak == 1)
    }

    @Test func theTerminalShowsTheStatesAndTracksWithinItsWidth() async throws {
        for width in [50, 80, 132] {
            let text = TerminalTimeline.render(try await Self.record(Self.queue, arguments: ["0.3"]), width: width, colour: false)
            let lines = text.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width):\n\(text)")
            let producer = try #require(lines.first { $0.hasPrefix("  dataProducer") })
            #expect(producer.contains("Q"), "the producer waits on the full queue")
            let queue = try #require(lines.first { $0.hasPrefix("Queue#1 (max 5)") })
            #expect(queue.contains("5"))
            #expect(text.contains("Q put, queue full"))
        }
    }

    @Test func theSemaphoreExampleShowsThreeAtATimeOnTheTerminal() async throws {
        let text = TerminalTimeline.render(try await Self.record(Self.semaphore), width: 60, colour: false)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("  fetchWithLimit") }
        #expect(rows.count == 9)
        #expect(rows.filter { $0.contains("s") && $0.dropFirst(24).contains("s") }.count == 6, "six wait for a slot")
        let track = try #require(text.split(separator: "\n").first { $0.hasPrefix("Semaphore#1 (3 slots)") })
        #expect(track.split(separator: "┊")[1].allSatisfy { $0 == "3" }, "three slots in use the whole run")
    }
}
