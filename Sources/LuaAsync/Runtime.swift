import CLua
import CLuaWatch
import Dispatch
import LuaKit
import Scheduler

/// One Lua universe and the event loop that runs its tasks: the front door of the bridge.
///
/// Everything here is confined to the one Swift task that calls `run`; nothing else may
/// touch the Lua state or the loop.
public final class Runtime {
    public let vm: LuaVM
    public let loop: EventLoop
    /// The main Lua thread: what resumes every task, and runs callbacks outside tasks.
    let mainState: OpaquePointer
    /// Where `print` writes each line (without its newline); nil: stdout, byte for byte.
    public var output: ((String) -> Void)?
    /// Called once the main task's run is over (it ended, deadlocked or hit a limit),
    /// before the tasks it left are cancelled.
    public var mainEnded: (() -> Void)?
    /// Whether a run copies what the main task returned, or its error, into its result
    /// (grading reads them; `tide run` does not).
    public var copiesResults = false
    /// A limited run's output allowance, and what it printed so far.
    var outputLimit: Int?
    var outputWritten = 0
    /// Problems found while running, for the end-of-run report.
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Reports of each kind so far (see `report`).
    var reportCounts: [Diagnostic.Kind: Int] = [:]

    /// The private marker that opens every await request (see the prelude).
    let requestMarker: UnsafeMutableRawPointer
    var metatableRefs: [Int32] = Array(repeating: LUA_NOREF, count: UserdataKind.allCases.count)
    /// The prelude's error classes, by `TideError.ordinal`.
    var errorClassRefs: [Int32] = []
    var timeouts: [Int: ArmedTimeout] = [:]
    var nextTimeoutID = 0
    /// Tasks that failed, until their error is retrieved or reported.
    var failedTasks: [LuaTask] = []
    /// The prelude's `print`, which the REPL calls to show results.
    var printRef: Int32 = LUA_NOREF
    /// Prelude/inspect.lua's renderer: a table as a Lua constructor, for reports and the REPL.
    var inspectRef: Int32 = LUA_NOREF
    /// Whether a run printed a Task and was told once that it is not the task's result.
    var printedTaskHinted = false
    /// Keep the handles of unfinished tasks alive.
    var taskAnchors = TaskAnchors()
    /// The task list `wait_satisfied` just read, for the await request that follows it.
    var preparedWait: (table: UnsafeRawPointer?, tasks: [LoopTask])?
    /// Counts puts, gets, sets and releases, to tell polling from pacing.
    var activity = 0
    /// Ends a limited run at its wall-time limit, unless the runtime is gone first.
    var wallTimer: DispatchWorkItem?
    /// The functions registered by the host, by the index their Lua closures keep.
    var hostFunctions: [(name: String, function: HostFunction)] = []
    /// Host calls started inside a coroutine, until the request reaches the loop.
    var relayedHostCalls: [Int: HostCall] = [:]
    var nextHostCallID = 0
    /// Reads Ctrl-C's self-pipe (the REPL), to wake the loop.
    var interruptReader: DispatchSourceRead?
    /// Whether Ctrl-C stops the run (`tide run`), rather than the input (the REPL).
    var stopsOnInterrupt = false
    /// The most tasks a limited run may create.
    var maxTasks: Int?
    var memoryLimit: Int?
    /// The seed `math.random` was given; workers are seeded from it.
    var randomSeed: Int64 = 0
    /// How many `to_thread` workers were started, and the states of those running now.
    var workersStarted = 0
    let runningWorkers = RunningWorkers()
    /// Whether the run said that outside work holds the virtual clock.
    var warnedOutsideWorkHoldsTime = false
    /// Lua's standard library by address, as the runtime began: what a worker's function
    /// may close over and find again on its side.
    private(set) var standardLibrary: [UnsafeRawPointer: String] = [:]
    /// Which sockets a script may open: a sandbox refuses them, or allows loopback only.
    var sockets = SocketPolicy.any
    /// The run's sockets (asyncio's streams), made on first use.
    var networkHost: NetworkHost?
    var network: NetworkHost {
        if let networkHost { return networkHost }
        let state = mainState
        let made = NetworkHost(loop: loop) { bytes in clua_limits_account(state, Int64(bytes)) }
        networkHost = made
        if loop.clock.isVirtual { report(Diagnostic(.networkOnVirtualClock, NetworkHost.virtualClockNote)) }
        return made
    }
    /// Whether the script runs in the sandbox.
    var isSandboxed = false
    /// What `io.write` left of a line without its newline yet (sandboxed runs).
    var unfinishedLine: [UInt8] = []
    /// The real path of the folder a sandboxed script may read from.
    var readableFolder: String?
    /// The `sim` module's services by track number (ServiceBindings), and its statistics function.
    var serviceNames: [String] = []
    var serviceSnapshotRef: Int32 = LUA_NOREF
    /// Unbounded queues already reported for their growth.
    var grownQueues: Set<String> = []
    /// Set when tasks that block the loop are to be reported.
    /// Where warnings said while the run goes on go (set before `watchSlowTasks`).
    public var liveWarnings: LiveWarnings?
    var slowTaskWatch: SlowTaskWatch? {
        didSet { tracksResumes = slowTaskWatch != nil || interruptsStopLua }
    }
    /// Whether Ctrl-C stops running Lua code (`enableInterrupts`): like the slow-task watch,
    /// it needs to know which resume runs, and nothing else of the watch.
    var interruptsStopLua = false {
        didSet { tracksResumes = slowTaskWatch != nil || interruptsStopLua }
    }
    /// Whether each resume is told to the watch (clua_watch_resuming), for either of the two
    /// above. Read at every resume, where a plain flag costs less than an optional reference.
    private(set) var tracksResumes = false
    /// Whether resumes and new host objects count against an instruction limit.
    var chargesHostWork = false

    /// Counts a piece of the host's work against the instruction limit, if there is one.
    @inline(__always)
    func chargeHostWork() {
        if chargesHostWork { clua_limits_charge(mainState, Limits.hostWorkInstructions) }
    }

    struct ArmedTimeout {
        let handle: TimerHandle
        var fired: Bool
        /// The task it cancels (a task abandoned inside a timeout leaves it armed).
        let task: Int
    }

    /// Limits apply from the start (the memory cap is the allocator's).
    public init(clock: LoopClock, limits: Limits? = nil) {
        if let state = clua_limits_newstate(limits?.memory ?? 0) {  // its allocator pools small blocks
            vm = LuaVM(adopting: state)
            let allocatorData = UInt(bitPattern: clua_limits_allocator_data(state))
            vm.afterClose = { clua_limits_release(UnsafeMutableRawPointer(bitPattern: allocatorData)) }
        } else {
            vm = LuaVM()
        }
        loop = EventLoop(clock: clock)
        mainState = vm.lua.state
        requestMarker = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        clua_extraspace(vm.lua.state).pointee = Unmanaged.passUnretained(self).toOpaque()
        installModule()
        loop.outsideWorkHoldsTime = { [unowned self] in warnOutsideWorkHoldsTime() }
        if let limits { apply(limits) }
        standardLibrary = PortableFunction.standardLibrary(of: vm.lua)
    }

    deinit {
        wallTimer?.cancel()
        requestMarker.deallocate()
    }

    /// Every thread's extra space holds the runtime's address (Lua copies the main
    /// thread's into each new one); a task's own thread has the lowest bit set as well, so
    /// that the prelude can refuse to resume it behind the loop's back.
    @inline(__always)
    static func from(_ lua: Lua) -> Runtime {
        let runtime = unmanaged(lua).takeUnretainedValue()
        #if DEBUG
        runtime.loop.checkConfinement()  // every binding comes through here
        #endif
        return runtime
    }

    @inline(__always)
    static func unmanaged(_ lua: Lua) -> Unmanaged<Runtime> {
        let tagged = UInt(bitPattern: clua_extraspace(lua.state)!.pointee)
        return Unmanaged<Runtime>.fromOpaque(UnsafeRawPointer(bitPattern: tagged & ~1)!)
    }

    static func markTaskThread(_ thread: OpaquePointer) {
        let slot = clua_extraspace(thread)!
        slot.pointee = UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: slot.pointee) | 1)
    }

    static func isTaskThread(_ thread: OpaquePointer) -> Bool {
        UInt(bitPattern: clua_extraspace(thread)!.pointee) & 1 != 0
    }

    /// The running Lua task, if code runs inside one.
    var currentTask: LuaTask? { loop.current.map { unsafeDowncast($0, to: LuaTask.self) } }

    /// Loop time in seconds.
    public var seconds: Double { Double(loop.now) / 1e9 }
}
