import CLua
import CLuaAwait
import LuaKit

/// The host objects Lua holds: each a full userdata of two words, a retained pointer to the
/// object and a tag naming its kind.
///
/// The tag makes a type check two loads instead of a metatable lookup. Its high bits are
/// not those of any canonical x86-64 or arm64 address, so no other userdata (a file handle,
/// say, which also holds two words) can carry a tag by accident.
enum UserdataKind: Int, CaseIterable {
    case task, semaphore, event, queue, condition

    /// "TIDE" in the high half, the kind in the low.
    private static let tagPrefix: UInt64 = 0x5449_4445_0000_0000

    var tag: UInt64 { Self.tagPrefix | UInt64(rawValue) }

    /// The kind whose tag this is, or nil for any other value.
    init?(tag: UInt64) {
        guard tag & 0xFFFF_FFFF_0000_0000 == Self.tagPrefix else { return nil }
        self.init(rawValue: Int(tag & 0xFFFF_FFFF))
    }

    var name: String {
        switch self {
        case .task: return "Task"
        case .semaphore: return "Semaphore"
        case .event: return "Event"
        case .queue: return "Queue"
        case .condition: return "Condition"
        }
    }
}

extension Runtime {
    /// Wraps `object` in a new userdata of `kind`, retaining it until Lua collects the userdata.
    /// Stack: [-0, +1] pushes the userdata.
    func pushObject(_ object: AnyObject, _ kind: UserdataKind, on lua: Lua, userValues: Int32 = 0) {
        chargeHostWork()
        let slot = lua_newuserdatauv(lua.state, Self.userdataSize, userValues)!
        slot.storeBytes(of: Unmanaged.passRetained(object).toOpaque(), as: UnsafeMutableRawPointer?.self)
        slot.storeBytes(of: kind.tag, toByteOffset: 8, as: UInt64.self)
        lua.pushRef(metatableRefs[kind.rawValue])  // [ud, mt]
        lua_setmetatable(lua.state, -2)  // [ud]
    }

    static let userdataSize = 16

    /// The object of `kind` at `index`, or nil if the value is anything else.
    @inline(__always)
    static func object<T: AnyObject>(_ lua: Lua, at index: Int32, _ kind: UserdataKind, as type: T.Type = T.self) -> T? {
        objectPointer(lua, at: index, kind).map { Unmanaged<T>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` with the object of `kind` at `index`, lent rather than retained (the
    /// userdata on the stack keeps it alive); false if the value is anything else.
    @inline(__always)
    static func withObject<T: AnyObject>(_ lua: Lua, at index: Int32, _ kind: UserdataKind, _ body: (T) -> Void) -> Bool {
        guard let pointer = objectPointer(lua, at: index, kind) else { return false }
        Unmanaged<T>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
        return true
    }

    /// The address of the object of `kind` at `index`, or nil if the value is anything else
    /// (or an object already finalized).
    @inline(__always)
    static func objectPointer(_ lua: Lua, at index: Int32, _ kind: UserdataKind) -> UnsafeMutableRawPointer? {
        // A light userdata has an address too, but a length of 0: no separate type check.
        guard let slot = lua.toUserdata(index), lua.rawLength(index) == Self.userdataSize,
            slot.load(fromByteOffset: 8, as: UInt64.self) == kind.tag
        else { return nil }
        return slot.load(as: UnsafeMutableRawPointer?.self)
    }

    /// Runs a method of a host object: `body` gets argument 1 as the object of `kind`, or the
    /// call raises "bad argument #1 to 'name' (Kind expected, got …)".
    ///
    /// The object is borrowed, not retained: the userdata on the Lua stack keeps it alive for
    /// the whole call, and the retain and release otherwise paid on every call were a tenth
    /// of a queue-heavy run.
    @inline(__always)
    static func method<T: AnyObject>(
        _ state: OpaquePointer?, _ kind: UserdataKind, _ name: String, _ body: (Lua, T) -> Int32
    ) -> Int32 {
        let lua = Lua(state!)
        guard let pointer = objectPointer(lua, at: 1, kind) else { return notAnObject(lua, kind, name) }
        return Unmanaged<T>.fromOpaque(pointer)._withUnsafeGuaranteedRef { body(lua, $0) }
    }

    /// The error of a method called on something other than its object. Not inlined: in
    /// every method, its registers made the common path save and restore more.
    @inline(never)
    private static func notAnObject(_ lua: Lua, _ kind: UserdataKind, _ name: String) -> Int32 {
        if lua.type(at: 1) == LUA_TUSERDATA, lua.rawLength(1) == userdataSize,
            lua.toUserdata(1)?.load(fromByteOffset: 8, as: UInt64.self) == kind.tag
        {
            return lua.argumentError(1, name, "\(kind.name) already finalized")
        }
        _ = lua.typeError(1, name, expected: kind.name, at: 1)
        if !lua.isMethodCall() {
            lua.push("\n" + PythonHints.colon(name))
            lua_concat(lua.state, 2)
        }
        return Lua.raise
    }

    /// Stack: [-0, +0] makes the metatable of `kind` with `methods` and registers it.
    func makeMetatable(_ kind: UserdataKind, methods: [(String, LuaFunction)], extra: [(String, LuaFunction)] = []) {
        let lua = vm.lua
        lua.newTable()  // [mt]
        lua.newTable(hashSize: Int32(methods.count))  // [mt, methods]
        for (name, function) in methods {
            pushDirect(function, on: lua)
            lua.setField(-2, name)
        }
        lua.setField(-2, "__index")  // [mt]
        for (name, function) in extra {
            pushDirect(function, on: lua)
            lua.setField(-2, name)
        }
        lua.push(kind.name)
        lua.setField(-2, "__name")
        pushDirect(Runtime.collect, on: lua)
        lua.setField(-2, "__gc")
        lua.push(false)
        lua.setField(-2, "__metatable")  // getmetatable() does not hand out the methods
        metatableRefs[kind.rawValue] = lua.ref()  // []
    }

    /// Stack: [-0, +1] pushes a method that is called often: without the trampoline's
    /// upvalue to read at every call, while the stubs last (clua_pushdirect).
    private func pushDirect(_ function: LuaFunction, on lua: Lua) {
        if clua_pushdirect(lua.state, function) == 0 { lua.push(function) }
    }

    /// __gc of every host object: drops Lua's reference, once.
    static let collect: LuaFunction = { state in
        let lua = Lua(state!)
        // Through the debug library a script can call this with any value: only a host
        // object's userdata (its size and a tag of ours) holds an object to release.
        guard lua.type(at: 1) == LUA_TUSERDATA, lua.rawLength(1) == userdataSize, let slot = lua.toUserdata(1),
            let kind = UserdataKind(tag: slot.load(fromByteOffset: 8, as: UInt64.self)),
            let pointer = slot.load(as: UnsafeMutableRawPointer?.self)
        else { return 0 }
        // The tag tells a task's handle apart (a dynamic cast cost more than the rest).
        if kind == .task {
            // An unfinished task's handle is anchored, so Lua never collects it: this call
            // was made by hand (through the debug library), and must not free what still runs.
            let done = Unmanaged<LuaTask>.fromOpaque(pointer)._withUnsafeGuaranteedRef { task in
                guard task.isDone else { return false }
                task.handleWasCollected()
                return true
            }
            guard done else { return 0 }
        }
        slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        Unmanaged<AnyObject>.fromOpaque(pointer).release()
        return 0
    }
}
