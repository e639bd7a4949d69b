/*
 * queue's floor: a bare C host doing the work of bench/lua/queue.lua with nothing of an
 * event loop. A queue of at most 100 items is a full userdata whose put and get are C
 * functions; the items sit in a table, its user value, so that any Lua value goes through.
 * put yields (lua_yieldk) while the queue is full, get while it is empty, and each wakes
 * the first thread waiting on the other side. One producer puts 1..N and a nil sentinel;
 * four consumers get until the sentinel, which each puts back for the next. A FIFO ring
 * holds the threads that can run. What is left is two method calls an item and the
 * resumes the bounded queue forces.
 *
 *   cc -O2 queue.c $(pkg-config --cflags --libs lua5.4) && ./a.out 1000000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXSIZE 100
#define CONSUMERS 4
#define THREADS (CONSUMERS + 1)

/* A FIFO of threads, used for the runnable ring and for each side's waiters. */
struct fifo {
    lua_State *items[THREADS];
    int head, count;
};

static void push(struct fifo *f, lua_State *T) { f->items[(f->head + f->count++) % THREADS] = T; }

static void wake_first(struct fifo *waiters, struct fifo *runnable) {
    if (waiters->count == 0) return;
    push(runnable, waiters->items[waiters->head]);
    waiters->head = (waiters->head + 1) % THREADS;
    waiters->count--;
}

struct queue {
    long head, count; /* items at ring positions head+1 .. head+count of the user value */
    struct fifo getters, putters;
};

static struct fifo runnable;

static struct queue *check_queue(lua_State *L) {
    struct queue *q = lua_touserdata(L, 1);
    if (q == NULL || lua_rawlen(L, 1) != sizeof *q) luaL_typeerror(L, 1, "queue");
    return q;
}

static int queue_put(lua_State *L);
static int queue_get(lua_State *L);

/* A woken waiter tries again: another thread may have come first. */
static int put_again(lua_State *L, int status, lua_KContext ctx) { return (void)status, (void)ctx, queue_put(L); }
static int get_again(lua_State *L, int status, lua_KContext ctx) { return (void)status, (void)ctx, queue_get(L); }

static int queue_put(lua_State *L) {
    struct queue *q = check_queue(L);
    if (q->count == MAXSIZE) {
        push(&q->putters, L);
        return lua_yieldk(L, 0, 0, put_again);
    }
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (q->head + q->count++) % MAXSIZE + 1);
    wake_first(&q->getters, &runnable);
    return 0;
}

static int queue_get(lua_State *L) {
    struct queue *q = check_queue(L);
    if (q->count == 0) {
        push(&q->getters, L);
        return lua_yieldk(L, 0, 0, get_again);
    }
    lua_getiuservalue(L, 1, 1);
    lua_rawgeti(L, -1, q->head + 1);
    lua_pushnil(L);
    lua_rawseti(L, -3, q->head + 1);
    q->head = (q->head + 1) % MAXSIZE;
    q->count--;
    wake_first(&q->putters, &runnable);
    return 1;
}

static const char *script =
    "local N, q = ...\n"
    "local count, sum = 0, 0\n"
    "local function producer()\n"
    "    for i = 1, N do q:put(i) end\n"
    "    q:put(nil)\n"
    "end\n"
    "local function consumer()\n"
    "    while true do\n"
    "        local v = q:get()\n"
    "        if v == nil then\n"
    "            q:put(nil)\n"
    "            return\n"
    "        end\n"
    "        count = count + 1\n"
    "        sum = sum + v\n"
    "    end\n"
    "end\n"
    "return producer, consumer, function() return count, sum end\n";

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    struct queue *q = lua_newuserdatauv(L, sizeof *q, 1);
    *q = (struct queue){0};
    lua_createtable(L, MAXSIZE, 0);
    lua_setiuservalue(L, -2, 1);
    luaL_newmetatable(L, "queue");
    luaL_Reg methods[] = {{"put", queue_put}, {"get", queue_get}, {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    int queue = lua_gettop(L);
    if (luaL_loadstring(L, script) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    lua_pushinteger(L, n);
    lua_pushvalue(L, queue);
    lua_call(L, 2, 3); /* producer, consumer, totals */
    int producer = lua_gettop(L) - 2;
    for (int i = 0; i < THREADS; i++) {
        lua_State *T = lua_newthread(L); /* stays on L's stack, so alive */
        lua_pushvalue(L, i == 0 ? producer : producer + 1);
        lua_xmove(L, T, 1);
        push(&runnable, T);
    }
    while (runnable.count > 0) {
        lua_State *T = runnable.items[runnable.head];
        runnable.head = (runnable.head + 1) % THREADS;
        runnable.count--;
        int results;
        int status = lua_resume(T, L, 0, &results);
        if (status == LUA_YIELD) lua_pop(T, results); /* it waits on the queue */
        else if (status != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
    }
    lua_pushvalue(L, producer + 2);
    lua_call(L, 0, 2);
    long long count = lua_tointeger(L, -2), sum = lua_tointeger(L, -1);
    if (count != n || sum != (long long)n * (n + 1) / 2) {
        fprintf(stderr, "queue (C): consumed %lld items summing to %lld, want %ld summing to %lld\n", count, sum,
                n, (long long)n * (n + 1) / 2);
        return 1;
    }
    return 0;
}
