import Dispatch
import Testing
@testable import Scheduler
#if canImport(Glibc)
import Glibc
#endif

/// The door is the loop's only way in from other threads, so these tests post from real
/// other threads. A test that the door fails would mostly hang rather than fail (a loop
/// waiting for a post that never wakes it), so the suite has a time limit: a hang is a
/// failure, not a stuck run. No test measures how long anything took.
@Suite(.timeLimit(.minutes(1)))
struct LoopDoorTests {
    enum ClockKind: String, CaseIterable, Sendable, CustomStringConvertible {
        case real, virtual
        func make() -> LoopClock { self == .real ? RealClock() : VirtualClock() }
        var description: String { rawValue }
    }

    // MARK: Waking the loop

    @Test func aCompletionFromAnotherThreadRunsOnTheLoopAndWakesItsIdleRealClockWait() async throws {
        let side = LoopSide(clock: RealClock())
        let task = ScriptedTask(side.loop, [
            { task in
                let work = side.loop.door.beginWork()
                side.wait = ExternalWait(task, waitingFor: "outside work")
                elsewhere {
                    work.complete {
                        side.note("completion ran on the loop's thread: \(isLoopThread(side.loop))")
                        side.wait?.finish()
                    }
                }
            },
            { task in
                side.note("task resumed")
                side.loop.finish(task, .returned)
            },
        ])
        #expect(try await side.run() == .finished)
        #expect(side.log == ["completion ran on the loop's thread: true", "task resumed"])
        #expect(task.resumptions == [.normally])
        #expect(side.loop.door.inFlight == 0)
    }

    @Test func aPostFromAnotherThreadWakesARealClockLoopLongBeforeItsTimer() async throws {
        let side = LoopSide(clock: RealClock())
        let sleeper = ScriptedTask(side.loop, [
            { task in
                side.loop.sleep(task, until: side.loop.deadline(after: nanoseconds(fromSeconds: 3600)))
                elsewhere { side.loop.door.post { side.note("post ran"); side.cancelWaiter() } }
            },
            { task in
                side.note("the hour-long sleep ended normally")
                side.loop.finish(task, .returned)
            },
        ])
        side.waiter = sleeper
        // Were the loop not woken by the post, it would sleep for the hour (and fail the time limit).
        #expect(try await side.run() == .finished)
        #expect(side.log == ["post ran"])
        #expect(sleeper.outcome == .cancelled)
    }

    // MARK: Stalls and work in flight

    @Test(arguments: ClockKind.allCases)
    func aTaskWaitingOnOutsideWorkThatNobodyBeganStalls(clock: ClockKind) async throws {
        let side = LoopSide(clock: clock.make())
        let task = ScriptedTask(side.loop, [{ side.wait = ExternalWait($0, waitingFor: "nothing") }])
        #expect(try await side.run() == .stalled)
        #expect(task.phase == .waiting)
    }

    @Test(arguments: ClockKind.allCases)
    func workInFlightKeepsTheLoopWaitingForItsCompletionInsteadOfStalling(clock: ClockKind) async throws {
        let side = LoopSide(clock: clock.make())
        let task = ScriptedTask(side.loop, [{ task in
            let work = side.loop.door.beginWork()
            side.wait = ExternalWait(task, waitingFor: "outside work")
            // The completion does not finish the wait: once it is in, nothing can wake the task.
            elsewhere { work.complete { side.note("completion ran") } }
        }])
        #expect(try await side.run() == .stalled)
        #expect(side.log == ["completion ran"], "the loop stalled only after the work in flight completed")
        #expect(task.phase == .waiting)
        #expect(side.loop.door.inFlight == 0)
    }

    @Test func theIdleHookIsToldOfEachSleepAndNotOfAJumpOrAStall() async throws {
        let side = LoopSide(clock: VirtualClock())
        side.loop.sleepsWhileIdle = { asleep in side.note(asleep ? "asleep" : "awake") }
        _ = ScriptedTask(side.loop, [
            { side.loop.sleep($0, until: 1_000) },  // a jump: no sleep
            { task in
                let work = side.loop.door.beginWork()
                side.wait = ExternalWait(task, waitingFor: "outside work")
                elsewhere { work.complete { side.note("completion ran"); side.wait?.finish() } }
            },
            { side.wait = ExternalWait($0, waitingFor: "nothing") },  // a stall: no sleep
        ])
        #expect(try await side.run() == .stalled)
        #expect(side.log == ["asleep", "awake", "completion ran"])
    }

    @Test func timersDueWithinAMillisecondWakeAnIdleRealClockLoopOnceNotEachTime() async throws {
        let side = LoopSide(clock: RealClock())
        var sleeps = 0
        side.loop.sleepsWhileIdle = { asleep in if asleep { sleeps += 1 } }
        let start = side.loop.now + 20_000_000
        // 20 tasks whose timers are 45 µs apart (longer than a wakeup takes): 0.86 ms in
        // all, inside one millisecond tick or across two.
        let sleepers = (0..<20).map { i in
            ScriptedTask(side.loop, [{ side.loop.sleep($0, until: start + Int64(i) * 45_000) }])
        }
        #expect(try await side.run() == .finished)
        #expect(sleepers.allSatisfy { $0.outcome == .returned })
        #expect(side.loop.now >= start + 19 * 45_000, "no timer fired early")
        #expect(sleeps <= 3, "the loop slept \(sleeps) times for timers within one millisecond")
    }

    // MARK: Virtual time

    @Test func aVirtualClockDoesNotJumpPastATimerWhileWorkIsInFlight() async throws {
        let side = LoopSide(clock: VirtualClock())
        _ = ScriptedTask(side.loop, [
            { side.loop.sleep($0, until: nanoseconds(fromSeconds: 1)) },
            { task in
                side.note("sleeper woke at \(side.loop.now)")
                side.loop.finish(task, .returned)
            },
        ])
        _ = ScriptedTask(side.loop, [
            { task in
                let work = side.loop.door.beginWork()
                side.wait = ExternalWait(task, waitingFor: "outside work")
                elsewhere {
                    work.complete {
                        side.note("completion ran at \(side.loop.now)")
                        side.wait?.finish()
                    }
                }
            },
            { task in
                side.note("waiter resumed at \(side.loop.now)")
                side.loop.finish(task, .returned)
            },
        ])
        #expect(try await side.run() == .finished)
        #expect(side.log == ["completion ran at 0", "waiter resumed at 0", "sleeper woke at 1000000000"])
    }

    @Test func aVirtualClockDeliversCompletionsInTheOrderTheWorkBeganNotTheOrderTheyArrived() async throws {
        let side = LoopSide(clock: VirtualClock())
        _ = ScriptedTask(side.loop, [
            { task in
                let a = side.loop.door.beginWork()
                let b = side.loop.door.beginWork()
                #expect(a.order < b.order)
                side.wait = ExternalWait(task, waitingFor: "a and b")
                // B completes first, and A only once B's completion has (most likely) been taken in.
                elsewhere {
                    b.complete {
                        side.note("b")
                        side.wait?.finish()
                    }
                    elsewhere { a.complete { side.note("a") } }
                }
            },
            { task in
                side.note("task resumed")
                side.loop.finish(task, .returned)
            },
        ])
        #expect(try await side.run() == .finished)
        #expect(side.log == ["a", "b", "task resumed"])
        #expect(side.loop.heldCompletions.isEmpty)
        #expect(side.loop.door.inFlight == 0)
    }

    // MARK: Forgotten work

    @Test(arguments: ClockKind.allCases)
    func outsideWorkDroppedWithoutCompletingCountsAsDone(clock: ClockKind) async throws {
        let side = LoopSide(clock: clock.make())
        let task = ScriptedTask(side.loop, [{ task in
            let forgotten = Holder(side.loop.door.beginWork())
            #expect(side.loop.door.inFlight == 1)
            side.wait = ExternalWait(task, waitingFor: "work that will be forgotten")
            elsewhere { forgotten.work = nil }  // the last reference goes, on another thread
        }])
        // Were the drop not counted, the loop would wait for it forever instead of stalling.
        #expect(try await side.run() == .stalled)
        #expect(task.phase == .waiting)
        #expect(side.loop.door.inFlight == 0)
        #expect(side.loop.heldCompletions.isEmpty)
    }

    @Test func droppedWorkDoesNotHoldBackTheCompletionOfWorkBegunAfterIt() async throws {
        let side = LoopSide(clock: VirtualClock())
        let task = ScriptedTask(side.loop, [
            { task in
                let forgotten = Holder(side.loop.door.beginWork())
                let later = side.loop.door.beginWork()
                side.wait = ExternalWait(task, waitingFor: "the later work")
                elsewhere {
                    later.complete {
                        side.note("later work completed")
                        side.wait?.finish()
                    }
                    elsewhere { forgotten.work = nil }
                }
            },
            { task in
                side.note("task resumed")
                side.loop.finish(task, .returned)
            },
        ])
        #expect(try await side.run() == .finished)
        #expect(side.log == ["later work completed", "task resumed"])
        #expect(task.outcome == .returned)
        #expect(side.loop.door.inFlight == 0)
        #expect(side.loop.heldCompletions.isEmpty)
    }

    // MARK: Cancellation

    @Test(arguments: ClockKind.allCases)
    func cancellingATaskWaitingOnOutsideWorkStopsTheWorkOnceAndWaitsForItToFinish(clock: ClockKind) async throws {
        let side = LoopSide(clock: clock.make())
        let task = ScriptedTask(side.loop, [
            { task in
                let work = side.loop.door.beginWork()
                let wait = ExternalWait(task, waitingFor: "outside work")
                wait.onCancel = {
                    side.note("onCancel")
                    // The work notices the request on its own thread and stops.
                    elsewhere {
                        work.complete {
                            side.note("work stopped while the task was \(side.waiter!.phase)")
                            side.wait?.finish()
                        }
                    }
                }
                side.wait = wait
            },
            { task in
                side.note("resumed normally")
                side.loop.finish(task, .returned)
            },
        ])
        side.waiter = task
        side.loop.runOnce()
        #expect(task.phase == .waiting)

        #expect(side.loop.cancel(task))
        #expect(side.loop.cancel(task, message: "again"))
        #expect(task.phase == .waiting, "the task keeps waiting until the work has stopped")
        #expect(side.wait?.cancelRequested == true)
        #expect(side.log == ["onCancel"])

        #expect(try await side.run() == .finished)
        #expect(side.log == ["onCancel", "work stopped while the task was waiting"])
        #expect(task.resumptions == [.byCancellation])
        #expect(task.outcome == .cancelled)
        #expect(side.loop.door.inFlight == 0)
    }

    // MARK: Confinement

    #if DEBUG
    @Test func usingTheLoopFromAThreadOtherThanItsOwnerStopsTheProcess() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let loop = EventLoop(clock: VirtualClock())
            loop.claim()
            onANewThread(loop) { $0.checkConfinement() }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("was used from a thread that is not the loop's"))
    }

    @Test func onceARunReturnsAnotherThreadMayUseTheLoop() async {
        await #expect(processExitsWith: .success) {
            let loop = EventLoop(clock: VirtualClock())
            _ = try await loop.run(until: { true })
            onANewThread(loop) { $0.checkConfinement() }
        }
    }

    @Test func theThreadThatClaimsTheLoopMayUseIt() async {
        await #expect(processExitsWith: .success) {
            let loop = EventLoop(clock: VirtualClock())
            loop.claim()
            loop.checkConfinement()
            // Ownership moves with a claim: the thread that runs the loop now may use it.
            onANewThread(loop) { loop in
                loop.claim()
                loop.checkConfinement()
            }
        }
    }
    #endif
}

// MARK: - Support

/// A loop and what its tasks note, reached from jobs posted on other threads. Those jobs
/// run on the loop's thread (that is what the door promises), so the unchecked Sendable
/// only carries the state across, never shares it.
private final class LoopSide: @unchecked Sendable {
    let loop: EventLoop
    private(set) var log: [String] = []
    /// The wait a task parked on, for the completion that ends it.
    var wait: ExternalWait?
    /// A task the test watches from inside a job.
    var waiter: LoopTask?

    init(clock: LoopClock) { loop = EventLoop(clock: clock) }

    func note(_ entry: String) { log.append(entry) }

    func cancelWaiter() {
        if let waiter { loop.cancel(waiter) }
    }

    func run() async throws -> EventLoop.RunEnd {
        try await loop.run(until: { self.loop.liveCount == 0 })
    }
}

/// Holds a piece of outside work so that another thread can drop the last reference to it.
private final class Holder: @unchecked Sendable {
    var work: ExternalWork?
    init(_ work: ExternalWork) { self.work = work }
}

/// Runs `body` on another thread, a little later, so that the loop has most likely gone
/// idle by then (the path under test); the outcome is the same if it has not.
private func elsewhere(_ body: @escaping @Sendable () -> Void) {
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20), execute: body)
}

/// Whether the calling thread is the one running `loop` (tracked in debug builds only).
private func isLoopThread(_ loop: EventLoop) -> Bool {
    #if DEBUG
    guard let owner = loop.ownerThread else { return false }
    return pthread_equal(owner, pthread_self()) != 0
    #else
    return true
    #endif
}

/// Runs `body` with `loop` on a thread created for it, while the calling thread waits (so
/// the two are certainly different threads).
private func onANewThread(_ loop: EventLoop, _ body: @escaping (EventLoop) -> Void) {
    final class Context {
        let loop: EventLoop
        let body: (EventLoop) -> Void
        init(_ loop: EventLoop, _ body: @escaping (EventLoop) -> Void) {
            self.loop = loop
            self.body = body
        }
    }
    let context = Unmanaged.passRetained(Context(loop, body)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(&thread, nil, { raw in
        let context = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
        context.body(context.loop)
        return nil
    }, context)
    precondition(created == 0, "pthread_create failed: \(created)")
    pthread_join(thread, nil)
}
