import CLua
import LuaKit
import Scheduler

/// What a task asks the loop for when it suspends; the prelude's request codes.
enum AwaitRequest: Int {
    case yield = 1, sleep, awaitTask, acquire, eventWait, queueGet, queuePut, queueJoin, wait, conditionWait, hostCall
}

extension Runtime {
    /// Parks `task` as its request asks. The request is on the task's stack from `base` on:
    /// `[code, a, b, c, forward]`. A request the prelude would never make fails the await.
    func perform(_ lua: Lua, requestAt base: Int32, count: Int32, for task: LuaTask) {
        guard let code = lua.integer(at: base), let request = AwaitRequest(rawValue: code) else {
            return reject(task, "invalid await request")
        }
        let a = base + 1
        if request != .sleep { task.shortSleepsInARow = 0 }
        switch request {
        case .yield:
            loop.yieldNow(task)
        case .sleep:
            guard let delay = lua.number(at: a) else { return reject(task, "invalid sleep request") }
            park(task, sleeping: delay)
        case .awaitTask:
            guard let other: LuaTask = Self.object(lua, at: a, .task), !other.isDone else {
                return reject(task, "invalid await request")
            }
            if other === task { return reject(task, "a task cannot await itself") }
            other.addAwaiter(task)
        case .acquire:
            guard Self.withObject(lua, at: a, .semaphore, { (semaphore: Semaphore) in park(task, on: semaphore) }) else {
                return reject(task, "invalid acquire")
            }
        case .eventWait:
            guard Self.withObject(lua, at: a, .event, { (event: Event) in park(task, on: event) }) else { return reject(task, "invalid wait") }
        case .queueGet, .queuePut, .queueJoin:
            let queued = Self.withObject(lua, at: a, .queue) { (queue: LuaQueue) in
                switch request {
                case .queueGet: park(task, gettingFrom: queue)
                case .queuePut: park(task, puttingOn: queue)
                default: if queue.unfinishedTasks == 0 { loop.yieldNow(task) } else { queue.enqueueJoiner(task) }
                }
            }
            guard queued else { return reject(task, "invalid queue request") }
        case .hostCall:
            guard let id = lua.integer(at: a), park(task, onHostCall: id) else { return reject(task, "invalid host call") }
        case .conditionWait:
            guard let condition: Condition = Self.object(lua, at: a, .condition) else {
                return reject(task, "invalid condition wait")
            }
            condition.enqueue(task)
        case .wait:
            let prepared = preparedWait.flatMap { $0.table == lua_topointer(lua.state, a) ? $0.tasks : nil }
            preparedWait = nil
            guard let tasks = prepared ?? taskList(lua, at: a),
                let raw = lua.integer(at: a + 1), let condition = TaskSetWait.Condition(rawValue: raw)
            else { return reject(task, "invalid wait request") }
            let deadline = lua.number(at: a + 2).map { loop.deadline(after: nanoseconds(fromSeconds: $0)) }
            _ = TaskSetWait(
                loop: loop, waiter: task, tasks: tasks, condition: condition, deadline: deadline,
                cancelsTasksWithWaiter: lua.toBoolean(a + 3))
        }
    }

    // Parking: what each request does, whether it came through the loop (`perform`) or
    // straight from an awaiting method on the task's own thread (AwaitingMethods).

    func park(_ task: LuaTask, sleeping delay: Double) {
        notePolling(task, sleeping: delay)
        loop.sleep(task, until: loop.deadline(after: nanoseconds(fromSeconds: delay)))
    }

    func park(_ task: LuaTask, on event: Event) {
        if event.isSet { loop.yieldNow(task) } else { event.enqueue(task) }
    }

    func park(_ task: LuaTask, on semaphore: Semaphore) { semaphore.enqueue(task) }
    func park(_ task: LuaTask, gettingFrom queue: LuaQueue) { queue.enqueueGetter(task) }
    func park(_ task: LuaTask, puttingOn queue: LuaQueue) { queue.enqueuePutter(task) }

    /// Ends the await at once with an error instead of parking the task.
    private func reject(_ task: LuaTask, _ message: String) {
        task.requestError = message
        loop.yieldNow(task)
    }

    /// The tasks of a Lua list of task handles, or nil if any entry is not a task.
    func taskList(_ lua: Lua, at index: Int32) -> [LoopTask]? {
        guard lua.type(at: index) == LUA_TTABLE else { return nil }
        let count = lua.rawLength(index)
        var tasks: [LoopTask] = []
        tasks.reserveCapacity(count)
        for position in 0..<count {
            lua.rawGet(index, index: position + 1)
            let task: LuaTask? = Self.object(lua, at: -1, .task)
            lua.pop()
            guard let task else { return nil }
            tasks.append(task)
        }
        return tasks
    }
}
