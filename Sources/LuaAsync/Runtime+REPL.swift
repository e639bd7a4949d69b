import CLua
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import CLuaWatch
import LuaKit
import Scheduler

/// An input typed at the REPL, running as a task.
public struct InputTask {
    let task: LuaTask

    public var isDone: Bool { task.isDone }
    public var name: String { task.name }
}

/// How an input compiled.
public enum InputStart {
    /// It runs as a task from the next turn on.
    case started(InputTask)
    /// It ended early (lua.c's `<eof>` rule): more lines complete it.
    case incomplete
    case syntaxError(String)
}

/// What the REPL needs of a runtime: inputs as tasks, their results, and the loop's state.
extension Runtime {
    /// Compiles `text` as lua.c does, `return <text>` first so that an expression shows its
    /// values, and starts it as a task.
    public func startInput(_ typed: String) -> InputStart {
        let lua = vm.lua
        let (text, note) = PromptLocals.globalized(typed)
        if let note { report(Diagnostic(.hint, note)) }
        if case .loaded = vm.load("return " + text + ";", chunkName: "=stdin") {
            return start(lua)
        }
        lua.pop()
        switch vm.load(text, chunkName: "=stdin") {
        case .loaded:
            return start(lua)
        case .syntaxError(let message, let incomplete):
            lua.pop()
            if incomplete { return .incomplete }
            let hint = PythonHints.forSyntaxError(message, chunkName: "stdin", source: text)
            return .syntaxError(message + (hint.map { "\n" + $0 } ?? ""))
        case .failed(let message):
            lua.pop()
            return .syntaxError(message)
        }
    }

    /// Stack: [-1, +0] runs the chunk on top as a new task.
    private func start(_ lua: Lua) -> InputStart {
        guard let task = spawn(from: lua, count: 1) else {
            let message = lua.string(at: -1) ?? "cannot start the input"
            lua.pop()
            return .syntaxError(message)
        }
        lua.pop()
        return .started(InputTask(task: task))
    }

    /// Shows what a finished input gave: its values through `print`, or its error (returned,
    /// for the REPL to show on stderr).
    public func finishInput(_ input: InputTask) -> String? {
        let task = input.task
        closeReports()  // each input gets its own reports of each kind
        switch task.outcome {
        case .returned:
            guard task.resultCount > 0 else { return nil }
            let lua = vm.lua
            lua.pushRef(printRef)
            let count = task.pushOutcome(on: lua)
            // Tables show as constructors, `{1, 2, 3}`, rather than as an address.
            for index in stride(from: lua.top - max(count, 0) + 1, through: lua.top, by: 1)
            where pushInspection(of: index, on: lua) {
                lua_copy(lua.state, -1, index)
                lua.pop()
            }
            // Printing runs `__tostring`s, which may not end: Ctrl-C must reach them too.
            let watched = slowTaskWatch != nil
            if watched { clua_watch_resuming(lua.state) }
            defer {
                if watched {
                    clua_watch_idle()
                    _ = clua_watch_take_note()  // a slow __tostring is no task's slow stretch
                }
            }
            guard count >= 0, vm.protectedCall(arguments: count, results: 0) else {
                defer { lua.pop() }
                return lua.string(at: -1) ?? "cannot print the results"
            }
            return nil
        case .failed:
            task.errorRetrieved = true
            guard let failure = task.failure else { return "error" }
            // An error carried from another task reads as at the end of a run: where it began.
            if task.errorPath?.isCarried == true, let report = failureReport(of: task) { return report }
            return failure.message + (failure.traceback.isEmpty ? "" : "\n" + failure.traceback)
        case .cancelled:
            task.errorRetrieved = true
            return "cancelled"
        case nil:
            return nil
        }
    }

    /// Cancels the input's task (Ctrl-C).
    public func cancelInput(_ input: InputTask) { loop.cancel(input.task, message: "interrupted") }

    /// One line per unfinished task: name, state, what it waits on, since when.
    public func taskTable() -> [String] {
        sortedLiveTasks().map { task in
            var line = "\(task.name)  \(stateDescription(of: task))\(place(of: task))"
            if task.phase == .waiting {
                line += ", for " + formatSeconds(Double(loop.now - task.waitingSince) / 1e9)
            }
            return line
        }
    }

    /// The names to complete at the prompt: globals; `name.field` for the fields of each
    /// global table (`asyncio.sleep`, `config.retries`); `name:method` for the methods its
    /// metatable's `__index` gives a global table or userdata (`q:put`, `sem:acquire`).
    /// Everything is read raw: completing runs no metamethod.
    public func completionNames() -> [String] {
        let lua = vm.lua
        var names: [String] = []
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [_G]
        let globals = lua.absolute(-1)
        names += keys(of: globals, prefix: "")
        lua.pushNil()
        while lua_next(lua.state, globals) != 0 {  // [_G, name, value]
            if let name = lua.string(at: -2), isIdentifier(name) {
                if lua.type(at: -1) == LUA_TTABLE { names += keys(of: -1, prefix: name + ".") }
                names += methods(of: -1, prefix: name + ":")
            }
            lua.pop()
        }
        lua.pop()
        return names.sorted()
    }

    /// How many names one table gives completion, so that a huge table does not flood it.
    static let completionsPerTable = 200

    /// The string keys of the table at `index` that are names (raw traversal: no
    /// metamethods run).
    private func keys(of index: Int32, prefix: String) -> [String] {
        let lua = vm.lua
        let table = lua.absolute(index)
        var keys: [String] = []
        lua.pushNil()
        while lua_next(lua.state, table) != 0 {  // [key, value]
            if keys.count < Self.completionsPerTable, let key = lua.string(at: -2), isIdentifier(key) {
                keys.append(prefix + key)
            }
            lua.pop()
        }
        return keys
    }

    /// The functions in the `__index` tables of the value's metatable, following a chain
    /// of them (a queue's fields table inherits its methods) a few links deep.
    private func methods(of index: Int32, prefix: String) -> [String] {
        let lua = vm.lua
        let top = lua.top
        defer { lua.setTop(top) }
        var holder = lua.absolute(index)
        guard lua.type(at: holder) == LUA_TTABLE || lua.type(at: holder) == LUA_TUSERDATA else { return [] }
        var names: [String] = []
        for _ in 0..<3 {
            guard lua.ensureStack(4), lua_getmetatable(lua.state, holder) != 0 else { break }  // [.., mt]
            lua.push("__index")  // an interned name: pushing it allocates nothing
            guard lua_rawget(lua.state, -2) == LUA_TTABLE else { break }  // [.., mt, __index]
            holder = lua.absolute(-1)
            lua.pushNil()
            while lua_next(lua.state, holder) != 0 {
                if names.count < Self.completionsPerTable, lua.type(at: -1) == LUA_TFUNCTION,
                    let key = lua.string(at: -2), isIdentifier(key)
                {
                    names.append(prefix + key)
                }
                lua.pop()
            }
        }
        return names
    }

    private func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(48...57).contains(first) else { return false }
        return name.utf8.allSatisfy { $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    /// Makes Ctrl-C reach the REPL: the signal handler writes to a pipe whose reader posts a
    /// wakeup through the loop's door (a handler may not take locks), and a hook stops
    /// running Lua code.
    public func enableInterrupts() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        let door = loop.door
        let reader = DispatchSource.makeReadSource(fileDescriptor: ends[0], queue: .global())
        reader.setEventHandler {
            var bytes = [UInt8](repeating: 0, count: 64)
            while read(ends[0], &bytes, bytes.count) > 0 {}
            door.post {}
        }
        reader.resume()
        interruptReader = reader
        _ = clua_interrupt_install(ends[1])
        // The hook that stops running code is set from the loop's thread through the watch's
        // signal, at the resume running: that, not a slow-task watch (whose threshold is the
        // user's, 0 for none), is what Ctrl-C needs.
        _ = clua_watch_install()
        interruptsStopLua = true
    }

    /// Whether Ctrl-C was pressed since last asked.
    public func takeInterrupt() -> Bool { clua_interrupt_take() != 0 }

    /// Ends a REPL session: names the tasks still pending, cancels them and lets them clean up.
    public func endSession() async throws {
        reportPendingTasks(context: "the session ended")
        try await drain()
        reportUnretrievedErrors()
        closeReports()
    }
}
