import CLua

/// One Lua universe: owns the main `lua_State` and closes it on deinit.
public final class LuaVM {
    public let lua: Lua

    public init() {
        guard let state = luaL_newstate() else { preconditionFailure("luaL_newstate failed: out of memory") }
        luaL_openlibs(state)
        lua = Lua(state)
    }

    deinit { lua_close(lua.state) }

    /// Loads a chunk without running it. Stack: [-0, +1] the function, or the error message.
    public func load(_ source: String, chunkName: String, mode: String = "t") -> LoadStatus {
        var source = source
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                luaL_loadbufferx(lua.state, $0.baseAddress, $0.count, chunkName, mode)
            }
        }
        return LoadStatus(status: status, lua: lua)
    }

    /// Calls the function under `nargs` arguments with a traceback handler.
    /// Stack: [-(nargs+1), +nresults] or, on error, [-(nargs+1), +1] the message with traceback.
    public func protectedCall(arguments nargs: Int32, results nresults: Int32) -> Bool {
        let base = lua.top - nargs
        lua_pushcclosure(lua.state, clua_msghandler, 0)
        lua.insert(base)
        let status = clua_pcall(lua.state, nargs, nresults, base)
        lua.remove(base)
        return status == LUA_OK
    }
}

/// The outcome of compiling a chunk.
public enum LoadStatus: Equatable {
    case loaded
    /// A syntax error; `incomplete` when the text merely ended early (lua.c's `<eof>` rule).
    case syntaxError(message: String, incomplete: Bool)
    case failed(message: String)

    init(status: Int32, lua: Lua) {
        switch status {
        case LUA_OK:
            self = .loaded
        case LUA_ERRSYNTAX:
            let message = lua.string(at: -1) ?? "syntax error"
            self = .syntaxError(message: message, incomplete: message.hasSuffix("<eof>"))
        default:
            self = .failed(message: lua.string(at: -1) ?? "could not load the chunk")
        }
    }
}
