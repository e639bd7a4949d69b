#include "clua_await.h"

#include <lua5.4/lauxlib.h>
#include <pthread.h>
#include <stdint.h>

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
   passed: nothing when woken from a park, true when woken after a request (a relay passes
   it on), false, message when cancelled, nil, message when refused. Raises in the last two. */
static inline __attribute__((always_inline)) int check_wakeup(lua_State *L, int nargs) {
    if (lua_gettop(L) == nargs) return 0;
    if (!lua_toboolean(L, nargs + 1)) return raise_through(L, &failed_key, nargs + 1);
    lua_settop(L, nargs);
    return 0;
}

static int await_resumed(lua_State *L, int status, lua_KContext nargs) {
    (void)status;
    check_wakeup(L, (int)nargs);
    clua_HostFunction finish = host_function(L, FINISH);
    return finish ? run_host(L, finish) : 0;
}

/* What the attempt returned: its results, its error raised, or the task suspended: parked
   already, it yields nothing (the loop sees it is no longer running); else it yields the
   marker (upvalue `marker`) before the request. `resumed` continues with `ctx` when the loop
   resumes the task. */
static int after_attempt(lua_State *L, int n, int nargs, int marker, int what, lua_KContext ctx,
                         lua_KFunction resumed) {
    if (n == CLUA_PARKED) return lua_yieldk(L, 0, ctx, resumed);
    if (n != CLUA_AWAIT) return n == CLUA_RAISE ? lua_error(L) : n;
    if (!lua_isyieldable(L)) {
        lua_settop(L, nargs);
        lua_pushvalue(L, lua_upvalueindex(what));
        return raise_through(L, &cannot_await_key, nargs + 1);
    }
    /* [args..., request...] -> [args..., marker, request...] */
    lua_pushvalue(L, lua_upvalueindex(marker));
    lua_insert(L, nargs + 1);
    return lua_yieldk(L, lua_gettop(L) - nargs, ctx, resumed);
}

static int await_method(lua_State *L) {
    int nargs = lua_gettop(L);
    int n = host_function(L, ATTEMPT)(L);
    if (n >= 0) return n;  /* done at once: the common case, without a call */
    return after_attempt(L, n, nargs, MARKER, WHAT, nargs, await_resumed);
}

/*
 * Direct functions: the most called methods (an Event's set and clear, a Queue's, the
 * awaiting methods) as C functions that find their host functions in static slots rather
 * than in upvalues. Reading an upvalue's pointer is a lua_touserdata call, twice per wait
 * (the attempt, the finish) and once per method through the trampoline. A host function
 * is the same in every runtime, so the slots are process-wide, one per function, handed
 * out once under a lock and only read after.
 */
#define SLOTS 48

static clua_HostFunction plain_slots[SLOTS];
static struct { clua_HostFunction attempt, finish; } await_slots[SLOTS];
static int plain_used, await_used;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static int run_plain(lua_State *L, int slot) { return run_host(L, plain_slots[slot]); }

/* The continuation of a direct awaiting method: `ctx` holds the slot and the argument count. */
static int direct_resumed(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    int nargs = (int)(ctx & 0xFFFFFFFF), slot = (int)(ctx >> 32);
    check_wakeup(L, nargs);
    clua_HostFunction finish = await_slots[slot].finish;
    return finish ? run_host(L, finish) : 0;
}

/* Upvalues of a direct awaiting method. */
enum { DIRECT_MARKER = 1, DIRECT_WHAT };

static int run_await(lua_State *L, int slot) {
    int nargs = lua_gettop(L);
    int n = await_slots[slot].attempt(L);
    if (n >= 0) return n;
    lua_KContext ctx = ((lua_KContext)slot << 32) | (lua_KContext)nargs;
    if (n == CLUA_PARKED) return lua_yieldk(L, 0, ctx, direct_resumed);  /* the common wait, without a call */
    return after_attempt(L, n, nargs, DIRECT_MARKER, DIRECT_WHAT, ctx, direct_resumed);
}

#define STUBS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) \
    X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31) \
    X(32) X(33) X(34) X(35) X(36) X(37) X(38) X(39) X(40) X(41) X(42) X(43) X(44) X(45) X(46) X(47)
#define PLAIN_STUB(i) static int plain_##i(lua_State *L) { return run_plain(L, i); }
#define AWAIT_STUB(i) static int await_##i(lua_State *L) { return run_await(L, i); }
#define PLAIN_NAME(i) plain_##i,
#define AWAIT_NAME(i) await_##i,
STUBS(PLAIN_STUB)
STUBS(AWAIT_STUB)
static const lua_CFunction plain_stubs[SLOTS] = {STUBS(PLAIN_NAME)};
static const lua_CFunction await_stubs[SLOTS] = {STUBS(AWAIT_NAME)};

/* The stub whose slot holds `attempt` (and `finish`), claiming a free one if none does; NULL
   once they are all taken. */
static lua_CFunction stub_for(clua_HostFunction attempt, clua_HostFunction finish, int awaits) {
    lua_CFunction stub = NULL;
    pthread_mutex_lock(&slots_lock);
    int used = awaits ? await_used : plain_used;
    for (int i = 0; i < used && !stub; i++) {
        if (awaits ? await_slots[i].attempt == attempt && await_slots[i].finish == finish : plain_slots[i] == attempt)
            stub = awaits ? await_stubs[i] : plain_stubs[i];
    }
    if (!stub && used < SLOTS) {
        if (awaits) {
            await_slots[used].attempt = attempt;
            await_slots[used].finish = finish;
            stub = await_stubs[await_used++];
        } else {
            plain_slots[used] = attempt;
            stub = plain_stubs[plain_used++];
        }
    }
    pthread_mutex_unlock(&slots_lock);
    return stub;
}

int clua_return_true(lua_State *L) {
    lua_pushboolean(L, 1);
    return 1;
}

int clua_pushdirect(lua_State *L, clua_HostFunction f) {
    lua_CFunction stub = stub_for(f, NULL, 0);
    if (stub) lua_pushcfunction(L, stub);
    return stub != NULL;
}

void clua_pushawait(lua_State *L, clua_HostFunction attempt, clua_HostFunction finish, void *marker,
                    const char *what) {
    lua_CFunction stub = stub_for(attempt, finish, 1);
    if (!stub) {
        clua_pushawait_with(L, attempt, finish, marker, what, 0);
        return;
    }
    lua_pushlightuserdata(L, marker);
    lua_pushstring(L, what);
    lua_pushcclosure(L, stub, 2);
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
