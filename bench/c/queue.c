/*
 * queue's floor: a bare C host running bench/lua/queue.lua's producer and four consumers
 * over a bounded queue of 100, with nothing of an event loop but a ring of runnable
 * threads. The queue is a full userdata whose put and get are C functions: the items sit in
 * its user value, a table used as a ring; a put on a full queue and a get on an empty one
 * yield (lua_yieldk) and try again when a get or a put makes the waiting thread runnable.
 * What is left is the cost of the script's calls, the items' table slots and the resumes.
 *
 *   cc -O2 queue.c $(pkg-config --cflags --libs lua5.4) && ./a.out 1000000
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 8 /* a producer and four consumers, rounded up */

/* A FIFO of threads: the runnable ones, and each queue's waiting getters and putters. */
struct fifo {
    lua_State *threads[THREADS];
    int head, count;
};

static void push(struct fifo *f, lua_State *T) { f->threads[(f->head + f->count++) % THREADS] = T; }

static lua_State *pop(struct fifo *f) {
    if (f->count == 0) return NULL;
    lua_State *T = f->threads[f->head];
    f->head = (f->head + 1) % THREADS;
    f->count--;
    return T;
}

static struct fifo runnable;

struct queue {
    int maxsize, first, size; /* the items are user value slots first+1 .. first+size (mod maxsize) */
    struct fifo getters, putters;
};

/* The cheapest check that keeps a bad call from crashing, as in pingpong.c. */
static struct queue *check_queue(lua_State *L) {
    struct queue *q = lua_touserdata(L, 1);
    if (q == NULL || lua_rawlen(L, 1) != sizeof *q) luaL_typeerror(L, 1, "queue");
    return q;
}

static int queue_put(lua_State *L);
static int queue_get(lua_State *L);

static int put_again(lua_State *L, int status, lua_KContext ctx) {
    (void)status, (void)ctx;
    return queue_put(L);
}

static int get_again(lua_State *L, int status, lua_KContext ctx) {
    (void)status, (void)ctx;
    return queue_get(L);
}

/* q:put(item): waits while the queue is full. */
static int queue_put(lua_State *L) {
    struct queue *q = check_queue(L);
    lua_settop(L, 2);
    if (q->size == q->maxsize) {
        push(&q->putters, L);
        return lua_yieldk(L, 0, 0, put_again);
    }
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (q->first + q->size++) % q->maxsize + 1);
    lua_State *getter = pop(&q->getters);
    if (getter) push(&runnable, getter);
    return 0;
}

/* q:get(): waits while the queue is empty. */
static int queue_get(lua_State *L) {
    struct queue *q = check_queue(L);
    lua_settop(L, 1);
    if (q->size == 0) {
        push(&q->getters, L);
        return lua_yieldk(L, 0, 0, get_again);
    }
    lua_getiuservalue(L, 1, 1);
    lua_rawgeti(L, -1, q->first + 1);
    lua_pushnil(L);
    lua_rawseti(L, -3, q->first + 1); /* let go of the item */
    q->first = (q->first + 1) % q->maxsize;
    q->size--;
    lua_State *putter = pop(&q->putters);
    if (putter) push(&runnable, putter);
    return 1;
}

static int queue_new(lua_State *L) {
    int maxsize = (int)luaL_checkinteger(L, 1);
    struct queue *q = lua_newuserdatauv(L, sizeof *q, 1);
    *q = (struct queue){.maxsize = maxsize};
    lua_createtable(L, maxsize, 0);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, "queue");
    return 1;
}

static const char *script =
    "local N, Queue = ...\n"
    "local q = Queue(100)\n"
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
    luaL_newmetatable(L, "queue");
    luaL_Reg methods[] = {{"put", queue_put}, {"get", queue_get}, {NULL, NULL}};
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    if (luaL_loadstring(L, script) != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(L, -1)), 1;
    lua_pushinteger(L, n);
    lua_pushcfunction(L, queue_new);
    lua_call(L, 2, 3); /* producer, consumer, totals */
    int base = lua_gettop(L) - 2;
    for (int i = 0; i < 5; i++) { /* the producer, then four consumers */
        lua_State *T = lua_newthread(L);
        lua_pushvalue(L, base + (i == 0 ? 0 : 1));
        lua_xmove(L, T, 1);
        push(&runnable, T);
    }
    lua_State *T;
    while ((T = pop(&runnable)) != NULL) {
        int results;
        int status = lua_resume(T, L, 0, &results);
        if (status == LUA_YIELD) lua_pop(T, results);
        else if (status != LUA_OK) return fprintf(stderr, "%s\n", lua_tostring(T, -1)), 1;
    }
    lua_pushvalue(L, base + 2);
    lua_call(L, 0, 2);
    long long count = lua_tointeger(L, -2), sum = lua_tointeger(L, -1);
    if (count != n || sum != (long long)n * (n + 1) / 2) {
        fprintf(stderr, "queue (C): consumed %lld items summing to %lld, want %ld summing to %lld\n", count, sum,
                n, (long long)n * (n + 1) / 2);
        return 1;
    }
    return 0;
}
