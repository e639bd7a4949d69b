/*
 * The C side of the bridge: what Swift cannot import from lua.h (function-like macros),
 * and the one place where a Lua error is raised on behalf of Swift.
 *
 * Lua raises errors with longjmp. A longjmp across a Swift frame is undefined behaviour,
 * so Swift functions called from Lua never raise: they return CLUA_RAISE with the error
 * value on top of the stack, and clua_trampoline raises it after Swift has returned.
 */
#ifndef TIDE_CLUA_SHIM_H
#define TIDE_CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A Swift function returns this (instead of a result count) to raise the value on top. */
#define CLUA_RAISE (-1)

typedef int (*clua_SwiftFunction)(lua_State *L);

static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int clua_multret(void) { return LUA_MULTRET; }
static inline int clua_release_num(void) { return LUA_VERSION_RELEASE_NUM; }

/* The per-thread slot that holds the host runtime's address (copied into every new thread). */
static inline void **clua_extraspace(lua_State *L) { return (void **)lua_getextraspace(L); }

static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_newtable(lua_State *L) { lua_newtable(L); }
static inline void clua_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void clua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void clua_replace(lua_State *L, int idx) { lua_replace(L, idx); }
static inline const char *clua_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }
static inline int clua_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void clua_pushstring(lua_State *L, const char *s) { lua_pushstring(L, s); }

/* Calls the Swift function kept in upvalue 1; raises only after Swift has returned. */
static inline int clua_trampoline(lua_State *L) {
    clua_SwiftFunction f = *(clua_SwiftFunction *)lua_touserdata(L, lua_upvalueindex(1));
    int n = f(L);
    if (n == CLUA_RAISE) return lua_error(L);
    return n;
}

/* Stack: [-0, +1] pushes a Lua function that calls `f` through the trampoline. */
static inline void clua_pushswiftfunction(lua_State *L, clua_SwiftFunction f) {
    clua_SwiftFunction *slot = (clua_SwiftFunction *)lua_newuserdatauv(L, sizeof f, 0);
    *slot = f;
    lua_pushcclosure(L, clua_trampoline, 1);
}

/* A message handler for lua_pcall: adds a traceback to string errors (lua.c's msghandler). */
static inline int clua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

static int clua_tostring_body(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

static int clua_note_body(lua_State *L) {
    lua_pushfstring(L, "(error object is a %s value)", (const char *)lua_touserdata(L, 1));
    return 1;
}

/* Stack: [-0, +1] "(error object is a T value)", or nil when even that cannot be made
   (the heap is full): nothing here may raise outside a protected call. */
static inline const char *clua_pushnote(lua_State *L, const char *type_name) {
    lua_pushcfunction(L, clua_note_body);
    lua_pushlightuserdata(L, (void *)type_name);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return NULL;
    }
    return lua_tostring(L, -1);
}

/* Stack: [-0, +1] pushes tostring(value at idx), protected: a failing __tostring gives a
   note, and a full heap gives nil. */
static inline const char *clua_safetostring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    int type = lua_type(L, idx);
    if (type != LUA_TSTRING && type != LUA_TNUMBER && type != LUA_TBOOLEAN && type != LUA_TNIL) {
        if (lua_getmetatable(L, idx) == 0) return clua_pushnote(L, luaL_typename(L, idx));
        lua_pushliteral(L, "__tostring");
        int has_tostring = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 2);
        if (!has_tostring) return clua_pushnote(L, luaL_typename(L, idx));
    }
    lua_pushcfunction(L, clua_tostring_body);
    lua_pushvalue(L, idx);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
        lua_pop(L, 1);
        return clua_pushnote(L, luaL_typename(L, idx));
    }
    return lua_tostring(L, -1);
}

static int clua_traceback_body(lua_State *L) {
    luaL_traceback(L, (lua_State *)lua_touserdata(L, 1), NULL, 0);
    return 1;
}

/* Stack: [-0, +1] the traceback of thread T, or nil when the heap is too full to make it. */
static inline const char *clua_safetraceback(lua_State *L, lua_State *T) {
    lua_pushcfunction(L, clua_traceback_body);
    lua_pushlightuserdata(L, T);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return NULL;
    }
    return lua_tostring(L, -1);
}

/* Writes one line of script output to stdout (buffered, like Lua's own print). */
static inline void clua_writeline(const char *text, size_t length) {
    fwrite(text, 1, length, stdout);
    fputc('\n', stdout);
}

/* Where print and io.write hand their text to the host: upvalue 1 of the two below, as a
   light userdata (the host's function never raises a Lua error). */
typedef void (*clua_text_writer)(lua_State *L, const char *text, size_t length);

/* Told of each full userdata print is given, before it is printed (upvalue 2 of clua_print):
   the host hints that a Task printed is not its result. */
typedef void (*clua_value_watcher)(lua_State *L, int index);

/* Lua's own print, with the host as its output: each value through luaL_tolstring
   (__tostring, __name), tabs between, the line (without its newline) to the writer. Being a
   C function, its errors name the script's line, as Lua's print's do. */
static inline int clua_print(lua_State *L) {
    int count = lua_gettop(L);
    clua_value_watcher watch = (clua_value_watcher)lua_touserdata(L, lua_upvalueindex(2));
    for (int i = 1; watch && i <= count; i++) {
        if (lua_type(L, i) == LUA_TUSERDATA) watch(L, i);
    }
    size_t length;
    /* Most prints: one string, printed as it is (unless strings were given a __tostring). */
    if (count == 1 && lua_type(L, 1) == LUA_TSTRING && luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
        const char *text = lua_tolstring(L, 1, &length);
        ((clua_text_writer)lua_touserdata(L, lua_upvalueindex(1)))(L, text, length);
        return 0;
    }
    luaL_Buffer line;
    luaL_buffinit(L, &line);
    for (int i = 1; i <= count; i++) {
        if (i > 1) luaL_addchar(&line, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&line);
    }
    luaL_pushresult(&line);
    const char *text = lua_tolstring(L, -1, &length);
    ((clua_text_writer)lua_touserdata(L, lua_upvalueindex(1)))(L, text, length);
    return 0;
}

/* Lua's io.write, with the host as its output: strings and numbers only (integers as
   "%lld", floats as "%.14g"), each to the writer; returns upvalue 2 (the sandbox's
   io.stdout). With upvalue 3 true it is that file's method, and skips its self. */
static inline int clua_write(lua_State *L) {
    clua_text_writer write = (clua_text_writer)lua_touserdata(L, lua_upvalueindex(1));
    int count = lua_gettop(L);
    for (int i = lua_toboolean(L, lua_upvalueindex(3)) ? 2 : 1; i <= count; i++) {
        char number[64];
        size_t length;
        const char *text = number;
        if (lua_type(L, i) == LUA_TNUMBER) {
            int written = lua_isinteger(L, i)
                ? snprintf(number, sizeof number, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(L, i))
                : snprintf(number, sizeof number, LUA_NUMBER_FMT, (LUAI_UACNUMBER)lua_tonumber(L, i));
            length = written < 0 ? 0 : written < (int)sizeof number ? (size_t)written : sizeof number - 1;
        } else {
            text = luaL_checklstring(L, i, &length);
        }
        write(L, text, length);
    }
    lua_pushvalue(L, lua_upvalueindex(2));
    return 1;
}

/* lua_closethread appeared in 5.4.6; Debian 12 ships 5.4.4, where it is lua_resetthread. */
static inline int clua_closethread(lua_State *co, lua_State *from) {
#if LUA_VERSION_RELEASE_NUM >= 50406
    return lua_closethread(co, from);
#else
    (void)from;
    return lua_resetthread(co);
#endif
}

/* A growing byte buffer that lua_dump writes into (to copy a function to another state). */
struct clua_bytes {
    char *data;
    size_t size, capacity;
};

static inline int clua_bytes_writer(lua_State *L, const void *p, size_t sz, void *ud) {
    (void)L;
    struct clua_bytes *b = (struct clua_bytes *)ud;
    if (b->size + sz > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 256;
        while (capacity < b->size + sz) capacity *= 2;
        char *grown = (char *)realloc(b->data, capacity);
        if (!grown) return 1;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->size, p, sz);
    b->size += sz;
    return 0;
}

/* Dumps the Lua function on top (with its debug information) into `b`; 0 on success. The
   caller frees b->data. */
static inline int clua_dump(lua_State *L, struct clua_bytes *b) {
    b->data = NULL;
    b->size = b->capacity = 0;
    return lua_dump(L, clua_bytes_writer, b, 0);
}

#endif
