import CLua
import LuaKit

/// The way a task's error came: the task that raised it, then each await that raised it
/// again in its awaiter ("awaited by Task-1 at w.lua:9"), so that a report shows where
/// the error began, as Python's traceback does, and not the await that carried it last.
struct ErrorPath {
    /// The task the error was raised in (the failed task itself when it raised it).
    let origin: LuaTask
    /// "awaited by Task-2 at w.lua:9", from the origin outward.
    let awaits: [String]

    var isCarried: Bool { !awaits.isEmpty }
}

extension Runtime {
    /// Notes that an await in the running task raised `failed`'s error, at the script's line.
    func noteDelivery(ofErrorOf failed: LuaTask, to target: Lua) {
        guard let receiver = currentTask, receiver !== failed else { return }
        // A tail call (`return asyncio.gather(...)`) leaves no line of the receiver's own.
        receiver.lastDelivered = (failed, location(of: target).map { " at " + $0 } ?? "")
    }

    /// The path of the error at `index` on `main` that `task` fails with: carried, when it
    /// is the very error an await of the task raised last; else raised in the task itself.
    func errorPath(of task: LuaTask, failingWithErrorAt index: Int32, on main: Lua) -> ErrorPath {
        let own = ErrorPath(origin: task, awaits: [])
        guard let delivered = task.lastDelivered, delivered.error.hasThread, delivered.error.outcome == .failed else {
            return own
        }
        task.lastDelivered = nil
        let index = main.absolute(index)
        delivered.error.pushError(on: main)  // main: [..., carried error]
        defer { main.pop() }
        guard lua_rawequal(main.state, index, -1) != 0 else { return own }
        let before = delivered.error.errorPath ?? ErrorPath(origin: delivered.error, awaits: [])
        return ErrorPath(origin: before.origin, awaits: before.awaits + ["awaited by \(label(task))\(delivered.at)"])
    }

    /// What a report says of a failed task: where its error was raised, with that task's
    /// traceback, and each await that carried it here.
    func failureReport(of task: LuaTask) -> String? {
        guard let failure = task.failure else { return nil }
        guard let path = task.errorPath, path.isCarried, let raised = path.origin.failure else {
            return "\(label(task)) failed: \(failure.message)\n\(failure.traceback)"
        }
        return (["\(label(path.origin)) failed: \(raised.message)", raised.traceback] + path.awaits.map { "  " + $0 })
            .joined(separator: "\n")
    }
}
