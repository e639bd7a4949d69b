import CLua
import CLuaWatch
import LuaKit
import Scheduler

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

    /// `location(of:)` as a key, without making its text: a trace asks on every suspension.
    /// The source's name is fingerprinted too, in case its string's memory is reused.
    func locationKey(of lua: Lua) -> TraceKey? {
        var record = lua_Debug()
        var level: Int32 = 0
        while lua_getstack(lua.state, level, &record) != 0 {
            if lua_getinfo(lua.state, "Sl", &record) != 0, record.currentline > 0, clua_is_prelude(record.source) == 0,
               let source = record.source {
                var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
                var byte = source
                while byte.pointee != 0 {
                    fingerprint = (fingerprint ^ UInt64(UInt8(bitPattern: byte.pointee))) &* 0x100_0000_01b3
                    byte += 1
                }
                return TraceKey(site: UnsafeRawPointer(source), fingerprint: fingerprint, line: Int(record.currentline))
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

    /// tostring of a value on any thread, run protected on the main state. A table without
    /// `__tostring` shows its fields as a constructor (`{code = 42}`); a userdata without
    /// one reads "(error object is a userdata value)", as in lua.c, rather than its address,
    /// so that reports are the same on every run.
    /// Only the first `limit` bytes are copied, then how long it was (see `clipped`).
    func describe(errorAt index: Int32, on lua: Lua, limit: Int = .max) -> String {
        let main = vm.lua
        lua.pushCopy(of: index)
        lua_xmove(lua.state, main.state, 1)  // main: [err]
        if !pushInspection(of: -1, on: main) {
            _ = clua_safetostring(main.state, -1)  // main: [err, text]
        }
        defer { main.pop(2) }
        guard let bytes = main.bytes(at: -1) else { return "?" }
        guard bytes.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        return Runtime.clipped(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<(limit + 4)]), as: UTF8.self),
                               to: limit, wholeLength: bytes.count)
    }

    /// A traceback a script's author reads: without the preludes' frames (asyncio.lua,
    /// sandbox.lua, sim.lua, streams.lua: `clua_is_prelude`) wherever they are, the C
    /// functions they or `error` run in, and the tail-call marks they leave, so that it
    /// opens at the script's line that raised.
    static func userFacing(traceback: String) -> String {
        var lines = traceback.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first else { return traceback }
        lines.removeFirst()
        func isPrelude(_ line: Substring) -> Bool {
            guard line.hasPrefix("\t"), let colon = line.firstIndex(of: ":") else { return false }
            return clua_is_prelude("@" + line[line.index(after: line.startIndex)..<colon]) != 0
        }
        var kept: [Substring] = []
        for (position, line) in lines.enumerated() {
            if isPrelude(line) { continue }
            let next = position + 1 < lines.count ? lines[position + 1] : ""
            let isC = line.hasPrefix("\t[C]:")
            // A C function called by the prelude, or `error` itself where the script raised.
            if isC && (isPrelude(next) || (kept.isEmpty && line.hasPrefix("\t[C]: in function 'error'"))) { continue }
            if line == "\t(...tail calls...)" && (kept.isEmpty || isPrelude(next)) { continue }
            kept.append(line)
        }
        return ([header] + kept).joined(separator: "\n")
    }

    /// Stack: [-0, +1] pushes the constructor text of the table at `index` (one without
    /// `__tostring`); false, pushing nothing, for any other value or when rendering failed.
    func pushInspection(of index: Int32, on lua: Lua) -> Bool {
        guard lua.type(at: index) == LUA_TTABLE, lua.ensureStack(3) else { return false }
        if lua_getmetatable(lua.state, index) != 0 {
            lua.push("__tostring")  // an interned name: pushing it allocates nothing
            let hasToString = lua_rawget(lua.state, -2) != LUA_TNIL
            lua.pop(2)
            if hasToString { return false }
        }
        let value = lua.absolute(index)
        lua.pushRef(inspectRef)
        lua.pushCopy(of: value)
        guard vm.protectedCall(arguments: 1, results: 1), lua.type(at: -1) == LUA_TSTRING else {
            lua.pop()
            return false
        }
        return true
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
