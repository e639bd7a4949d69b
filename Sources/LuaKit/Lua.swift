import CLua

/// A Swift function Lua can call: returns its result count, or `Lua.raise` with the error on top.
public typealias LuaFunction = @convention(c) (OpaquePointer?) -> Int32

/// A borrowed view of one Lua thread's stack: the subset of the C API that Swift may call.
///
/// Every method here is one that the manual marks as never raising, or raising only on
/// memory exhaustion. Nothing here runs metamethods, so nothing long-jumps through Swift.
public struct Lua {
    public let state: OpaquePointer

    @inlinable public init(_ state: OpaquePointer) { self.state = state }

    /// Returned by a `LuaFunction` to raise the value on top of the stack.
    public static let raise: Int32 = CLUA_RAISE
    public static let registryIndex: Int32 = clua_registryindex()
    public static let multipleResults: Int32 = clua_multret()

    // MARK: Stack size

    @inlinable public var top: Int32 { lua_gettop(state) }
    @inlinable public func setTop(_ index: Int32) { lua_settop(state, index) }
    @inlinable public func pop(_ n: Int32 = 1) { clua_pop(state, n) }
    /// Makes room for `n` more values; false when the stack cannot grow that far.
    @inlinable public func ensureStack(_ n: Int32) -> Bool { lua_checkstack(state, n) != 0 }
    @inlinable public func absolute(_ index: Int32) -> Int32 { lua_absindex(state, index) }
    @inlinable public func insert(_ index: Int32) { clua_insert(state, index) }
    @inlinable public func remove(_ index: Int32) { clua_remove(state, index) }
    @inlinable public func pushCopy(of index: Int32) { lua_pushvalue(state, index) }

    // MARK: Types

    @inlinable public func type(at index: Int32) -> Int32 { lua_type(state, index) }
    @inlinable public func isNoneOrNil(_ index: Int32) -> Bool { lua_type(state, index) <= LUA_TNIL }
    @inlinable public func isInteger(_ index: Int32) -> Bool { lua_isinteger(state, index) != 0 }
    public func typeName(at index: Int32) -> String { String(cString: lua_typename(state, lua_type(state, index))) }

    // MARK: Reading values

    @inlinable public func toBoolean(_ index: Int32) -> Bool { lua_toboolean(state, index) != 0 }
    @inlinable public func toUserdata(_ index: Int32) -> UnsafeMutableRawPointer? { lua_touserdata(state, index) }
    @inlinable public func toThread(_ index: Int32) -> OpaquePointer? { lua_tothread(state, index) }

    /// The number at `index` if it is a number (strings are not converted).
    @inlinable public func number(at index: Int32) -> Double? {
        guard lua_type(state, index) == LUA_TNUMBER else { return nil }
        return lua_tonumberx(state, index, nil)
    }

    /// The integer at `index` if it is a number with an exact integer value.
    @inlinable public func integer(at index: Int32) -> Int? {
        guard lua_type(state, index) == LUA_TNUMBER else { return nil }
        var isNumber: Int32 = 0
        let value = lua_tointegerx(state, index, &isNumber)
        return isNumber != 0 ? Int(value) : nil
    }

    /// The string at `index` if it is a string (numbers are not converted).
    public func string(at index: Int32) -> String? {
        bytes(at: index).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of the string at `index`, as Lua holds them (valid while the string is on
    /// the stack), if it is a string; numbers are not converted.
    public func bytes(at index: Int32) -> UnsafeRawBufferPointer? {
        guard lua_type(state, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let bytes = lua_tolstring(state, index, &length) else { return nil }
        return UnsafeRawBufferPointer(start: bytes, count: length)
    }

    // MARK: Pushing values

    @inlinable public func pushNil() { lua_pushnil(state) }
    @inlinable public func push(_ value: Bool) { lua_pushboolean(state, value ? 1 : 0) }
    @inlinable public func push(_ value: Int) { lua_pushinteger(state, lua_Integer(value)) }
    @inlinable public func push(_ value: Double) { lua_pushnumber(state, value) }
    public func push(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(state, $0.baseAddress, $0.count) }
        }
    }
    @inlinable public func push(lightUserdata pointer: UnsafeMutableRawPointer) { lua_pushlightuserdata(state, pointer) }
    /// Stack: [-0, +1] pushes `function` as a Lua function (through the raising trampoline).
    @inlinable public func push(_ function: LuaFunction) {
        clua_pushswiftfunction(state, function)
    }

    // MARK: Tables (raw access only: no metamethods run)

    @inlinable public func newTable(arraySize: Int32 = 0, hashSize: Int32 = 0) {
        lua_createtable(state, arraySize, hashSize)
    }
    /// Stack: [-1, +0] table[key] = value on top.
    public func setField(_ table: Int32, _ key: String) {
        let table = absolute(table)
        push(key)
        insert(-2)
        lua_rawset(state, table)
    }
    /// Stack: [-0, +1] pushes table[key]; returns its type.
    @discardableResult
    public func getField(_ table: Int32, _ key: String) -> Int32 {
        let table = absolute(table)
        push(key)
        return lua_rawget(state, table)
    }
    @inlinable @discardableResult
    public func rawGet(_ table: Int32, index: Int) -> Int32 { lua_rawgeti(state, table, lua_Integer(index)) }
    @inlinable public func rawSet(_ table: Int32, index: Int) { lua_rawseti(state, table, lua_Integer(index)) }
    @inlinable public func rawLength(_ index: Int32) -> Int { Int(lua_rawlen(state, index)) }

    // MARK: Registry references

    /// Stack: [-1, +0] anchors the value on top in the registry.
    @inlinable public func ref() -> Int32 { luaL_ref(state, Lua.registryIndex) }
    @inlinable public func unref(_ reference: Int32) { luaL_unref(state, Lua.registryIndex, reference) }
    /// Stack: [-0, +1] pushes the value anchored by `reference`.
    @inlinable public func pushRef(_ reference: Int32) { lua_rawgeti(state, Lua.registryIndex, lua_Integer(reference)) }

    // MARK: Errors

    /// Stack: [-0, +1] pushes the "file:line:" of the function `level` calls up (luaL_where).
    public func pushWhere(level: Int32) { luaL_where(state, level) }

    /// Whether the running C function was called as a method, `obj:fn()`.
    public func isMethodCall() -> Bool {
        var record = lua_Debug()
        guard lua_getstack(state, 0, &record) != 0, lua_getinfo(state, "n", &record) != 0,
            let namewhat = record.namewhat
        else { return false }
        return String(cString: namewhat) == "method"
    }

    /// Pushes "bad argument #n to 'fn' (detail)" located at the caller, and returns `Lua.raise`.
    ///
    /// As in luaL_argerror, a method call (`obj:fn(x)`) does not count `self`: a bad `x` is
    /// argument #1, and a bad `self` is "calling 'fn' on bad self".
    public func argumentError(_ argument: Int, _ function: String, level: Int32 = 1, _ detail: String) -> Int32 {
        var argument = argument
        if level == 1, isMethodCall() { argument -= 1 }
        pushWhere(level: level)
        if argument == 0 {
            push("calling '\(function)' on bad self (\(detail))")
        } else {
            push("bad argument #\(argument) to '\(function)' (\(detail))")
        }
        lua_concat(state, 2)
        return Lua.raise
    }

    /// `argumentError` for a value of the wrong type, named by its `__name` if it has one
    /// (as luaL_typeerror does: "Lock expected, got Semaphore").
    public func typeError(_ argument: Int, _ function: String, expected: String, at index: Int32, level: Int32 = 1) -> Int32 {
        var got = type(at: index) == LUA_TNONE ? "no value" : typeName(at: index)
        let nameType = luaL_getmetafield(state, index, "__name")  // raw: runs no metamethod
        if nameType != LUA_TNIL {
            if nameType == LUA_TSTRING, let name = string(at: -1) { got = name }
            pop()
        }
        return argumentError(argument, function, level: level, "\(expected) expected, got \(got)")
    }

    /// Pushes a plain error message located at the caller, and returns `Lua.raise`.
    public func error(_ message: String, level: Int32 = 1) -> Int32 {
        pushWhere(level: level)
        push(message)
        lua_concat(state, 2)
        return Lua.raise
    }
}
