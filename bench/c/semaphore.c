/*
 * semaphore's floor: a bare C host doing the work of bench/lua/semaphore.lua with nothing
 * of an event loop. N Lua threads (lua_newthread) pass through a semaphore of 100, a full
 * userdata whose acquire and release are C functions: acquire yields (lua_yieldk) while no
 * slot is free, release hands its slot to the first waiter and makes it runnable. Each
 * thread yields once while it holds a slot (the sleep(0)); a FIFO ring holds the threads
 * that can run. What is left is a Lua thread, two method calls and three resumes a task.
 *
 *   cc -O2 semaphore.c $(pkg-config --cflags --libs lua5.4) && ./a.out 100000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

#define LIMIT 100

/* A FIFO of threads, used for the runnable ring and for the semaphore's waiters. */
struct fifo {
    lua_State **items;
    long size, head, count;
};

static void push(struct fifo *f, lua_State *T) { f->items[(f->head + f->count++) % f->size] = T; }

static lua_State *pop(struct fifo *f) {
    lua_State *T = f->items[f->head];
    f->head = (f->head + 1) % f->size;
    f->count--;
    return T;
}

struct semaphore {
    int free;
    struct fifo waiters;
};

static struct fifo runnable;
static int parked; /* set by acquire when it yields to wait, so the host does not requeue */

static struct semaphore *check_semaphore(lua_State *L) {
    struct semaphore *s = lua_touserdata(L, 1);
    if (s == NULL || lua_rawlen(L, 1) != sizeof *s) luaL_typeerror(L, 1, "semaphore");
    return s;
}

static int acquired(lua_State *L, int status, lua_KContext ctx) {
    (void)L, (void)status, (void)ctx;
    return 0;
}

static int semaphore_acquire(lua_State *L) {
    struct semaphore *s = check_semaphore(L);
    if (s->free > 0) {
        s->free--;
        return 0;
    }
    push(&s->waiters, L); /* release hands it the slot */
    parked = 1;
    return lua_yieldk(L, 0, 0, acquired);
}

static int semaphore_release(lua_State *L) {
    struct semaphore *s = check_semaphore(L);
    if (s->waiters.count > 0) push(&runnable, pop(&s->waiters));
    else s->free++;
    return 0;
}

static const char *script =
    "local N, sem = ...\n"
    "local yield = coroutine.yield\n"
    "local active, peak, finished = 0, 0, 0\n"
    "local function worker()\n"
    "    sem:acquire()\n"
    "    active = active + 1\n"
    "    if active > peak then peak = active end\n"
    "    yield()\n"
    "    active = active - 1\n"
    "    sem:release()\n"
    "    finished = finished + 1\n"
    "end\n"
    "return worker, function() return peak, finished, active end\n";

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    struct semaphore *s = lua_newuserdatauv(L, sizeof *s, 0);
    s->free = LIMIT;
    s->waiters = (struct fifo){malloc(sizeof(lua_State *) * (size_t)n), n, 0, 0};
    luaL_newmetatable(L, "semaphore");
    luaL_Reg methods[] = {{"acquire", semaphore_acquire}, {"release", semaphore_release}, {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    int sem = lua_gettop(L);
    if (luaL_loadstring(L, script) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    lua_pushinteger(L, n);
    lua_pushvalue(L, sem);
    lua_call(L, 2, 2); /* worker, totals */
    int worker = lua_gettop(L) - 1;

    /* The threads, kept alive in a table, all runnable at first. */
    lua_newtable(L);
    int threads = lua_gettop(L);
    runnable = (struct fifo){malloc(sizeof(lua_State *) * (size_t)n), n, 0, 0};
    for (long i = 1; i <= n; i++) {
        lua_State *T = lua_newthread(L);
        lua_rawseti(L, threads, i);
        lua_pushvalue(L, worker);
        lua_xmove(L, T, 1);
        push(&runnable, T);
    }
    while (runnable.count > 0) {
        lua_State *T = pop(&runnable);
        int results;
        parked = 0;
        int status = lua_resume(T, L, 0, &results);
        if (status == LUA_YIELD) {
            lua_pop(T, results);
            if (!parked) push(&runnable, T); /* the sleep(0) */
        } else if (status != LUA_OK) {
            return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
        }
    }
    lua_pushvalue(L, worker + 1);
    lua_call(L, 0, 3);
    long peak = (long)lua_tointeger(L, -3), finished = (long)lua_tointeger(L, -2), active = (long)lua_tointeger(L, -1);
    if (peak != LIMIT || finished != n || active != 0) {
        fprintf(stderr, "semaphore (C): peak %ld (want %d), finished %ld (want %ld), active %ld\n", peak, LIMIT,
                finished, n, active);
        return 1;
    }
    return 0;
}
