#include "clua_watch.h"

#include <lua5.4/lauxlib.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int clua_is_prelude(const char *source) {
    return strcmp(source, "@asyncio.lua") == 0 || strcmp(source, "@sandbox.lua") == 0 || strcmp(source, "@sim.lua") == 0
        || strcmp(source, "@inspect.lua") == 0 || strcmp(source, "@streams.lua") == 0;
}

static lua_State *_Atomic running_thread;
static _Atomic pthread_t loop_pthread;
static _Atomic unsigned long sequence;
static _Atomic unsigned long armed_sequence;
static _Atomic int noted;
static char where[256];

/* The hook a one-shot hook below replaced (the limits' count hook, in a sandboxed run),
   put back when it fires: clearing it instead would lift the limits for good. */
struct saved_hook {
    lua_Hook hook;
    int mask, count;
};

static void save_hook(lua_State *L, struct saved_hook *saved, lua_Hook replacement) {
    lua_Hook current = lua_gethook(L);
    if (current == replacement) return; /* armed twice: keep what was there first */
    saved->hook = current;
    saved->mask = lua_gethookmask(L);
    saved->count = lua_gethookcount(L);
}

static void restore_hook(lua_State *L, const struct saved_hook *saved) {
    lua_sethook(L, saved->hook, saved->hook ? saved->mask : 0, saved->count);
}

static struct saved_hook before_watch;

/* Whether this thread lets SIGURG through. Thread-local, since a pool thread that ends can
   be followed by a new one with the same pthread_t (and every signal blocked); the
   initial-exec model makes it one %fs-relative load, not a __tls_get_addr call. */
static __thread int lets_urgent_through __attribute__((tls_model("initial-exec")));

/* The loop runs on a Swift concurrency worker thread, and those start with every signal
   blocked: let this one through on each thread the loop lands on. (Apart, once a thread:
   its signal set's frame made every resume pay for it.) */
static __attribute__((noinline)) void let_urgent_through(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGURG);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    lets_urgent_through = 1;
}

void clua_watch_resuming(lua_State *L) {
    if (!lets_urgent_through) let_urgent_through();
    pthread_t self = pthread_self();
    if (!pthread_equal(self, atomic_load_explicit(&loop_pthread, memory_order_relaxed))) {
        atomic_store_explicit(&loop_pthread, self, memory_order_relaxed);
    }
    /* One writer: a load and a store, no locked add. */
    atomic_store_explicit(&sequence, atomic_load_explicit(&sequence, memory_order_relaxed) + 1, memory_order_relaxed);
    atomic_store_explicit(&running_thread, L, memory_order_release);
}

void clua_watch_idle(void) { atomic_store_explicit(&running_thread, NULL, memory_order_relaxed); }

unsigned long clua_watch_running_sequence(void) {
    if (atomic_load_explicit(&running_thread, memory_order_acquire) == NULL) return 0;
    return atomic_load_explicit(&sequence, memory_order_relaxed);
}

void clua_watch_interrupt(void) {
    if (atomic_load(&running_thread) != NULL) { pthread_kill(atomic_load(&loop_pthread), SIGURG); }
}

static void (*_Atomic noted_callback)(lua_State *L);

void clua_watch_on_note(void (*callback)(lua_State *L)) { atomic_store(&noted_callback, callback); }

static void hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    restore_hook(L, &before_watch);
    if (atomic_load(&armed_sequence) != atomic_load(&sequence)) return; /* it awaited since */
    lua_Debug record;
    where[0] = '\0';
    for (int level = 0; lua_getstack(L, level, &record); level++) {
        /* The script's line, not the prelude's: that is where the work is. */
        if (lua_getinfo(L, "Sl", &record) && record.currentline > 0 && !clua_is_prelude(record.source)) {
            snprintf(where, sizeof where, "%s:%d", record.short_src, record.currentline);
            break;
        }
    }
    void (*callback)(lua_State *) = atomic_load(&noted_callback);
    if (callback) callback(L);
    atomic_store(&noted, 1);
}

static _Atomic int interrupt_pending;
static struct saved_hook before_interrupt;
static void interrupt_hook(lua_State *L, lua_Debug *ar);

/* Runs on the loop's thread (SIGURG is unblocked there only), so the hooks it sets never
   race the loop's own use of the state; lua_sethook is safe to call from a signal handler. */
static void on_signal(int signal) {
    (void)signal;
    lua_State *L = atomic_load(&running_thread);
    if (L == NULL) return;
    if (atomic_exchange(&interrupt_pending, 0)) { /* Ctrl-C, passed on by on_interrupt */
        save_hook(L, &before_interrupt, interrupt_hook);
        lua_sethook(L, interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
        return;
    }
    atomic_store(&armed_sequence, atomic_load(&sequence));
    save_hook(L, &before_watch, hook);
    lua_sethook(L, hook, LUA_MASKCOUNT, 1);
}

static int install(int signal, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, NULL);
}

int clua_watch_install(void) { return install(SIGURG, on_signal); }

const char *clua_watch_peek_note(void) { return atomic_load(&noted) ? where : NULL; }

const char *clua_watch_take_note(void) {
    if (!atomic_load_explicit(&noted, memory_order_relaxed)) return NULL;
    return atomic_exchange(&noted, 0) ? where : NULL;
}

const char *clua_watch_resumed(void) {
    clua_watch_idle();
    return clua_watch_take_note();
}

static _Atomic int interrupted;
static _Atomic int interrupt_wake_fd = -1;

static void interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    restore_hook(L, &before_interrupt);
    luaL_error(L, "interrupted");
}

static void on_interrupt(int signal) {
    (void)signal;
    atomic_store(&interrupted, 1);
    int fd = atomic_load(&interrupt_wake_fd);
    if (fd >= 0) {
        char byte = 1;
        ssize_t ignored = write(fd, &byte, 1); /* a full pipe has a wakeup pending already */
        (void)ignored;
    }
    /* SIGINT lands on whichever thread has it unblocked, seldom the loop's: the hook is set
       from the loop's own thread, through SIGURG (setting it from here raced the loop). */
    if (atomic_load(&running_thread) == NULL) return;
    atomic_store(&interrupt_pending, 1);
    pthread_kill(atomic_load(&loop_pthread), SIGURG);
}

int clua_interrupt_install(int wake_fd) {
    atomic_store(&interrupt_wake_fd, wake_fd);
    return install(SIGINT, on_interrupt);
}

int clua_interrupt_take(void) { return atomic_exchange(&interrupted, 0); }
