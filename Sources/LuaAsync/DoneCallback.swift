import CLua
import LuaKit
import Scheduler

/// A Lua function to call, outside any task, once a task is done (`add_done_callback`).
final class DoneCallback: TaskObserver {
    private unowned let runtime: Runtime
    private let functionRef: Int32
    private let handleRef: Int32

    /// Stack: [-0, +0] registers the function at index 2 for the task at index 1.
    static func add(on task: LuaTask, lua: Lua) {
        let runtime = Runtime.from(lua)
        lua.pushCopy(of: 2)
        let function = lua.ref()
        lua.pushCopy(of: 1)
        let callback = DoneCallback(runtime: runtime, functionRef: function, handleRef: lua.ref())
        if task.isDone {
            runtime.loop.callSoon { callback.call() }
        } else {
            task.doneCallbacks.append(callback)
            task.addObserver(callback)
        }
    }

    /// Removes every registration of the function at `index`; returns how many there were.
    static func remove(from task: LuaTask, matching index: Int32, lua: Lua) -> Int {
        let (matching, kept) = task.doneCallbacks.partitioned { callback in
            lua.pushRef(callback.functionRef)
            defer { lua.pop() }
            return lua_rawequal(lua.state, -1, index) != 0
        }
        task.doneCallbacks = kept
        for callback in matching {
            task.removeObserver(callback)
            callback.release()
        }
        return matching.count
    }

    private init(runtime: Runtime, functionRef: Int32, handleRef: Int32) {
        self.runtime = runtime
        self.functionRef = functionRef
        self.handleRef = handleRef
    }

    func taskDidFinish(_ task: LoopTask) {
        runtime.loop.callSoon { self.call() }
    }

    /// Calls the function with the task, on the main state; an error becomes a diagnostic.
    private func call() {
        let lua = runtime.vm.lua
        lua.pushRef(functionRef)
        lua.pushRef(handleRef)
        if !runtime.vm.protectedCall(arguments: 1, results: 0) {
            runtime.report(Diagnostic(.callbackError, "error in a done callback: \(runtime.describe(errorAt: -1, on: lua, limit: Runtime.clippedLength))"))
            lua.pop()
        }
        release()
    }

    private func release() {
        runtime.vm.lua.unref(functionRef)
        runtime.vm.lua.unref(handleRef)
    }
}

extension Array {
    /// The elements that match, and those that do not, each in their original order.
    fileprivate func partitioned(by matches: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if matches(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
