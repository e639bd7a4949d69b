/*
 * Blocking-the-loop watch. The loop publishes which Lua thread runs and a sequence number
 * per resume (plain stores); a watchdog thread that sees one resume last past the
 * threshold signals the loop's thread, and the handler arms a count hook on the running
 * Lua thread. The hook notes where the task is and removes itself. A run that never
 * blocks never takes the hook.
 */
#ifndef TIDE_CLUA_WATCH_H
#define TIDE_CLUA_WATCH_H

#include <lua5.4/lua.h>

/* Whether a chunk's source is Tide's own Lua (the asyncio prelude, the sandbox, sim): reports
   skip its frames to name the script's line. */
int clua_is_prelude(const char *source);

/* The loop is about to resume L. */
void clua_watch_resuming(lua_State *L);
/* No Lua code runs now. */
void clua_watch_idle(void);
/* Both of the loop's calls after a resume in one: clua_watch_idle, then clua_watch_take_note. */
const char *clua_watch_resumed(void);
/* The sequence of the resume running now, or 0 when no Lua code runs (watchdog side). */
unsigned long clua_watch_running_sequence(void);
/* Signals the loop's thread to arm the hook (watchdog side). */
void clua_watch_interrupt(void);
/* Installs the handler of the signal it uses (SIGURG, ignored by default, so a stray one
   harms nothing); 0 on success. */
int clua_watch_install(void);
/* Where the hook found the slow task ("file:line", maybe empty), once; NULL if it has not fired. */
const char *clua_watch_take_note(void);
/* The same, left for take_note (watchdog side: the stretch it noted may still run). */
const char *clua_watch_peek_note(void);
/* A function the hook calls on the loop's thread, in the slow task, before it publishes the
   note (the host reads the task's name there). */
void clua_watch_on_note(void (*callback)(lua_State *L));

/*
 * Ctrl-C in the REPL: SIGINT sets a flag, writes a byte to `wake_fd` (the self-pipe that
 * wakes an idle loop; -1: none), and if Lua code is running it arms a hook that raises
 * "interrupted" there (lua.c's way), so even a loop that never awaits can be stopped.
 */
int clua_interrupt_install(int wake_fd);
/* Whether Ctrl-C was pressed since last asked (the loop asks when the pipe wakes it). */
int clua_interrupt_take(void);

#endif
