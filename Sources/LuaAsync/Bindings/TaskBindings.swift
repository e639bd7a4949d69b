import CLua
#if canImport(Glibc)
import Glibc
#endif
import CLuaWatch
import LuaKit
import Scheduler

/// `asyncio.create_task`, the Task methods, and the task queries of the module.
enum TaskBindings {
    static let methods: [(String, LuaFunction)] = [
        ("done", done), ("cancel", cancel), ("cancelled", cancelled), ("result", outcome),
        ("exception", exception), ("get_name", getName), ("set_name", setName),
        ("cancelling", cancelling), ("uncancel", uncancel),
        ("add_done_callback", addDoneCallback), ("remove_done_callback", removeDoneCallback),
    ]

    static let metamethods: [(String, LuaFunction)] = [("__tostring", describe), ("__concat", concatenate)]

    /// `"got " .. t`: refused, as for any userdata, with what to write instead.
    static let concatenate: LuaFunction = { state in
        let lua = Lua(state!)
        return lua.error("attempt to concatenate a Task value\n" + PythonHints.taskIsNotItsResult)
    }

    static let core: [(String, LuaFunction)] = [
        ("create_task", createTask), ("current_task", currentTask), ("all_tasks", allTasks), ("time", time),
        ("task_done", done), ("task_outcome", outcome),
        ("task_cancelling", cancelling), ("task_uncancel", uncancel), ("wait_satisfied", waitSatisfied),
        ("arm_timeout", armTimeout), ("disarm_timeout", disarmTimeout),
        ("first_done", firstDone), ("gather_results", gatherResults), ("task_id", taskID),
        ("task_cancel_message", cancelMessage), ("is_task_thread", isTaskThread),
        ("new_list", newList), ("partition_done", partitionDone), ("abandon_wait", abandonWait),
        ("timeout_swallowed", timeoutSwallowed),
    ]

    /// timeout_swallowed(what, deadline): the block of an expired timeout caught its
    /// CancelledError and carried on, so no TimeoutError was raised: reported.
    static let timeoutSwallowed: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let task = runtime.currentTask else { return 0 }
        let what = lua.string(at: 1) ?? "asyncio.timeout"
        let entered = runtime.location(of: lua).map { " at \($0)" } ?? ""
        let caught = task.cancelDeliveredAt.map { " at \($0)" } ?? ""
        let deadline = formatSeconds(lua.number(at: 2) ?? 0)
        runtime.report(Diagnostic(
            .swallowedTimeout, "\(runtime.label(task)) swallowed the deadline of \(what)\(entered) (\(deadline)): the "
                + "CancelledError it raised was caught\(caught) and the task carried on, so no TimeoutError was raised; "
                + "re-raise what you do not handle (error(err, 0)), or catch with asyncio.pcall, which lets "
                + "CancelledError through"))
        return 0
    }


    /// abandon_wait(t): takes t off the wait it carries for a coroutine that was closed.
    static let abandonWait: LuaFunction = { state in
        Runtime.method(state, .task, "abandon_wait") { (lua, task: LuaTask) in
            task.loop.abandonWait(of: task)
            return 0
        }
    }

    /// is_task_thread(co): whether co is a task's own coroutine.
    static let isTaskThread: LuaFunction = { state in
        let lua = Lua(state!)
        lua.push(lua.toThread(1).map(Runtime.isTaskThread) ?? false)
        return 1
    }

    /// task_cancel_message(t): the message of the task's latest cancellation, or nil.
    static let cancelMessage: LuaFunction = { state in
        Runtime.method(state, .task, "task_cancel_message") { (lua, task: LuaTask) in
            if let message = task.cancelMessage { lua.push(message) } else { lua.pushNil() }
            return 1
        }
    }

    /// task_id(t): the task's number (Task-N), to order tasks as they were created.
    static let taskID: LuaFunction = { state in
        Runtime.method(state, .task, "task_id") { (lua, task: LuaTask) in
            lua.push(task.id)
            return 1
        }
    }

    /// first_done(tasks [, unsuccessful]): the position in `tasks` of the one that finished
    /// first (only failed or cancelled ones if asked), or nil.
    static let firstDone: LuaFunction = { state in
        let lua = Lua(state!)
        guard lua.type(at: 1) == LUA_TTABLE else { return lua.typeError(1, "gather", expected: "list of tasks", at: 1) }
        let onlyUnsuccessful = lua.toBoolean(2)
        var first: (position: Int, order: Int)?
        for position in stride(from: 1, through: lua.rawLength(1), by: 1) {
            lua.rawGet(1, index: position)
            let pointer = Runtime.objectPointer(lua, at: -1, .task)
            lua.pop()
            guard let pointer else { return lua.typeError(1, "gather", expected: "list of tasks", at: 1) }
            let task = Unmanaged<LuaTask>.fromOpaque(pointer).takeUnretainedValue()
            guard task.isDone, !onlyUnsuccessful || task.outcome != .returned else { continue }
            if first == nil || task.finishOrder < first!.order { first = (position, task.finishOrder) }
        }
        if let first { lua.push(first.position) } else { lua.pushNil() }
        return 1
    }

    /// new_list(n): an empty table with room for n list items. Filling a plain `{}` one item
    /// at a time resizes it at every power of two: three times for the three tasks of a race.
    static let newList: LuaFunction = { state in
        let lua = Lua(state!)
        lua.newTable(arraySize: Int32(clamping: max(lua.integer(at: 1) ?? 0, 0)))
        return 1
    }

    /// partition_done(tasks): the tasks that are done and those that are not, each a list
    /// in the order given (asyncio.wait's two sets).
    static let partitionDone: LuaFunction = { state in
        let lua = Lua(state!)
        guard lua.type(at: 1) == LUA_TTABLE else { return lua.typeError(1, "wait", expected: "list of tasks", at: 1) }
        lua.setTop(1)
        let count = lua.rawLength(1)
        var doneCount = 0
        for position in stride(from: 1, through: count, by: 1) {
            lua.rawGet(1, index: position)
            let pointer = Runtime.objectPointer(lua, at: -1, .task)
            lua.pop()
            guard let pointer else { return lua.typeError(1, "wait", expected: "list of tasks", at: 1) }
            if Unmanaged<LuaTask>.fromOpaque(pointer).takeUnretainedValue().isDone { doneCount += 1 }
        }
        lua.newTable(arraySize: Int32(clamping: doneCount))  // [tasks, done]
        lua.newTable(arraySize: Int32(clamping: count - doneCount))  // [tasks, done, pending]
        var filled = (done: 0, pending: 0)
        for position in stride(from: 1, through: count, by: 1) {
            lua.rawGet(1, index: position)  // [tasks, done, pending, task]
            // Making the lists may have run a finalizer that finalized a handle by hand.
            guard let pointer = Runtime.objectPointer(lua, at: -1, .task) else {
                return lua.typeError(1, "wait", expected: "list of tasks", at: 1)
            }
            if Unmanaged<LuaTask>.fromOpaque(pointer).takeUnretainedValue().isDone {
                filled.done += 1
                lua.rawSet(2, index: filled.done)
            } else {
                filled.pending += 1
                lua.rawSet(3, index: filled.pending)
            }
        }
        return 2
    }

    /// gather_results(tasks): a list of each task's first result, when every task
    /// returned; nil otherwise (the prelude then raises the first error).
    static let gatherResults: LuaFunction = { state in
        let lua = Lua(state!)
        guard lua.type(at: 1) == LUA_TTABLE else { return lua.typeError(1, "gather", expected: "list of tasks", at: 1) }
        let count = lua.rawLength(1)
        lua_createtable(lua.state, Int32(clamping: count), 0)  // [tasks, results]
        for position in stride(from: 1, through: count, by: 1) {
            lua.rawGet(1, index: position)  // [tasks, results, task]
            guard let pointer = Runtime.objectPointer(lua, at: -1, .task),
                Unmanaged<LuaTask>.fromOpaque(pointer).takeUnretainedValue().pushFirstResult(on: lua)
            else {
                lua.pushNil()
                return 1
            }  // [tasks, results, task, result]
            lua.rawSet(-3, index: position)
            lua.pop()
        }
        return 1
    }

    /// asyncio.create_task(fn, ...): a new task that runs fn(...) from the next turn on.
    static let createTask: LuaFunction = { state in
        let lua = Lua(state!)
        guard lua.type(at: 1) == LUA_TFUNCTION else {
            _ = lua.typeError(1, "create_task", expected: "function", at: 1)
            let isTask = Runtime.objectPointer(lua, at: 1, .task) != nil
            lua.push("\n" + (isTask ? "hint: it is a task already: await it with t:await()" : PythonHints.function("create_task")))
            lua_concat(lua.state, 2)
            return Lua.raise
        }
        return Runtime.from(lua).spawn(from: lua, count: lua.top) == nil ? Lua.raise : 1
    }

    static let currentTask: LuaFunction = { state in
        let lua = Lua(state!)
        if let task = Runtime.from(lua).currentTask, task.pushHandle(on: lua) { return 1 }
        lua.pushNil()
        return 1
    }

    /// The unfinished tasks, in the order they were created.
    static let allTasks: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        let tasks = runtime.loop.liveTasks.compactMap { $0 as? LuaTask }
        lua.newTable(arraySize: Int32(tasks.count))
        var position = 0
        for task in tasks where task.pushHandle(on: lua) {
            position += 1
            lua.rawSet(-2, index: position)
        }
        return 1
    }

    static let time: LuaFunction = { state in
        let lua = Lua(state!)
        lua.push(Runtime.from(lua).seconds)
        return 1
    }

    static let done: LuaFunction = { state in
        Runtime.method(state, .task, "done") { (lua, task: LuaTask) in
            lua.push(task.isDone)
            return 1
        }
    }

    static let cancelled: LuaFunction = { state in
        Runtime.method(state, .task, "cancelled") { (lua, task: LuaTask) in
            lua.push(task.outcome == .cancelled)
            return 1
        }
    }

    /// t:cancel([msg]): true unless the task is done.
    static let cancel: LuaFunction = { state in
        Runtime.method(state, .task, "cancel") { (lua, task: LuaTask) in
            var message: String?
            if !lua.isNoneOrNil(2) {
                guard lua.type(at: 2) == LUA_TSTRING || lua.type(at: 2) == LUA_TNUMBER else {
                    return lua.typeError(2, "cancel", expected: "string", at: 2)
                }
                message = Runtime.from(lua).describe(errorAt: 2, on: lua)
            }
            lua.push(Runtime.from(lua).loop.cancel(task, message: message))
            task.recountHeldText()
            return 1
        }
    }

    /// The results of a finished task, or its error raised: what `t:await()` and `t:result()`
    /// return (`result` raises InvalidStateError on an unfinished task).
    static let outcome: LuaFunction = { state in
        Runtime.method(state, .task, "result") { (lua, task: LuaTask) in
            return task.pushOutcome(on: lua)
        }
    }

    /// t:exception(): the error of a failed task, nil for one that returned.
    static let exception: LuaFunction = { state in
        Runtime.method(state, .task, "exception") { (lua, task: LuaTask) in
            switch task.outcome {
            case nil: return Runtime.from(lua).raise(.invalidState, "Exception is not set.", on: lua)
            case .returned: lua.pushNil(); return 1
            case .cancelled: return task.pushOutcome(on: lua)
            case .failed:
                task.errorRetrieved = true
                task.pushError(on: lua)
                return 1
            }
        }
    }

    static let getName: LuaFunction = { state in
        Runtime.method(state, .task, "get_name") { (lua, task: LuaTask) in
            lua.push(task.name)
            return 1
        }
    }

    static let setName: LuaFunction = { state in
        Runtime.method(state, .task, "set_name") { (lua, task: LuaTask) in
            guard lua.type(at: 2) == LUA_TSTRING || lua.type(at: 2) == LUA_TNUMBER else {
                return lua.typeError(2, "set_name", expected: "string", at: 2)
            }
            let length = lua.bytes(at: 2)?.count ?? 0
            guard length <= Runtime.longestTaskName else {
                return lua.argumentError(2, "set_name", "a task name is at most \(Runtime.longestTaskName) bytes (this one has \(length))")
            }
            task.name = Runtime.from(lua).describe(errorAt: 2, on: lua)
            task.recountHeldText()
            return 0
        }
    }

    static let cancelling: LuaFunction = { state in
        Runtime.method(state, .task, "cancelling") { (lua, task: LuaTask) in
            lua.push(task.cancelRequests)
            return 1
        }
    }

    static let uncancel: LuaFunction = { state in
        Runtime.method(state, .task, "uncancel") { (lua, task: LuaTask) in
            lua.push(task.uncancel())
            return 1
        }
    }

    static let addDoneCallback: LuaFunction = { state in
        Runtime.method(state, .task, "add_done_callback") { (lua, task: LuaTask) in
            guard lua.type(at: 2) == LUA_TFUNCTION else {
                return lua.typeError(2, "add_done_callback", expected: "function", at: 2)
            }
            DoneCallback.add(on: task, lua: lua)
            return 0
        }
    }

    static let removeDoneCallback: LuaFunction = { state in
        Runtime.method(state, .task, "remove_done_callback") { (lua, task: LuaTask) in
            guard lua.type(at: 2) == LUA_TFUNCTION else {
                return lua.typeError(2, "remove_done_callback", expected: "function", at: 2)
            }
            lua.push(DoneCallback.remove(from: task, matching: 2, lua: lua))
            return 1
        }
    }

    static let describe: LuaFunction = { state in
        Runtime.method(state, .task, "tostring") { (lua, task: LuaTask) in
            lua.push("Task(\(task.name), \(Runtime.from(lua).stateDescription(of: task)))")
            return 1
        }
    }

    /// wait_satisfied(tasks, condition [, claim]): whether asyncio.wait would return at once.
    /// `claim` marks the tasks' errors as answered for (gather). The list it read is kept
    /// for the await request that follows, so a wait converts its list once.
    static let waitSatisfied: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let tasks = runtime.taskList(lua, at: 1) else { return lua.typeError(1, "wait", expected: "list of tasks", at: 1) }
        guard let raw = lua.integer(at: 2), let condition = TaskSetWait.Condition(rawValue: raw) else {
            return lua.argumentError(2, "wait", "invalid condition")
        }
        if lua.toBoolean(3) {
            for case let task as LuaTask in tasks { task.errorRetrieved = true }
        }
        let satisfied = TaskSetWait.isSatisfied(condition, by: tasks)
        runtime.preparedWait = satisfied ? nil : (lua_topointer(lua.state, 1), tasks)
        lua.push(satisfied)
        return 1
    }

    /// arm_timeout(deadline): cancels the running task at `deadline` (loop seconds); returns an id.
    static let armTimeout: LuaFunction = { state in
        let lua = Lua(state!)
        let runtime = Runtime.from(lua)
        guard let task = runtime.currentTask else { return lua.error("asyncio.timeout: not inside a task") }
        guard let deadline = lua.number(at: 1) else { return lua.typeError(1, "timeout_at", expected: "number", at: 1) }
        lua.push(runtime.armTimeout(for: task, at: nanoseconds(fromSeconds: deadline)))
        return 1
    }

    /// disarm_timeout(id): stops the timer; returns whether it had already fired.
    static let disarmTimeout: LuaFunction = { state in
        let lua = Lua(state!)
        guard let id = lua.integer(at: 1) else { return lua.typeError(1, "disarm_timeout", expected: "integer", at: 1) }
        lua.push(Runtime.from(lua).disarmTimeout(id))
        return 1
    }
}

extension Runtime {
    /// Starts a task running the function under `count` values on top of `lua`'s stack.
    /// Stack: [-count, +1] replaces the function and its arguments with the task's handle.
    func spawn(from lua: Lua, count: Int32) -> LuaTask? {
        if let maxTasks, loop.createdTasks >= maxTasks {
            clua_limits_fail(mainState, "task limit of \(maxTasks) exceeded")
            lua.pop(count)
            _ = lua.error("task limit of \(maxTasks) exceeded")
            return nil
        }
        guard let thread = lua_newthread(lua.state) else { return nil }  // [fn, args..., co]
        Runtime.markTaskThread(thread)
        lua.insert(-(count + 1))  // [co, fn, args...]
        guard Lua(thread).ensureStack(count + 1) else {
            lua.pop(count + 1)
            _ = lua.error("too many arguments for a new task")
            return nil
        }
        lua_xmove(lua.state, thread, count)  // [co]
        let task = LuaTask(runtime: self, thread: thread)
        pushObject(task, .task, on: lua, userValues: 1)  // [co, handle]
        lua.insert(-2)  // [handle, co]
        lua_setiuservalue(lua.state, -2, 1)  // [handle]: the thread lives as long as the handle
        lua.pushCopy(of: -1)
        task.handleRef = taskAnchors.anchor(on: lua)
        loop.start(task)
        return task
    }

    /// "pending", "waiting on …", "done", "failed", "cancelled".
    func stateDescription(of task: LoopTask) -> String {
        switch task.phase {
        case .done:
            switch task.outcome {
            case .returned: return "done"
            case .failed: return "failed"
            default: return "cancelled"
            }
        case .waiting: return "waiting on \(task.waitingOn?.describeWait(of: task) ?? "?")"
        case .running: return "running"
        case .scheduled: return task.cancelRequests > 0 ? "being cancelled" : "pending"
        }
    }

    func armTimeout(for task: LuaTask, at deadline: Int64) -> Int {
        nextTimeoutID += 1
        let id = nextTimeoutID
        let handle = loop.callAt(deadline) { [unowned self, weak task] in
            guard let task else { return }
            self.timeouts[id]?.fired = true
            self.loop.tracer?.timeoutExpired(task, at: self.loop.now)
            self.loop.cancel(task)
        }
        timeouts[id] = ArmedTimeout(handle: handle, fired: false, task: task.id)
        return id
    }

    func disarmTimeout(_ id: Int) -> Bool {
        guard let timeout = timeouts.removeValue(forKey: id) else { return false }
        loop.cancelTimer(timeout.handle)
        return timeout.fired
    }
}

extension TaskBindings {
    /// bind_writer(stdout, method): the sandbox's io.write (or, with `method`, stdout:write),
    /// Lua's own in C (clua_write), writing through the host and returning `stdout`. Each line
    /// is written when its newline comes; the rest waits with the host (its bytes count
    /// against the memory limit).
    static let bindWriter: LuaFunction = { state in
        let lua = Lua(state!)
        lua.push(lightUserdata: unsafeBitCast(Runtime.textWriter, to: UnsafeMutableRawPointer.self))
        lua.pushCopy(of: 1)
        lua.push(lua.toBoolean(2))
        lua_pushcclosure(lua.state, clua_write, 3)
        return 1
    }

    /// Hands `line` each line that `text` completes, and keeps the rest in `unfinished`.
    static func splitLines(_ text: UnsafeRawBufferPointer, unfinished: inout [UInt8], line: ([UInt8]) -> Void) {
        guard let base = text.baseAddress else { return }
        var start = 0
        // memchr: a script may write megabytes without a newline, a few bytes at a time.
        while start < text.count, let found = memchr(base + start, 10, text.count - start) {
            let newline = base.distance(to: UnsafeRawPointer(found))
            unfinished.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start..<newline]))
            line(unfinished)
            unfinished.removeAll(keepingCapacity: true)
            start = newline + 1
        }
        if start < text.count { unfinished.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[start...])) }
    }
}

extension Runtime {
    /// Where `print` (clua_print) hands its line: after what `io.write` left unfinished.
    static let printWriter: clua_text_writer = { state, text, length in
        let runtime = Runtime.from(Lua(state!))
        let line = UnsafeRawBufferPointer(start: text, count: length)
        guard !runtime.unfinishedLine.isEmpty else { return runtime.writeLine(line) }
        clua_limits_account(runtime.mainState, -Int64(runtime.unfinishedLine.count))
        runtime.unfinishedLine.append(contentsOf: line)
        runtime.writeLine(runtime.unfinishedLine)
        runtime.unfinishedLine.removeAll(keepingCapacity: true)
    }

    /// What `print` (clua_print) tells of each userdata it prints: a Task printed is not its
    /// result, and the run is told so once.
    static let printedUserdata: clua_value_watcher = { state, index in
        let lua = Lua(state!)
        guard Runtime.objectPointer(lua, at: index, .task) != nil else { return }
        let runtime = Runtime.from(lua)
        guard !runtime.printedTaskHinted else { return }
        runtime.printedTaskHinted = true
        runtime.report(Diagnostic(.hint, PythonHints.printedTask(at: runtime.location(of: lua).map { " at " + $0 } ?? "")))
    }

    /// Where the sandbox's `io.write` (clua_write) hands each value's text.
    static let textWriter: clua_text_writer = { state, text, length in
        let runtime = Runtime.from(Lua(state!))
        let before = runtime.unfinishedLine.count
        TaskBindings.splitLines(UnsafeRawBufferPointer(start: text, count: length), unfinished: &runtime.unfinishedLine) {
            runtime.writeLine($0)
        }
        clua_limits_account(runtime.mainState, Int64(runtime.unfinishedLine.count - before))
    }

    /// Writes one line of the script's output (without its newline), within the output limit.
    func writeLine(_ line: UnsafeRawBufferPointer) {
        if let limit = outputLimit {
            outputWritten += line.count + 1
            if outputWritten > limit {
                clua_limits_fail(mainState, "output limit of \(formatBytes(limit)) exceeded")
                return
            }
        }
        if let output {
            output(String(decoding: line, as: UTF8.self))
        } else {
            clua_writeline(line.baseAddress?.assumingMemoryBound(to: CChar.self), line.count)  // the bytes as they are
        }
    }

    func writeLine(_ line: [UInt8]) { line.withUnsafeBytes { writeLine($0) } }
}
