/*
 * spawn_gather's floor: a bare C host doing the same work as bench/lua/spawn_gather.lua
 * with nothing of an event loop. N Lua threads (lua_newthread) each run work(i), which
 * yields once (the sleep(0)) and returns i; a FIFO of threads is resumed until all are
 * done; the results are summed and checked. No timers, no tasks, no gather bookkeeping:
 * what is left is the cost of a Lua thread, two resumes and a result.
 *
 *   cc -O2 spawn_gather.c $(pkg-config --cflags --libs lua5.4) && ./a.out 100000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

static const char *work_source =
    "local yield = coroutine.yield\n"
    "return function(i) yield() return i end\n";

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    if (luaL_dostring(L, work_source) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    int work = luaL_ref(L, LUA_REGISTRYINDEX);

    /* The threads, kept alive in a registry table, and a ring of those still running. */
    lua_newtable(L);
    int threads = lua_gettop(L);
    lua_State **ring = malloc(sizeof *ring * (size_t)n);
    long head = 0, count = 0;
    for (long i = 1; i <= n; i++) {
        lua_State *T = lua_newthread(L);
        lua_rawseti(L, threads, i);
        lua_rawgeti(T, LUA_REGISTRYINDEX, work);
        lua_pushinteger(T, i);
        ring[count++] = T;
    }
    long long sum = 0, done = 0;
    while (count > 0) {
        lua_State *T = ring[head];
        head = (head + 1) % n;
        count--;
        int results;
        int status = lua_resume(T, L, lua_status(T) == LUA_OK ? 1 : 0, &results);
        if (status == LUA_YIELD) {
            lua_pop(T, results);
            ring[(head + count++) % n] = T;
        } else if (status == LUA_OK) {
            sum += lua_tointeger(T, -1);
            done++;
        } else {
            return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
        }
    }
    if (done != n || sum != (long long)n * (n + 1) / 2) {
        fprintf(stderr, "spawn_gather (C): %lld of %ld done, sum %lld\n", done, n, sum);
        return 1;
    }
    /* Like `tide run`, leave the state to the OS at exit rather than free it object by object. */
    return 0;
}
