import CLua
import CLuaWatch
import LuaKit

extension Runtime {
    /// "source:line" of the innermost function of the script active on `lua`'s stack
    /// (the preludes' own frames, asyncio's and sim's, are skipped: they are never where a
    /// problem is).
    func location(of lua: Lua) -> String? {
        var record = lua_Debug()
        var level: Int32 = 0
        while lua_getstack(lua.state, level, &record) != 0 {
            if lua_getinfo(lua.state, "Sl", &record) != 0, record.currentline > 0, clua_is_prelude(record.source) == 0 {
                return "\(shortSource(record))\(":")\(record.currentline)"
            }
            level += 1
        }
        return nil
    }

    private func shortSource(_ record: lua_Debug) -> String {
        withUnsafeBytes(of: record.short_src) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
    }

    /// tostring of a value on any thread, run protected on the main state. A table or
    /// userdata without `__tostring` reads "(error object is a table value)", as in lua.c,
    /// rather than its address, so that reports are the same on every run.
    /// Only the first `limit` bytes are copied, then how long it was (see `clipped`).
    func describe(errorAt index: Int32, on lua: Lua, limit: Int = .max) -> String {
        let main = vm.lua
        lua.pushCopy(of: index)
        lua_xmove(lua.state, main.state, 1)  // main: [err]
        _ = clua_safetostring(main.state, -1)  // main: [err, text]
        defer { main.pop(2) }
        guard let bytes = main.bytes(at: -1) else { return "?" }
        guard bytes.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        return Runtime.clipped(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<(limit + 4)]), as: UTF8.self),
                               to: limit, wholeLength: bytes.count)
    }

    /// A traceback without its innermost frames inside `error` and the prelude, so that it
    /// opens at the script's line that raised.
    static func userFacing(traceback: String) -> String {
        var lines = traceback.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first else { return traceback }
        lines.removeFirst()
        let firstOwn = lines.firstIndex { line in
            !line.hasPrefix("\t[C]: in function 'error'") && !line.hasPrefix("\tasyncio.lua:")
                && !line.hasPrefix("\tsandbox.lua:") && !line.hasPrefix("\tsim.lua:")
        }
        return ([header] + lines[(firstOwn ?? 0)...]).joined(separator: "\n")
    }

    /// Whether the value at `index` is an error object made by one of the asyncio classes.
    func isTideError(at index: Int32, on lua: Lua) -> Bool {
        guard lua_getmetatable(lua.state, index) != 0 else { return false }
        defer { lua.pop() }
        for classRef in errorClassRefs {
            lua.pushRef(classRef)
            let matches = lua_rawequal(lua.state, -1, -2) != 0
            lua.pop()
            if matches { return true }
        }
        return false
    }
}

/// Seconds with two decimals, "0.90s", without Foundation.
func formatSeconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
}
