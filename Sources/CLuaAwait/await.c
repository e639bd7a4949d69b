#include "clua_await.h"

#include <lua5.4/lauxlib.h>

#define CLUA_RAISE (-1)

/* Registry keys of the prelude's two handlers: the addresses of these bytes. */
static const char failed_key = 0;
static const char cannot_await_key = 0;

int clua_set_await_handlers(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &failed_key);
    lua_pushvalue(L, 2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cannot_await_key);
    return 0;
}

/* Upvalues of an awaiting method. */
enum { ATTEMPT = 1, FINISH, MARKER, WHAT };

static clua_HostFunction host_function(lua_State *L, int upvalue) {
    return (clua_HostFunction)lua_touserdata(L, lua_upvalueindex(upvalue));
}

/* Runs a host function: its results, or its error raised (after it has returned). */
static int run_host(lua_State *L, clua_HostFunction f) {
    int n = f(L);
    return n == CLUA_RAISE ? lua_error(L) : n;
}

/* Calls the registry's handler `key` with the values from `first` to the top; it raises. */
static int raise_through(lua_State *L, const void *key, int first) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, key);
    lua_insert(L, first);
    lua_call(L, lua_gettop(L) - first, 0);
    return luaL_error(L, "an await handler returned");  /* the handlers never return */
}

/* The task was resumed: the stack is the method's `nargs` arguments, then what the loop
   passed (true when woken; false, message when cancelled; nil, message when refused). */
static int await_resumed(lua_State *L, int status, lua_KContext nargs) {
    (void)status;
    if (!lua_toboolean(L, (int)nargs + 1)) return raise_through(L, &failed_key, (int)nargs + 1);
    lua_settop(L, (int)nargs);
    clua_HostFunction finish = host_function(L, FINISH);
    return finish ? run_host(L, finish) : 0;
}

static int await_method(lua_State *L) {
    int nargs = lua_gettop(L);
    int n = host_function(L, ATTEMPT)(L);
    if (n == CLUA_PARKED) {
        lua_pushvalue(L, lua_upvalueindex(MARKER));
        return lua_yieldk(L, 1, nargs, await_resumed);
    }
    if (n != CLUA_AWAIT) return n == CLUA_RAISE ? lua_error(L) : n;
    if (!lua_isyieldable(L)) {
        lua_settop(L, nargs);
        lua_pushvalue(L, lua_upvalueindex(WHAT));
        return raise_through(L, &cannot_await_key, nargs + 1);
    }
    /* [args..., request...] -> [args..., marker, request...] */
    lua_pushvalue(L, lua_upvalueindex(MARKER));
    lua_insert(L, nargs + 1);
    return lua_yieldk(L, lua_gettop(L) - nargs, nargs, await_resumed);
}

void clua_pushawait(lua_State *L, clua_HostFunction attempt, clua_HostFunction finish, void *marker,
                    const char *what) {
    clua_pushawait_with(L, attempt, finish, marker, what, 0);
}

void clua_pushawait_with(lua_State *L, clua_HostFunction attempt, clua_HostFunction finish, void *marker,
                         const char *what, int extra) {
    lua_pushlightuserdata(L, (void *)attempt);
    lua_pushlightuserdata(L, (void *)finish);
    lua_pushlightuserdata(L, marker);
    lua_pushstring(L, what);
    lua_rotate(L, -(extra + 4), 4); /* [extra..., a, f, m, w] -> [a, f, m, w, extra...] */
    lua_pushcclosure(L, await_method, 4 + extra);
}
