import CLua
import CLuaWatch
import Dispatch
import LuaKit

/// What a sandboxed run may use (SPEC §6). Hitting any limit ends the run with a message
/// that names it; a script cannot catch its way past one.
public struct Limits: Sendable {
    /// Bytes the Lua heap may hold.
    public var memory: Int?
    /// Lua instructions, counted a thousand at a time; each resume of a task and each host
    /// object made counts as `hostWorkInstructions` more, for the host's own work.
    public var instructions: Int?
    /// Real seconds the run may take.
    public var wallSeconds: Double?
    /// Tasks the run may create.
    public var tasks: Int?
    /// Bytes the script may print.
    public var output: Int?
    /// Whether the script gets the restricted globals (no processes, files, native code).
    public var sandbox: Bool
    /// The one folder a sandboxed script may read files from (`io.open`, `io.lines`).
    public var readableFolder: String?
    /// Whether a sandboxed script may open sockets on loopback (`open_connection`,
    /// `start_server` on 127.0.0.0/8, ::1, localhost); a sandbox refuses every socket otherwise.
    public var loopback = false

    public init(memory: Int? = nil, instructions: Int? = nil, wallSeconds: Double? = nil, tasks: Int? = nil,
                output: Int? = nil, sandbox: Bool = false) {
        self.memory = memory
        self.instructions = instructions
        self.wallSeconds = wallSeconds
        self.tasks = tasks
        self.output = output
        self.sandbox = sandbox
    }

    /// What a task's resume, or the making of a task or a primitive, counts against the
    /// instruction limit. Each costs the host about as much as a hundred Lua instructions,
    /// and little of it is Lua: without this, `while true do asyncio.sleep(0) end` or a loop
    /// of `asyncio.Event()` would run far longer than their few Lua instructions a turn
    /// suggest before the limit stops them.
    public static let hostWorkInstructions: Int64 = 100

    /// The defaults of `tide run --sandbox`.
    public static let sandboxDefaults = Limits(
        memory: 256 << 20, instructions: 2_000_000_000, wallSeconds: 60, tasks: 100_000, output: 16 << 20, sandbox: true)
}

extension Runtime {
    /// The message of the limit the run hit, if any.
    public var limitHit: String? {
        clua_limits_exceeded(mainState).map { String(cString: $0) }
    }

    /// Ends the run on a limit (any thread may call this).
    static func failLimit(_ state: OpaquePointer, _ message: String) {
        clua_limits_fail(state, message)
    }

    /// Applies `limits`: counts instructions, starts the wall clock, installs the sandbox.
    func apply(_ limits: Limits) {
        clua_limits_watch(mainState, Int64(limits.instructions ?? 0))
        chargesHostWork = limits.instructions != nil
        if let seconds = limits.wallSeconds {
            let state = UInt(bitPattern: mainState)
            let door = loop.door
            let workers = runningWorkers
            let expiry = DispatchWorkItem {
                let message = "wall time limit of \(formatSeconds(seconds)) exceeded"
                Runtime.failLimit(OpaquePointer(bitPattern: state)!, message)
                workers.stopAll(message)
                door.post {}  // wakes a loop asleep until a far timer, to see the limit
            }
            wallTimer = expiry  // cancelled if the runtime goes first
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: expiry)
        }
        outputLimit = limits.output
        maxTasks = limits.tasks
        memoryLimit = limits.memory
        readableFolder = limits.readableFolder.flatMap(FileReading.resolvedFolder)
        if limits.sandbox {
            installSandbox()
            sockets = limits.loopback ? .loopbackOnly : .refused
        }
    }

    private func installSandbox() {
        let lua = vm.lua
        let source = String(decoding: PackageResources.sandbox_lua, as: UTF8.self)
        guard case .loaded = vm.load(source, chunkName: "@sandbox.lua") else {
            preconditionFailure("the sandbox does not compile: \(lua.string(at: -1) ?? "?")")
        }
        lua.push(TaskBindings.bindWriter)
        if readableFolder != nil { lua.push(FileReading.readFile) } else { lua.pushNil() }
        lua.push(Runtime.limitFailed)
        guard vm.protectedCall(arguments: 3, results: 0) else {
            preconditionFailure("the sandbox failed: \(lua.string(at: -1) ?? "?")")
        }
        isSandboxed = true
    }

    /// Writes what the script left of an unfinished line (`io.write` without a newline):
    /// kept by the host, so that a run stopped by a limit loses none of it either.
    func flushUnfinishedLine() {
        guard !unfinishedLine.isEmpty else { return }
        let line = unfinishedLine
        unfinishedLine = []
        clua_limits_account(mainState, -Int64(line.count))
        writeLine(line)
    }

    /// limit_failed() → whether a limit has ended the run.
    static let limitFailed: LuaFunction = { state in
        let lua = Lua(state!)
        lua.push(clua_limits_exceeded(Runtime.from(lua).mainState) != nil)
        return 1
    }
}

/// `16 MiB`, `8 KiB`, `100 bytes`: a size as a limit's message names it.
func formatBytes(_ bytes: Int) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
}
