import CLua
import LuaKit

/// Registry slots that keep the handles of unfinished tasks alive.
///
/// `luaL_ref` and `luaL_unref` would do, but they keep their free list inside the registry
/// and spend five and three API calls on it; every task pays both, which was a twentieth of
/// spawning one. Here the free list is a Swift array and each anchor and release is one
/// call. A released slot holds `false`, never nil: `luaL_ref` only hands out a nil slot
/// past the registry's border or one it freed itself, so it can never take a slot that
/// waits here for reuse.
struct TaskAnchors {
    private var free: [Int32] = []

    /// The first slot past those `luaL_ref` keeps for itself (its free list's head is at 3).
    /// The runtime's own `luaL_ref` calls (the metatables) fill slot 3 before any task
    /// exists; were it still nil, the border would stay at 2 and every anchor would be 4.
    private static let firstSlot: Int32 = 4

    /// Stack: [-1, +0] anchors the value on top; returns its slot.
    mutating func anchor(on lua: Lua) -> Int32 {
        let slot = free.popLast() ?? max(Int32(clamping: lua.rawLength(Lua.registryIndex)) + 1, Self.firstSlot)
        lua_rawseti(lua.state, Lua.registryIndex, lua_Integer(slot))
        return slot
    }

    /// Lets go of what `slot` anchors.
    mutating func release(_ slot: Int32, on lua: Lua) {
        lua.push(false)
        lua_rawseti(lua.state, Lua.registryIndex, lua_Integer(slot))
        free.append(slot)
    }
}
