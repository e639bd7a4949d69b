#include "clua_limits.h"

#include <lua5.4/lauxlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

/* How many instructions run between two looks at the limits. */
#define COUNT 1000
/* How far past its limit the allocator still gives memory. Passing the limit fails the
   run at once, and from then on the script gets one instruction at a time (see hook), so
   it cannot use much of this; the host can, to report and clean up: an allocation refused
   to the host outside a protected call would abort the process. */
#define HEADROOM (64u << 20)

struct limits {
    size_t used, memory_limit;
    long long instructions, max_instructions;
    _Atomic int failed;
    char message[160];
};

static void fail(struct limits *m, const char *message) {
    if (atomic_load(&m->failed)) return;
    snprintf(m->message, sizeof m->message, "%s", message);
    atomic_store(&m->failed, 1);
}

static void *allocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    struct limits *m = ud;
    if (nsize == 0) {
        if (ptr) m->used -= osize;
        free(ptr);
        return NULL;
    }
    size_t next = m->used - (ptr ? osize : 0) + nsize;
    if (m->memory_limit && next > m->memory_limit) {
        char message[96];
        snprintf(message, sizeof message, "memory limit of %zu MiB exceeded", m->memory_limit >> 20);
        fail(m, message);
        if (next > m->memory_limit + HEADROOM) return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block) m->used = next;
    return block;
}

lua_State *clua_limits_newstate(size_t memory_limit) {
    struct limits *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->memory_limit = memory_limit;
    lua_State *L = lua_newstate(allocate, m);
    if (!L) free(m);
    return L;
}

static struct limits *limits_of(lua_State *L) {
    void *ud;
    return lua_getallocf(L, &ud) == allocate ? ud : NULL;
}

static void hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    struct limits *m = limits_of(L);
    if (!m) return;
    m->instructions += COUNT;
    if (m->max_instructions && m->instructions > m->max_instructions) {
        char message[96];
        snprintf(message, sizeof message, "instruction limit of %lld exceeded", m->max_instructions);
        fail(m, message);
    }
    if (atomic_load(&m->failed)) {
        /* An error could be caught by pcall; a yield goes past it, up to the loop, which
           sees the limit and stops. Where nothing can yield (a sort comparator, a
           __tostring), raise, and look again after every instruction from now on, so
           that a pcall there gains one instruction, not another thousand. */
        if (lua_gethookcount(L) != 1) lua_sethook(L, hook, LUA_MASKCOUNT, 1);
        if (lua_isyieldable(L)) {
            lua_yield(L, 0);
            return;
        }
        luaL_error(L, "%s", m->message);
    }
}

void clua_limits_watch(lua_State *L, long long max_instructions) {
    struct limits *m = limits_of(L);
    if (m) m->max_instructions = max_instructions;
    lua_sethook(L, hook, LUA_MASKCOUNT, COUNT);
}

void clua_limits_fail(lua_State *L, const char *message) {
    struct limits *m = limits_of(L);
    if (m) fail(m, message);
}

const char *clua_limits_exceeded(lua_State *L) {
    struct limits *m = limits_of(L);
    return m && atomic_load(&m->failed) ? m->message : NULL;
}

size_t clua_limits_memory_used(lua_State *L) {
    struct limits *m = limits_of(L);
    return m ? m->used : 0;
}
