import CLua
import LuaKit

/// The registration table of the `asyncio` module: what the host gives the prelude.
extension Runtime {
    private static let core: [[(String, LuaFunction)]] = [
        TaskBindings.core, SemaphoreBindings.core, EventBindings.core, QueueBindings.core, ConditionBindings.core,
        ServiceBindings.core, StreamBindings.core,
    ]

    /// Builds the metatables and the `core` table, runs the prelude, and installs its module
    /// as the global `asyncio` and as `package.loaded.asyncio`.
    func installModule() {
        makeMetatable(.task, methods: TaskBindings.methods, extra: TaskBindings.metamethods)
        makeMetatable(.semaphore, methods: SemaphoreBindings.methods, extra: SemaphoreBindings.metamethods)
        makeMetatable(.event, methods: EventBindings.methods, extra: EventBindings.metamethods)
        makeMetatable(.queue, methods: QueueBindings.methods, extra: QueueBindings.metamethods)
        makeMetatable(.condition, methods: ConditionBindings.methods, extra: ConditionBindings.metamethods)

        let lua = vm.lua
        let source = String(decoding: PackageResources.asyncio_lua, as: UTF8.self)
        guard case .loaded = vm.load(source, chunkName: "@asyncio.lua") else {
            preconditionFailure("the asyncio prelude does not compile: \(lua.string(at: -1) ?? "?")")
        }  // [prelude]
        lua.newTable()  // [prelude, core]
        for group in Self.core {
            for (name, function) in group {
                lua.push(function)
                lua.setField(-2, name)
            }
        }
        addAwaitingMethods(to: lua)
        lua.push(lightUserdata: unsafeBitCast(Runtime.printWriter, to: UnsafeMutableRawPointer.self))
        lua.push(lightUserdata: unsafeBitCast(Runtime.printedUserdata, to: UnsafeMutableRawPointer.self))
        lua_pushcclosure(lua.state, clua_print, 2)
        lua.setField(-2, "print")
        lua.newTable()  // [prelude, core, hints]: the prelude's errors say them as the host's do
        for (name, hint) in [
            ("colon_await", PythonHints.colon("await")), ("colon_with", PythonHints.colon("with")),
            ("awaitables", PythonHints.awaitables),
        ] {
            lua.push(hint)
            lua.setField(-2, name)
        }
        lua.setField(-2, "hints")  // [prelude, core]
        lua.newTable()  // [prelude, core, metatables]
        for kind in UserdataKind.allCases {
            lua.pushRef(metatableRefs[kind.rawValue])
            lua.setField(-2, kind.name)
        }
        lua.setField(-2, "metatables")  // [prelude, core]

        lua.push(lightUserdata: requestMarker)  // [prelude, core, REQUEST]
        lua.newTable()  // [prelude, core, REQUEST, classes]
        lua.pushCopy(of: -1)
        let classes = lua.ref()  // [prelude, core, REQUEST, classes]
        guard vm.protectedCall(arguments: 3, results: 1) else {
            preconditionFailure("the asyncio prelude failed: \(lua.string(at: -1) ?? "?")")
        }  // [module]
        lua.pushRef(classes)
        for kind in TideError.allCases {
            lua.getField(-1, kind.rawValue)
            errorClassRefs.append(lua.ref())
        }
        lua.pop()
        lua.unref(classes)  // [module]

        lua_getfield(lua.state, Lua.registryIndex, LUA_LOADED_TABLE)  // [module, loaded]
        lua.pushCopy(of: -2)
        lua.setField(-2, "asyncio")
        lua.pop()  // [module]
        lua_rawgeti(lua.state, Lua.registryIndex, lua_Integer(LUA_RIDX_GLOBALS))  // [module, _G]
        lua.insert(-2)
        lua.setField(-2, "asyncio")  // [_G]
        lua.getField(-1, "print")  // [_G, print]
        printRef = lua.ref()  // [_G]
        inspectRef = loadInspect()
        // The debug library keeps everything but the functions that reach what the host
        // holds (the registry, user values): with them a script could free a running task,
        // or empty a queue's item table under the string priorities the host reads in place.
        if lua.getField(-1, "debug") == LUA_TTABLE {  // [_G, debug]
            for name in ["getregistry", "getuservalue", "setuservalue"] {
                lua.pushNil()
                lua.setField(-2, name)
            }
        }
        lua.pop(2)  // []
    }

    /// The renderer of values as Lua constructors (Prelude/inspect.lua), as a registry ref.
    private func loadInspect() -> Int32 {
        let lua = vm.lua
        let source = String(decoding: PackageResources.inspect_lua, as: UTF8.self)
        guard case .loaded = vm.load(source, chunkName: "@inspect.lua"), vm.protectedCall(arguments: 0, results: 1) else {
            preconditionFailure("the inspect prelude failed: \(lua.string(at: -1) ?? "?")")
        }
        return lua.ref()
    }
}
