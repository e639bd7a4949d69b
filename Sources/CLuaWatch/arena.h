/*
 * Memory for one Lua state at addresses that depend only on what the state allocated.
 *
 * Lua hashes tables, functions and other objects used as table keys by their address, so
 * `pairs` over such a table follows where malloc happened to put them: another order on
 * every run. An arena is one region of address space at a fixed, 4 GiB-aligned place,
 * carved by rules that depend only on the sequence of allocations and frees; the same
 * script then gets the same addresses (all of them in the first state of a process, the
 * low 32 bits that Lua hashes in any other), and so the same iteration order.
 *
 * Lua passes every block's size back when it frees or resizes it, so blocks carry no
 * header. Small blocks come from 64 KiB chunks of one size class; larger ones are runs of
 * whole chunks. Chunks nobody uses go back to the region, and their pages to the system.
 * One thread at a time uses an arena (a state is confined to one).
 */
#ifndef TIDE_ARENA_H
#define TIDE_ARENA_H

#include <stddef.h>

struct arena;

/* A new arena of `size` bytes of address space (0: the most a slot holds, 64 GiB) in the
   first free slot of the process, or NULL when the address space is taken or refused (the
   caller then uses malloc: a run still works, without the fixed order). Blocks past the
   region's end come from malloc too. */
struct arena *arena_open(size_t size);
void *arena_allocate(struct arena *arena, size_t size);
void arena_free(struct arena *arena, void *block, size_t size);
/* realloc with the old size known: a block stays put while its size class does not change. */
void *arena_resize(struct arena *arena, void *block, size_t old_size, size_t new_size);
/* Unmaps the region and frees its slot: only after lua_close of its state. */
void arena_close(struct arena *arena);

#endif
