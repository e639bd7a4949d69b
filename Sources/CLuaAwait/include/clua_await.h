/*
 * Awaiting methods written in C: one call from the script that either finishes at once or
 * suspends the task, with no Lua frames of the prelude's in between.
 *
 * An awaiting method is a C closure over two host functions. `attempt` runs first, with
 * the method's arguments: it returns a result count when it is done without waiting,
 * CLUA_RAISE with an error on top, CLUA_PARKED when it has suspended the task on its wait
 * itself, or CLUA_AWAIT after pushing an await request (its code and operands) for the loop
 * to act on. The closure then yields nothing (parked) or the request marker before the request. When
 * the loop resumes the task, `finish` runs with the method's arguments again (it may be
 * NULL: no results), or the prelude's failure handler raises the cancellation or refusal.
 */
#ifndef TIDE_CLUA_AWAIT_H
#define TIDE_CLUA_AWAIT_H

#include <lua5.4/lua.h>

/* What an attempt returns to wait: after pushing the await request, or having parked the
   task itself. (CLUA_RAISE is -1.) */
#define CLUA_AWAIT (-2)
#define CLUA_PARKED (-3)

typedef int (*clua_HostFunction)(lua_State *L);

/* Stack: [-0, +1] pushes an awaiting method named `what` (for the error when it is called
   where a task cannot be suspended); a direct one (see clua_pushdirect) while stubs last. */
void clua_pushawait(lua_State *L, clua_HostFunction attempt, clua_HostFunction finish, void *marker,
                    const char *what);

/* Stack: [-extra, +1] the same, with the `extra` values on top as upvalues 5 and on, which
   the attempt and the finish read with lua_upvalueindex (they run inside the closure). */
void clua_pushawait_with(lua_State *L, clua_HostFunction attempt, clua_HostFunction finish, void *marker,
                         const char *what, int extra);

/* Stack: [-0, +1] pushes `f` as a C function without upvalues, calling it as the trampoline
   does (raising its CLUA_RAISE), for the methods called most: one of a few stubs that find
   their host function in a static slot. Returns 0, pushing nothing, once the stubs are all
   taken (then push it through the trampoline). */
int clua_pushdirect(lua_State *L, clua_HostFunction f);

/* Stack: [-0, +1] pushes true: the finish of an await that returns true (Event.wait), in C
   rather than through a Swift thunk. */
int clua_return_true(lua_State *L);

/* Stack: [-0, +0] the prelude's handlers: `failed(ok, message)` raises when an await ended
   without its wakeup, `cannot_await(what)` when the method ran where nothing can yield.
   A C function, for the prelude: `set_await_handlers(failed, cannot_await)`. */
int clua_set_await_handlers(lua_State *L);

#endif
