#ifndef TIDE_SEED_H
#define TIDE_SEED_H

#include <lua5.4/lua.h>

/* Gives a state just made by lua_newstate(allocator, allocator_data) a fixed string-hash
   seed, so that `pairs` visits string keys in the same order on every run; 0 (and nothing
   changed) when the library's private layout is not the one this knows. */
int clua_fix_string_seed(lua_State *L, lua_Alloc allocator, void *allocator_data);

#endif
