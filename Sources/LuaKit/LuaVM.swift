import CLua

/// One Lua universe: owns the main `lua_State` and closes it on deinit.
public final class LuaVM {
    public let lua: Lua

    public init() {
        guard let state = luaL_newstate() else { preconditionFailure("luaL_newstate failed: out of memory") }
        luaL_openlibs(state)
        lua = Lua(state)
    }

    /// Takes ownership of a state made elsewhere (with its own allocator, say).
    public init(adopting state: OpaquePointer) {
        luaL_openlibs(state)
        lua = Lua(state)
    }

    /// Runs after the state is closed (to free what its allocator kept).
    public var afterClose: (() -> Void)?

    deinit {
        lua_close(lua.state)
        afterClose?()
    }

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

    /// Loads a file's text as a chunk named `@displayName` (the path by default), so that
    /// messages and tracebacks say `displayName:line:`. Stack: [-0, +1] as `load`.
    public func loadFile(_ path: String, displayName: String? = nil) -> LoadStatus {
        guard let text = Self.readText(at: path) else {
            lua.push("cannot open \(displayName ?? path)")
            return .failed(message: "cannot open \(displayName ?? path)")
        }
        // Like lua.c, skip a first line such as "#!/usr/bin/env tide run", keeping line numbers.
        let source = text.hasPrefix("#") ? String(text.drop { $0 != "\n" }) : text
        return load(source, chunkName: "@" + (displayName ?? path))
    }

    /// The whole text of a file, or nil when it cannot be read.
    public static func readText(at path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        guard ferror(file) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
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
