/*
 * semaphore's floor: a bare C host running bench/lua/semaphore.lua's N workers through a
 * semaphore of 100 slots, with nothing of an event loop but a ring of runnable threads. The
 * semaphore is a full userdata whose acquire and release (its __close) are C functions: an
 * acquire with no slot free yields (lua_yieldk) and the release that frees one hands it to
 * the first waiter; `with` is Lua, as Tide's prelude has it; sleep(0) is a plain yield that
 * puts the thread back at the end of the ring. What is left is the cost of a thread, its
 * resumes and the script's calls.
 *
 *   cc -O2 semaphore.c $(pkg-config --cflags --libs lua5.4) && ./a.out 100000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

/* A FIFO of threads with room for every worker: the runnable ones, and the semaphore's waiters. */
struct fifo {
    lua_State **threads;
    long capacity, head, count;
};

static void push(struct fifo *f, lua_State *T) { f->threads[(f->head + f->count++) % f->capacity] = T; }

static lua_State *pop(struct fifo *f) {
    if (f->count == 0) return NULL;
    lua_State *T = f->threads[f->head];
    f->head = (f->head + 1) % f->capacity;
    f->count--;
    return T;
}

static struct fifo runnable;
static lua_State *parked; /* the thread an acquire just suspended: not runnable until a release */

struct semaphore {
    long value;
    struct fifo *waiters;
};

/* The cheapest check that keeps a bad call from crashing, as in pingpong.c. */
static struct semaphore *check_semaphore(lua_State *L) {
    struct semaphore *s = lua_touserdata(L, 1);
    if (s == NULL || lua_rawlen(L, 1) != sizeof *s) luaL_typeerror(L, 1, "semaphore");
    return s;
}

static int acquired(lua_State *L, int status, lua_KContext ctx) {
    (void)status, (void)ctx;
    lua_pushboolean(L, 1);
    return 1;
}

static int semaphore_acquire(lua_State *L) {
    struct semaphore *s = check_semaphore(L);
    if (s->value > 0) {
        s->value--;
        return acquired(L, LUA_OK, 0);
    }
    push(s->waiters, L);
    parked = L;
    return lua_yieldk(L, 0, 0, acquired);
}

/* Hands the slot to the first waiter, if any. */
static int semaphore_release(lua_State *L) {
    struct semaphore *s = check_semaphore(L);
    lua_State *waiter = pop(s->waiters);
    if (waiter) push(&runnable, waiter);
    else s->value++;
    return 0;
}

static const char *script =
    "local N, sem, acquire = ...\n"
    "local yield = coroutine.yield\n"
    "local active, peak, finished = 0, 0, 0\n"
    "local function with(sem, fn)\n"
    "    acquire(sem)\n"
    "    local _ <close> = sem\n"
    "    return fn()\n"
    "end\n"
    "local function worker()\n"
    "    with(sem, function()\n"
    "        active = active + 1\n"
    "        if active > peak then peak = active end\n"
    "        yield()\n"
    "        active = active - 1\n"
    "    end)\n"
    "    finished = finished + 1\n"
    "end\n"
    "return worker, function() return active, peak, finished end\n";

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    struct fifo waiters = {malloc(sizeof(lua_State *) * (size_t)n), n, 0, 0};
    runnable = (struct fifo){malloc(sizeof(lua_State *) * (size_t)n), n, 0, 0};
    if (luaL_loadstring(L, script) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    lua_pushinteger(L, n);
    struct semaphore *s = lua_newuserdatauv(L, sizeof *s, 0);
    *s = (struct semaphore){.value = 100, .waiters = &waiters};
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, semaphore_release);
    lua_setfield(L, -2, "__close");
    lua_setmetatable(L, -2);
    lua_pushcfunction(L, semaphore_acquire);
    lua_call(L, 3, 2); /* worker, totals */
    int worker = lua_gettop(L) - 1;

    /* The threads, kept alive in a table, all runnable. */
    lua_createtable(L, (int)n, 0);
    int threads = lua_gettop(L);
    for (long i = 1; i <= n; i++) {
        lua_State *T = lua_newthread(L);
        lua_rawseti(L, threads, i);
        lua_pushvalue(L, worker);
        lua_xmove(L, T, 1);
        push(&runnable, T);
    }
    lua_State *T;
    while ((T = pop(&runnable)) != NULL) {
        int results;
        parked = NULL;
        int status = lua_resume(T, L, 0, &results);
        if (status == LUA_YIELD) {
            lua_pop(T, results);
            if (parked != T) push(&runnable, T); /* the sleep(0): its turn again after the others */
        } else if (status != LUA_OK) {
            return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
        }
    }
    lua_pushvalue(L, worker + 1);
    lua_call(L, 0, 3);
    long long active = lua_tointeger(L, -3), peak = lua_tointeger(L, -2), finished = lua_tointeger(L, -1);
    if (peak != 100 || finished != n || active != 0) {
        fprintf(stderr, "semaphore (C): peak %lld (want 100), finished %lld (want %ld), active %lld\n", peak,
                finished, n, active);
        return 1;
    }
    /* Like `tide run`, leave the state to the OS at exit rather than free it object by object. */
    return 0;
}
