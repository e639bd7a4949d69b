import CLineEdit
import LuaAsync
import Scheduler

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `tide repl`: every input runs as a task on a live loop, and tasks started at the prompt
/// keep running between inputs (on the real clock), as in `python -m asyncio`.
///
/// Input is handled as `lua.c` does: `return <input>` is tried first so that an expression
/// prints its values; an input that ends early (`<eof>`) continues on a `>>` line.
public final class REPLSession {
    public struct Options: Sendable {
        public var clock: ClockKind
        public var seed: Int64?
        /// Where history is kept between sessions (interactive only); nil: none.
        public var historyPath: String?
        public var slowTaskMilliseconds: Int

        public init(clock: ClockKind = .real, seed: Int64? = nil, historyPath: String? = nil, slowTaskMilliseconds: Int = 100) {
            self.clock = clock
            self.seed = seed
            self.historyPath = historyPath
            self.slowTaskMilliseconds = slowTaskMilliseconds
        }
    }

    private let options: Options
    private let runtime: Runtime
    private let input: InputChannel
    /// The input being awaited, and the lines of an input still incomplete.
    private var current: InputTask?
    private var pending = ""
    private var reportedDiagnostics = 0
    /// When Ctrl-C was last pressed at an empty prompt (loop time), for "twice exits".
    private var lastIdleInterrupt: ContinuousClock.Instant?
    private var quitting = false

    private static let help = """
        Each input runs as a task on the loop; tasks you start keep running between inputs.
        An expression prints its values; an unfinished input continues on a >> line.
          :help          this text
          :tasks         every unfinished task, its state, what it waits on and since when
          :trace on|off  print each step of the loop as it happens
          :clock         which clock runs, and the loop's time
          :quit          leave (or Ctrl-D); Ctrl-C cancels the running input, twice at the prompt quits
        """

    public init(options: Options) {
        self.options = options
        runtime = Runtime(clock: options.clock == .virtual ? VirtualClock() : RealClock())
        runtime.loop.recordsWaitTimes = true  // `:tasks` says how long each has waited
        runtime.seedRandom(options.seed ?? Console.freshSeed())
        let door = runtime.loop.door
        input = InputChannel(interactive: isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0) { door.post {} }
    }

    /// Runs the session to its end (Ctrl-D, `:quit`, or the end of piped input).
    public func run() async -> Int32 {
        runtime.watchSlowTasks(threshold: options.slowTaskMilliseconds)
        if input.interactive {
            runtime.enableInterrupts()
            print("tide \(TideVersion.number) REPL on the \(options.clock.rawValue) clock. :help for help, Ctrl-D to quit.")
        }
        input.start(historyPath: input.interactive ? options.historyPath : nil)
        refreshCompletions()
        input.request(prompt: "> ")
        runtime.loop.claim()
        do {
            while !quitting {
                try await step()
            }
            try await runtime.endSession()
        } catch {
            Console.report("tide: the session was interrupted")
        }
        reportNewDiagnostics()
        return 0
    }

    // MARK: One step of the session

    private func step() async throws {
        if runtime.takeInterrupt() { interrupt() }
        // A new input is taken only once every ready task has had its turn, so what an input
        // sees does not depend on how fast the next line arrives.
        if current == nil, !runtime.loop.hasReadyWork, let line = input.nextLine() {
            switch line {
            case .end:
                if input.interactive { print("") }
                quitting = true
                return
            case .text(let text):
                handle(text)
            }
        }
        try await drive()
        if let input = current, input.isDone {
            _ = runtime.takeInterrupt()  // a Ctrl-C that stopped it (in a loop that never awaits) was for it
            finish(input)
        }
    }

    private func handle(_ line: String) {
        if pending.isEmpty, line.hasPrefix(":") {
            input.remember(line)
            command(line)
            if !quitting { input.request(prompt: "> ") }
            return
        }
        pending += pending.isEmpty ? line : "\n" + line
        if pending.allSatisfy(\.isWhitespace) {
            pending = ""
            input.request(prompt: "> ")
            return
        }
        switch runtime.startInput(pending) {
        case .incomplete:
            input.request(prompt: ">> ")
        case .syntaxError(let message):
            input.remember(pending)
            pending = ""
            Console.report(message)
            input.request(prompt: "> ")
        case .started(let task):
            input.remember(pending)
            pending = ""
            current = task
        }
    }

    private func finish(_ task: InputTask) {
        current = nil
        flushOutput()
        if let error = runtime.finishInput(task) { Console.report(error) }
        _ = runtime.takeInterrupt()  // a Ctrl-C that stopped the printing of its results was for it
        reportNewDiagnostics()
        refreshCompletions()
        input.request(prompt: "> ")
    }

    /// Runs the loop a little: a turn if anything is ready; else waits until something can
    /// happen (a timer, outside work, a line typed, Ctrl-C: each wakes the loop through its
    /// door). On the virtual clock time moves only while an input is awaited.
    private func drive() async throws {
        let loop = runtime.loop
        if !loop.clock.isVirtual { loop.deliverPosts() }
        if loop.hasReadyWork {
            loop.runOnce()
            return
        }
        let timeMayPass = current != nil || !loop.clock.isVirtual
        switch try await loop.waitWhileIdle(timeMayPass: timeMayPass, waitsForPosts: current == nil) {
        case .woken:
            return
        case .timeReached:
            loop.runOnce()
        case .stalled:
            // Nothing can run and nothing will: the input can never finish.
            guard let task = current else { return }
            Console.report("tide: warning: " + runtime.deadlockReport() + "\n  cancelling \(task.name)")
            runtime.cancelInput(task)
        }
    }

    /// Ctrl-C: cancels the running input; at the prompt, drops an unfinished input, and a
    /// second press within two seconds quits.
    private func interrupt() {
        if let task = current {
            runtime.cancelInput(task)
            return
        }
        // The line being typed is given up, and a fresh prompt asked for (as in Python).
        input.abandonLine()
        print("")
        if !pending.isEmpty {
            pending = ""  // an unfinished input is dropped without a word
        } else if let last = lastIdleInterrupt, ContinuousClock.now - last < .seconds(2) {
            quitting = true
            return
        } else {
            lastIdleInterrupt = ContinuousClock.now
            Console.report("(Ctrl-C again to quit, or Ctrl-D)")
        }
        input.request(prompt: "> ")
    }

    // MARK: Commands

    private func command(_ line: String) {
        let words = line.dropFirst().split(separator: " ").map(String.init)
        switch words.first ?? "" {
        case "help":
            print(Self.help)
        case "tasks":
            let table = runtime.taskTable()
            print(table.isEmpty ? "no unfinished tasks" : table.joined(separator: "\n"))
        case "trace":
            switch words.dropFirst().first {
            case "on": runtime.loop.tracer = LiveTracer()
            case "off": runtime.loop.tracer = nil
            default: Console.report(":trace on or :trace off")
            }
        case "clock":
            let seconds = TerminalTimeline.seconds(runtime.loop.now)
            print("\(options.clock.rawValue) clock, \(seconds) since the session started")
        case "quit", "q", "exit":
            quitting = true
        default:
            Console.report("unknown command \(line); :help lists them")
        }
        flushOutput()
    }

    // MARK: Output

    private func reportNewDiagnostics() {
        flushOutput()
        for diagnostic in runtime.diagnostics.dropFirst(reportedDiagnostics) {
            Console.report("tide: \(diagnostic)")
        }
        reportedDiagnostics = runtime.diagnostics.count
    }

    private func flushOutput() { fflush(stdout) }

    private func refreshCompletions() {
        guard input.interactive else { return }
        let names = runtime.completionNames() + [":help", ":tasks", ":trace", ":clock", ":quit"]
        var pointers = names.map { strdup($0) }
        pointers.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                clineedit_set_candidates($0.baseAddress, Int32($0.count))
            }
        }
        for pointer in pointers { free(pointer) }
        pointers.removeAll()
    }
}
