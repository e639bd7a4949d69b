#include "clua_limits.h"
#include "arena.h"
#include "clua_watch.h"
#include "seed.h"

#include <lua5.4/lauxlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many instructions run between two looks at the limits. */
#define COUNT 1000
/* How far past its limit the allocator still gives memory. Passing the limit fails the
   run at once, and from then on the script gets one instruction at a time (see hook), so
   it cannot use much of this; the host can, to report and clean up: an allocation refused
   to the host outside a protected call would abort the process. */
#define HEADROOM (64u << 20)

/* An instruction budget that several states draw from (a run and its to_thread workers,
   on other threads), kept alive by counted references. */
struct shared_budget {
    _Atomic long long used;
    long long max;
    _Atomic int references;
};

struct limits {
    struct arena *arena; /* NULL: blocks come from malloc */
    int fixed_order;     /* addresses from the arena and a fixed string seed */
    int warnings_on, warning_continues;
    size_t used, memory_limit;
    long long instructions, max_instructions;
    struct shared_budget *shared; /* when set, instructions count there instead */
    int counts_for_limits;        /* the count hook is the limits' (not only the live warning's) */
    /* The virtual clock's live warning: a resume of a task that has run `stuck_after`
       instructions without awaiting is told to `on_stuck`, once (see clua_limits_watch_stuck). */
    long long stuck_after, stuck_count;
    void (*on_stuck)(lua_State *L);
    unsigned long stuck_sequence, stuck_warned;
    _Atomic int failed;
    char message[160];
};

static void unshare(struct shared_budget *budget) {
    if (budget && atomic_fetch_sub(&budget->references, 1) == 1) free(budget);
}

static void fail(struct limits *m, const char *message) {
    if (atomic_load(&m->failed)) return;
    snprintf(m->message, sizeof m->message, "%s", message);
    atomic_store(&m->failed, 1);
}

static void *take(struct limits *m, void *block, size_t osize, size_t nsize) {
    if (m->arena) return arena_resize(m->arena, block, osize, nsize);
    return realloc(block, nsize);
}

static void give(struct limits *m, void *block, size_t size) {
    if (m->arena) arena_free(m->arena, block, size);
    else free(block);
}

static void *allocate(void *ud, void *ptr, size_t osize, size_t nsize) {
    struct limits *m = ud;
    if (nsize == 0) {
        if (ptr) {
            m->used -= osize;
            give(m, ptr, osize);
        }
        return NULL;
    }
    if (ptr == NULL) osize = 0; /* Lua passes the new object's type there, not a size */
    size_t next = m->used - osize + nsize;
    if (m->memory_limit && next > m->memory_limit) {
        char message[96];
        snprintf(message, sizeof message, "memory limit of %zu MiB exceeded", m->memory_limit >> 20);
        fail(m, message);
        if (next > m->memory_limit + HEADROOM) return NULL;
    }
    void *block = take(m, ptr, osize, nsize);
    if (block) m->used = next;
    return block;
}

/* What luaL_newstate installs and lua_newstate does not: a panic message, and warnings
   (off until "@on", as in lua.c), written to stderr. */
static int panic(lua_State *L) {
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error object is not a string";
    fprintf(stderr, "tide: PANIC: unprotected error in call to Lua API (%s)\n", message);
    return 0;
}

static void warn(void *ud, const char *message, int continued) {
    struct limits *m = ud;
    if (!m->warning_continues && message[0] == '@') {
        if (strcmp(message, "@on") == 0) m->warnings_on = 1;
        if (strcmp(message, "@off") == 0) m->warnings_on = 0;
        return;
    }
    if (m->warnings_on) {
        if (!m->warning_continues) fputs("Lua warning: ", stderr);
        fputs(message, stderr);
        if (!continued) fputc('\n', stderr);
    }
    m->warning_continues = continued;
}

lua_State *clua_limits_newstate(size_t memory_limit) {
    struct limits *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->memory_limit = memory_limit;
    /* Room for the limit twice over (blocks of one size class cannot serve another).
       TIDE_PLAIN_MALLOC=1 leaves every block to malloc, for tools that watch malloc's
       blocks (AddressSanitizer's pass, valgrind). */
    const char *plain = getenv("TIDE_PLAIN_MALLOC");
    if (!plain || strcmp(plain, "1") != 0) m->arena = arena_open(memory_limit ? 2 * (memory_limit + HEADROOM) : 0);
    lua_State *L = lua_newstate(allocate, m);
    if (!L) {
        arena_close(m->arena);
        free(m);
        return NULL;
    }
    m->fixed_order = m->arena != NULL && clua_fix_string_seed(L, allocate, m);
    lua_atpanic(L, panic);
    lua_setwarnf(L, warn, m);
    return L;
}

static struct limits *limits_of(lua_State *L) {
    void *ud;
    return lua_getallocf(L, &ud) == allocate ? ud : NULL;
}

/* " at file:line" of the script's innermost line running on L (Tide's own Lua skipped),
   or "": where a loop that never ends spun when the instruction limit stopped it. */
static void script_line(lua_State *L, char *out, size_t size) {
    lua_Debug record;
    out[0] = '\0';
    for (int level = 0; lua_getstack(L, level, &record); level++) {
        if (lua_getinfo(L, "Sl", &record) && record.currentline > 0 && !clua_is_prelude(record.source)) {
            snprintf(out, size, " at %s:%d", record.short_src, record.currentline);
            return;
        }
    }
}

static void count_instructions(struct limits *m, lua_State *L, long long count) {
    m->instructions = m->shared ? atomic_fetch_add(&m->shared->used, count) + count : m->instructions + count;
    if (m->max_instructions && m->instructions > m->max_instructions && !atomic_load(&m->failed)) {
        char where[96], message[160];
        script_line(L, where, sizeof where);
        snprintf(message, sizeof message, "instruction limit of %lld exceeded%s", m->max_instructions, where);
        fail(m, message);
    }
}

void clua_limits_charge(lua_State *L, long long count) {
    struct limits *m = limits_of(L);
    if (m) count_instructions(m, L, count);
}

/* Counts the instructions of the resume running now (the watch numbers resumes); tells
   `on_stuck` once a resume has run `stuck_after` of them. */
static void note_stuck(struct limits *m, lua_State *L, long long count) {
    unsigned long sequence = clua_watch_running_sequence();
    if (sequence == 0) return;
    if (sequence != m->stuck_sequence) {
        m->stuck_sequence = sequence;
        m->stuck_count = 0;
    }
    m->stuck_count += count;
    if (m->stuck_count >= m->stuck_after && m->stuck_warned != sequence) {
        m->stuck_warned = sequence;
        m->on_stuck(L);
    }
}

static void hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    struct limits *m = limits_of(L);
    if (!m) return;
    long long count = lua_gethookcount(L);
    count_instructions(m, L, count);
    if (m->on_stuck) note_stuck(m, L, count);
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
    if (m) {
        m->max_instructions = max_instructions;
        m->counts_for_limits = 1;
    }
    lua_sethook(L, hook, LUA_MASKCOUNT, COUNT);
}

/* Without a limit's hook, one every 100,000 instructions is enough to count a stuck task. */
#define STUCK_COUNT 100000

void clua_limits_watch_stuck(lua_State *L, long long after, void (*on_stuck)(lua_State *L)) {
    struct limits *m = limits_of(L);
    if (!m) return;
    m->stuck_after = after;
    m->on_stuck = on_stuck;
    if (on_stuck && lua_gethook(L) != hook) lua_sethook(L, hook, LUA_MASKCOUNT, STUCK_COUNT);
    /* Any count hook makes the VM stop at every instruction (luaG_traceexec, about a
       third of a task switch): none at all when neither the limits nor the warning count. */
    if (!on_stuck && !m->counts_for_limits && lua_gethook(L) == hook) lua_sethook(L, NULL, 0, 0);
}

void *clua_limits_share(lua_State *L) {
    struct limits *m = limits_of(L);
    if (!m || !m->max_instructions) return NULL;
    if (!m->shared) {
        m->shared = calloc(1, sizeof *m->shared);
        if (!m->shared) return NULL;
        m->shared->max = m->max_instructions;
        atomic_store(&m->shared->used, m->instructions);
        atomic_store(&m->shared->references, 1);
    }
    atomic_fetch_add(&m->shared->references, 1);
    return m->shared;
}

void clua_limits_unshare(void *budget) { unshare(budget); }

void clua_limits_watch_shared(lua_State *L, void *budget) {
    struct limits *m = limits_of(L);
    struct shared_budget *shared = budget;
    if (m && shared) {
        atomic_fetch_add(&shared->references, 1);
        m->shared = shared;
        m->max_instructions = shared->max;
    }
    if (m) m->counts_for_limits = 1;
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

void clua_limits_account(lua_State *L, long long bytes) {
    struct limits *m = limits_of(L);
    if (!m) return;
    m->used += (size_t)bytes;  /* a negative count wraps back: used only grows by what it gave back */
    if (bytes > 0 && m->memory_limit && m->used > m->memory_limit) {
        char message[96];
        snprintf(message, sizeof message, "memory limit of %zu MiB exceeded", m->memory_limit >> 20);
        fail(m, message);
    }
}

size_t clua_limits_memory_used(lua_State *L) {
    struct limits *m = limits_of(L);
    return m ? m->used : 0;
}

void *clua_limits_allocator_data(lua_State *L) { return limits_of(L); }

int clua_limits_failed(void *data) { return atomic_load(&((struct limits *)data)->failed) != 0; }

int clua_limits_fixed_order(lua_State *L) {
    struct limits *m = limits_of(L);
    return m ? m->fixed_order : 0;
}

void clua_limits_release(void *data) {
    struct limits *m = data;
    if (!m) return;
    unshare(m->shared);
    arena_close(m->arena);
    free(m);
}
