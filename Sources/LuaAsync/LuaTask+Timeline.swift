import CLua
import Glibc
import CLuaWatch
import LuaKit
import Scheduler

/// What a timeline shows of a Lua task: the function it runs, where it waits, how it failed.
/// Only a recording tracer asks, so runs that do not trace never walk a stack for it.
extension LuaTask {
    /// `describeBody()`: the function on the unstarted thread, named.
    func bodyOnThread(at index: Int32 = 1) -> (name: String?, isChunk: Bool) {
        guard let thread, lua_type(thread, index) == LUA_TFUNCTION, lua_checkstack(thread, 2) != 0 else { return (nil, false) }
        var record = lua_Debug()
        lua_pushvalue(thread, index)
        _ = lua_getinfo(thread, ">S", &record)
        if let what = record.what, String(cString: what) == "main" { return (nil, true) }
        // A prelude's runner (a server's connection handler runs inside streams.lua's):
        // the script's function it was given.
        if index == 1, clua_is_prelude(record.source) != 0 {
            let given = (2...max(2, lua_gettop(thread))).first {
                lua_type(thread, $0) == LUA_TFUNCTION && lua_iscfunction(thread, $0) == 0
            }
            if let given { return bodyOnThread(at: given) }
        }
        let body = lua_topointer(thread, index)
        // The name the creating code knows it by (`create_task(queryRegion)`), else, for a
        // wrapper (`function() return dataProducer(queue, 10) end`), the function it calls.
        if let creator = loop.current as? LuaTask, creator !== self, let creatorThread = creator.thread,
           let name = Self.variable(holding: body, on: creatorThread) {
            return (name, false)
        }
        if let called = Self.firstLuaFunctionUpvalue(of: index, on: thread) { return (called, false) }
        // Anonymous and calling nothing by name: where it is written.
        guard record.linedefined > 0 else { return (nil, false) }
        let source = withUnsafeBytes(of: record.short_src) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        return ("function at \(source):\(record.linedefined)", false)
    }

    /// The name of a local or upvalue of the script's own frames (not the preludes') that
    /// holds the function at `pointer`. Looks a few frames and locals deep: enough for a
    /// call site, bounded for a deep stack.
    private static func variable(holding pointer: UnsafeRawPointer?, on thread: OpaquePointer) -> String? {
        guard lua_checkstack(thread, 3) != 0 else { return nil }
        var record = lua_Debug()
        var level: Int32 = 0
        while level < 12, lua_getstack(thread, level, &record) != 0 {
            level += 1
            guard lua_getinfo(thread, "Sf", &record) != 0 else { continue }  // pushes the frame's function
            defer { lua_settop(thread, -2) }
            if clua_is_prelude(record.source) != 0 || lua_iscfunction(thread, -1) != 0 { continue }
            var local: Int32 = 1
            while local <= 200, let name = lua_getlocal(thread, &record, local) {
                let matches = lua_topointer(thread, -1) == pointer && lua_type(thread, -1) == LUA_TFUNCTION
                lua_settop(thread, -2)
                if matches, name.pointee != 40 /* "(": a temporary */ { return String(cString: name) }
                local += 1
            }
            var upvalue: Int32 = 1
            while upvalue <= 255, let name = lua_getupvalue(thread, -1, upvalue) {
                let matches = lua_topointer(thread, -1) == pointer && lua_type(thread, -1) == LUA_TFUNCTION
                lua_settop(thread, -2)
                if matches { return String(cString: name) }
                upvalue += 1
            }
        }
        return nil
    }

    /// Whether the await under way was made by sim.lua's code, below the script's frames.
    static func waitsInsideSim(_ thread: OpaquePointer) -> Bool {
        var record = lua_Debug()
        var level: Int32 = 0
        while lua_getstack(thread, level, &record) != 0, lua_getinfo(thread, "Sl", &record) != 0 {
            level += 1
            if strcmp(record.source, "@sim.lua") == 0 { return true }
            // The script's own frame: the await was its, not sim's.
            if record.currentline > 0, clua_is_prelude(record.source) == 0 { return false }
        }
        return false
    }

    /// The first upvalue of the Lua function at `index` that is itself a Lua function.
    private static func firstLuaFunctionUpvalue(of index: Int32, on thread: OpaquePointer) -> String? {
        guard lua_iscfunction(thread, index) == 0 else { return nil }
        var upvalue: Int32 = 1
        while upvalue <= 255, let name = lua_getupvalue(thread, index, upvalue) {
            let isLuaFunction = lua_type(thread, -1) == LUA_TFUNCTION && lua_iscfunction(thread, -1) == 0
            lua_settop(thread, -2)
            if isLuaFunction, name.pointee != 0 { return String(cString: name) }
            upvalue += 1
        }
        return nil
    }
}
