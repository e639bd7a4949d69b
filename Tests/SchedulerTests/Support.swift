import Scheduler

/// A task whose body is a list of Swift closures: each runs one stretch of the body and
/// must end by waiting, yielding, or finishing, as a Lua task's stretch between awaits does.
final class ScriptedTask: LoopTask {
    private var stretches: [(ScriptedTask) -> Void]
    /// How each stretch after the first was resumed, for assertions.
    private(set) var resumptions: [Resumption] = []
    private(set) var ranStretches = 0

    init(_ loop: EventLoop, _ stretches: [(ScriptedTask) -> Void]) {
        self.stretches = stretches
        super.init(loop: loop)
        loop.start(self)
    }

    override func step() {
        if hasStarted { resumptions.append(resumption) }
        if resumption == .byCancellation {
            // Like a Lua task that lets CancelledError escape.
            loop.finish(self, .cancelled)
            return
        }
        guard !stretches.isEmpty else { return loop.finish(self, .returned) }
        ranStretches += 1
        stretches.removeFirst()(self)
    }
}

/// A loop on the virtual clock and a log the tasks write to.
final class Harness {
    let clock = VirtualClock()
    lazy var loop = EventLoop(clock: clock)
    var log: [String] = []

    func note(_ entry: String) { log.append(entry) }

    /// Runs until every task is done; returns how the run ended.
    @discardableResult
    func runToCompletion() async throws -> EventLoop.RunEnd {
        try await loop.run(until: { self.loop.liveCount == 0 })
    }

    var seconds: Double { Double(loop.now) / 1e9 }
}
