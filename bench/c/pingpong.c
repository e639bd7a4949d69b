/*
 * pingpong's floor: a bare C host running bench/lua/pingpong.lua's loop with nothing of an
 * event loop but a ring of runnable threads. Two Lua threads hand a turn to each other
 * through two events, full userdata whose wait/clear/set methods are C functions: wait
 * yields (lua_yieldk) when its event is unset, and set makes the waiting thread runnable.
 * What is left is the cost of the script's three method calls and one resume and yield.
 *
 *   cc -O2 pingpong.c $(pkg-config --cflags --libs lua5.4) && ./a.out 500000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

struct event {
    int is_set;
    lua_State *waiter; /* the thread waiting on it, if any */
};

static lua_State *ring[2];
static int head, count;

static void make_runnable(lua_State *T) { ring[(head + count++) % 2] = T; }

/* The cheapest check that keeps a bad call from crashing (luaL_checkudata's registry
   lookup by name would cost more than all the rest of a method). */
static struct event *check_event(lua_State *L) {
    struct event *e = lua_touserdata(L, 1);
    if (e == NULL || lua_rawlen(L, 1) != sizeof *e) luaL_typeerror(L, 1, "event");
    return e;
}

static int woken(lua_State *L, int status, lua_KContext ctx) {
    (void)status, (void)ctx;
    lua_pushboolean(L, 1);
    return 1;
}

static int event_wait(lua_State *L) {
    struct event *e = check_event(L);
    if (e->is_set) return woken(L, LUA_OK, 0);
    e->waiter = L;
    return lua_yieldk(L, 0, 0, woken);
}

static int event_clear(lua_State *L) {
    check_event(L)->is_set = 0;
    return 0;
}

static int event_set(lua_State *L) {
    struct event *e = check_event(L);
    e->is_set = 1;
    if (e->waiter) make_runnable(e->waiter);
    e->waiter = NULL;
    return 0;
}

static int event_new(lua_State *L) {
    struct event *e = lua_newuserdatauv(L, sizeof *e, 0);
    e->is_set = 0;
    e->waiter = NULL;
    luaL_setmetatable(L, "event");
    return 1;
}

static const char *script =
    "local N, Event = ...\n"
    "local ping_ev, pong_ev = Event(), Event()\n"
    "local pings, pongs = 0, 0\n"
    "local function side(mine, other, count)\n"
    "    for _ = 1, N do mine:wait() mine:clear() count() other:set() end\n"
    "end\n"
    "ping_ev:set()\n"
    "return side, ping_ev, pong_ev, function() pings = pings + 1 end, function() pongs = pongs + 1 end,\n"
    "    function() return pings, pongs end\n";

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 500000;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    luaL_newmetatable(L, "event");
    luaL_Reg methods[] = {{"wait", event_wait}, {"clear", event_clear}, {"set", event_set}, {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    if (luaL_loadstring(L, script) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    lua_pushinteger(L, n);
    lua_pushcfunction(L, event_new);
    lua_call(L, 2, 6); /* side, ping_ev, pong_ev, count_ping, count_pong, totals */
    int base = lua_gettop(L) - 5;
    for (int i = 0; i < 2; i++) { /* side(ping, pong, count_ping) and side(pong, ping, count_pong) */
        lua_State *T = lua_newthread(L);
        lua_pushvalue(L, base);
        lua_pushvalue(L, base + 1 + i);
        lua_pushvalue(L, base + 2 - i);
        lua_pushvalue(L, base + 3 + i);
        lua_xmove(L, T, 4);
        make_runnable(T);
    }
    while (count > 0) {
        lua_State *T = ring[head];
        head = (head + 1) % 2;
        count--;
        int results;
        int status = lua_resume(T, L, lua_status(T) == LUA_OK ? 3 : 0, &results);
        if (status == LUA_YIELD) lua_pop(T, results);
        else if (status != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
    }
    lua_pushvalue(L, base + 5);
    lua_call(L, 0, 2);
    if (lua_tointeger(L, -2) != n || lua_tointeger(L, -1) != n) {
        fprintf(stderr, "pingpong (C): %lld pings and %lld pongs, want %ld each\n",
                (long long)lua_tointeger(L, -2), (long long)lua_tointeger(L, -1), n);
        return 1;
    }
    return 0;
}
