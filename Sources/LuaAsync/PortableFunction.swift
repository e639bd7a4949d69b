import CLua
import LuaKit

/// A Lua function and what it closes over, copied out of one Lua state so that another
/// (a worker thread's) can rebuild it: `asyncio.to_thread`'s way of sending work.
///
/// Each function is its bytecode (with debug information, for line numbers in errors) and
/// its upvalues. An upvalue crosses as a plain value, as another function of the copy (so
/// recursive and mutually recursive locals work), as the globals, or as a function or table
/// of Lua's standard library, found by name on the other side. Anything else (a task, a
/// Semaphore, a coroutine, a table holding a function) is refused with the upvalue's name.
struct PortableFunction: Sendable {
    enum Upvalue: Sendable {
        case value(CopiedValue)
        case function(Int)
        case globals
        case library(String)
        /// The same variable as upvalue `position` of function `node` (two closures over one local).
        case joined(node: Int, position: Int)
    }

    struct Node: Sendable {
        var bytecode: [UInt8]
        var upvalues: [Upvalue]
    }

    /// `nodes[0]` is the function itself; `.function(n)` upvalues point into this list.
    var nodes: [Node] = []
    /// Set instead when the function is one of Lua's standard library ("string.rep").
    var libraryFunction: String?

    /// About the bytes the copy holds.
    var footprint: Int {
        nodes.reduce(0) { total, node in
            total + node.bytecode.count + node.upvalues.reduce(0) { sum, upvalue in
                if case .value(let value) = upvalue { sum + value.footprint } else { sum + 16 }
            }
        }
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// Copies the Lua function at `index` of `lua`, whose globals are `globals` and whose
    /// standard library is named by `library` (addresses of its functions and tables).
    static func capture(_ lua: Lua, at index: Int32, library: [UnsafeRawPointer: String]) throws(Refusal) -> PortableFunction {
        var copy = PortableFunction()
        if let pointer = lua_topointer(lua.state, index), let name = library[pointer] {
            copy.libraryFunction = name
            return copy
        }
        guard lua_iscfunction(lua.state, index) == 0 else {
            throw Refusal(description: "a host function cannot run on a worker thread: wrap the call in a Lua function")
        }
        var seen = Seen()
        _ = try copy.add(lua, at: lua.absolute(index), library: library, seen: &seen, path: "the function")
        return copy
    }

    /// The functions copied so far, and the upvalues (variables) already met, by identity.
    private struct Seen {
        var functions: [UnsafeRawPointer: Int] = [:]
        var variables: [UnsafeMutableRawPointer: (node: Int, position: Int)] = [:]
    }

    /// Adds the function at `index` (absolute) and what it reaches; returns its node number.
    private mutating func add(
        _ lua: Lua, at index: Int32, library: [UnsafeRawPointer: String], seen: inout Seen, path: String
    ) throws(Refusal) -> Int {
        let identity = lua_topointer(lua.state, index)!
        if let known = seen.functions[identity] { return known }
        guard nodes.count < 256, lua.ensureStack(4) else {
            throw Refusal(description: "\(path) reaches too many functions to copy to a worker thread")
        }
        var bytes = clua_bytes()
        lua.pushCopy(of: index)
        let status = clua_dump(lua.state, &bytes)
        lua.pop()
        defer { free(bytes.data) }
        guard status == 0, let data = bytes.data else { throw Refusal(description: "\(path) could not be copied") }
        let number = nodes.count
        seen.functions[identity] = number
        nodes.append(Node(bytecode: Array(UnsafeRawBufferPointer(start: data, count: bytes.size)), upvalues: []))
        var upvalues: [Upvalue] = []
        var position: Int32 = 1
        while let rawName = lua_getupvalue(lua.state, index, position) {  // [value]
            defer { lua.pop() }
            let variable = lua_upvalueid(lua.state, index, position)
            if let variable, let first = seen.variables[variable] {
                upvalues.append(.joined(node: first.node, position: first.position))
            } else {
                if let variable { seen.variables[variable] = (number, Int(position)) }
                let name = String(cString: rawName)
                let described = name.isEmpty ? "an upvalue of \(path)" : "'\(name)'"
                upvalues.append(try upvalue(lua, named: described, library: library, seen: &seen))
            }
            position += 1
        }
        nodes[number].upvalues = upvalues
        return number
    }

    /// The upvalue on top of the stack, as it crosses.
    private mutating func upvalue(
        _ lua: Lua, named name: String, library: [UnsafeRawPointer: String], seen: inout Seen
    ) throws(Refusal) -> Upvalue {
        let type = lua.type(at: -1)
        if type == LUA_TTABLE || type == LUA_TFUNCTION, let pointer = lua_topointer(lua.state, -1) {
            if let libraryName = library[pointer] { return libraryName == "_G" ? .globals : .library(libraryName) }
            if type == LUA_TFUNCTION {
                guard lua_iscfunction(lua.state, -1) == 0 else {
                    throw Refusal(description: "it closes over \(name), a host function that stays with the loop")
                }
                return .function(try add(lua, at: lua.top, library: library, seen: &seen, path: name))
            }
        }
        var budget = CopiedValue.Budget()
        do {
            return .value(try lua.copiedValue(at: -1, budget: &budget))
        } catch {
            let what = type == LUA_TTABLE && !error.what.hasPrefix("a table") ? "a table holding \(error.what)" : error.what
            throw Refusal(description: "it closes over \(name), \(what), which cannot be copied to a worker thread (a "
                + "worker gets copies of nil, booleans, numbers, strings, tables of them, Lua functions and Lua's library)")
        }
    }

    /// Stack: [-0, +1] rebuilds the function in `lua` (a worker's state), or pushes an
    /// error message and returns false.
    func rebuild(in lua: Lua) -> Bool {
        if let libraryFunction {
            Self.pushLibrary(libraryFunction, on: lua)
            return true
        }
        let base = lua.top
        guard lua.ensureStack(Int32(nodes.count) + 4) else {
            lua.push("too many functions to rebuild")
            return false
        }
        for node in nodes {
            let status = node.bytecode.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    luaL_loadbufferx(lua.state, $0.baseAddress, $0.count, "=to_thread", "b")
                }
            }
            if status != LUA_OK {
                let message = lua.string(at: -1) ?? "cannot load"
                lua.setTop(base)
                lua.push(message)
                return false
            }
        }
        for (number, node) in nodes.enumerated() {
            let function = base + 1 + Int32(number)
            for (position, upvalue) in node.upvalues.enumerated() {
                switch upvalue {
                case .value(let value): lua.push(value)
                case .function(let other): lua.pushCopy(of: base + 1 + Int32(other))
                case .globals: lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))
                case .library(let path): Self.pushLibrary(path, on: lua)
                case .joined: continue  // below, once every variable has its value
                }
                _ = lua_setupvalue(lua.state, function, Int32(position + 1))
            }
        }
        for (number, node) in nodes.enumerated() {
            for (position, upvalue) in node.upvalues.enumerated() {
                guard case .joined(let other, let otherPosition) = upvalue else { continue }
                lua_upvaluejoin(lua.state, base + 1 + Int32(number), Int32(position + 1), base + 1 + Int32(other),
                                Int32(otherPosition))
            }
        }
        lua.setTop(base + 1)  // [function]
        return true
    }

    /// Stack: [-0, +1] the global at a dotted `path` ("math.floor"), or nil.
    private static func pushLibrary(_ path: String, on lua: Lua) {
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))
        for part in path.split(separator: ".") {
            guard lua.type(at: -1) == LUA_TTABLE else { break }
            lua.push(String(part))
            lua_rawget(lua.state, -2)
            lua.remove(-2)
        }
    }

    /// The standard library of the state `lua`: the globals (as "_G"), each library table
    /// and each function in those tables and among the globals, by address.
    static func standardLibrary(of lua: Lua) -> [UnsafeRawPointer: String] {
        var names: [UnsafeRawPointer: String] = [:]
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [_G]
        let globals = lua.top
        names[lua_topointer(lua.state, globals)!] = "_G"
        for (name, pointer) in entries(of: globals, on: lua) where pointer.isFunction { names[pointer.address] = name }
        for library in ["string", "table", "math", "utf8", "coroutine", "os", "io"] {
            guard lua.getField(globals, library) == LUA_TTABLE else {
                lua.pop()
                continue
            }
            names[lua_topointer(lua.state, -1)!] = library
            for (name, pointer) in entries(of: lua.top, on: lua) where pointer.isFunction {
                names[pointer.address] = "\(library).\(name)"
            }
            lua.pop()
        }
        lua.pop()  // []
        return names
    }

    private static func entries(of table: Int32, on lua: Lua) -> [(String, (address: UnsafeRawPointer, isFunction: Bool))] {
        var found: [(String, (address: UnsafeRawPointer, isFunction: Bool))] = []
        lua.pushNil()
        while lua_next(lua.state, table) != 0 {  // [key, value]
            if lua.type(at: -2) == LUA_TSTRING, let key = lua.string(at: -2), let pointer = lua_topointer(lua.state, -1) {
                found.append((key, (pointer, lua.type(at: -1) == LUA_TFUNCTION)))
            }
            lua.pop()
        }
        return found
    }
}
