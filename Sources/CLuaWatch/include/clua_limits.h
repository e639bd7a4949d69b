/*
 * Limits for sandboxed runs, kept per Lua state in its allocator's user data: memory (the
 * allocator counts every block), instructions (a count hook), wall time (a flag another
 * thread sets). Once a limit is hit, the hook raises its message at every count, so a
 * script cannot pcall its way past it; the host also sees it and ends the run.
 */
#ifndef TIDE_CLUA_LIMITS_H
#define TIDE_CLUA_LIMITS_H

#include <lua5.4/lua.h>
#include <stddef.h>

/* A new state whose allocator refuses to go past memory_limit bytes (0: no limit). */
lua_State *clua_limits_newstate(size_t memory_limit);
/* Counts instructions on L and the threads it creates; 0: no instruction limit. */
void clua_limits_watch(lua_State *L, long long max_instructions);
/* The instruction budget of L, for workers on other threads to draw from too: a counted
   reference (NULL without an instruction limit); release it with clua_limits_unshare. */
void *clua_limits_share(lua_State *L);
void clua_limits_unshare(void *budget);
/* The virtual clock's live warning, counted in instructions so that it is the same on every
   run: calls on_stuck(L), on the loop's thread, once per resume of a task that has run
   `after` instructions without awaiting (resumes told apart by clua_watch_running_sequence).
   Installs the count hook if no limit did. */
void clua_limits_watch_stuck(lua_State *L, long long after, void (*on_stuck)(lua_State *L));
/* Counts instructions on L (a worker's state) against a shared budget (NULL: none), which
   it keeps a reference to until the state's release. */
void clua_limits_watch_shared(lua_State *L, void *budget);
/* Counts `bytes` the host holds for the script (negative: gives them back) against L's
   memory limit: copies on their way to a worker, say. The loop's thread only. */
void clua_limits_account(lua_State *L, long long bytes);
/* Marks the run as over a limit with this message (wall time, tasks, output). */
void clua_limits_fail(lua_State *L, const char *message);
/* Counts `count` instructions of the host's work (a task's resume) against the limit. */
void clua_limits_charge(lua_State *L, long long count);
/* The message of the limit hit, or NULL. */
const char *clua_limits_exceeded(lua_State *L);
size_t clua_limits_memory_used(lua_State *L);
/* Whether the state visits table keys in an order fixed by what the script did: its
   blocks have fixed addresses and its strings a fixed hash seed (see arena.h, seed.c). */
int clua_limits_fixed_order(lua_State *L);
/* The allocator's data of a state made above (NULL for any other state). */
void *clua_limits_allocator_data(lua_State *L);
/* Whether a limit was hit, given that data: clua_limits_exceeded without looking the data
   up through the state's allocator, for the loop's check at every turn. */
int clua_limits_failed(void *data);
/* Frees that data and the blocks it pools: only after lua_close of its state. */
void clua_limits_release(void *data);

#endif
