#define _GNU_SOURCE
#include "arena.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Regions start at 32 TiB, above AddressSanitizer's shadow memory, one slot after another,
   each slot 64 GiB (a multiple of 4 GiB, so Lua's 32-bit address hashes are offsets). */
#define FIRST_REGION ((uintptr_t)0x200000000000u)
#define SLOT_SPACING ((uintptr_t)64 << 30)
#define SLOTS 256
#define CHUNK ((uintptr_t)64 << 10)
#define PAGE ((uintptr_t)4096)

/* Size classes: 8-byte steps up to 512 bytes (Lua asks for 8-byte alignment), then four
   steps per doubling up to 16 KiB. Larger blocks are runs of whole chunks. */
#define SMALL_LIMIT 512u
#define MEDIUM_LIMIT (16u << 10)
#define CLASSES (64 + 20)
/* A chunk's header, rounded up: its blocks begin after it. */
#define HEADER 64u

struct chunk {
    struct chunk *next, *prev; /* among its class's chunks that have a free block */
    void *freed;               /* blocks given back, linked through their first word */
    uint32_t live, carved;     /* blocks in use; blocks cut from the chunk so far */
    uint32_t class, capacity;
};

/* A free run of chunks, described at its start; runs are kept in address order. */
struct span {
    struct span *next;
    size_t chunks;
};

struct arena {
    uintptr_t base, size; /* the region */
    size_t top;           /* chunks cut from the region so far */
    struct span *spans;
    struct chunk *partial[CLASSES];
    struct chunk *spare[CLASSES]; /* one empty chunk per class, kept against churn */
    unsigned slot;
};

static _Atomic uint64_t slots_taken[SLOTS / 64];

static int claim_slot(unsigned slot) {
    uint64_t bit = (uint64_t)1 << (slot % 64);
    return (atomic_fetch_or(&slots_taken[slot / 64], bit) & bit) == 0;
}

static void free_slot(unsigned slot) {
    atomic_fetch_and(&slots_taken[slot / 64], ~((uint64_t)1 << (slot % 64)));
}

static size_t class_of(size_t size) {
    if (size <= SMALL_LIMIT) return size == 0 ? 0 : (size + 7) / 8 - 1;
    size_t low = SMALL_LIMIT, doubling = 0;
    while (size > low * 2) {
        low *= 2;
        doubling++;
    }
    size_t step = low / 4;
    return 64 + doubling * 4 + (size - low + step - 1) / step - 1;
}

static size_t class_size(size_t class) {
    if (class < 64) return (class + 1) * 8;
    size_t low = (size_t)SMALL_LIMIT << ((class - 64) / 4);
    return low + ((class - 64) % 4 + 1) * (low / 4);
}

static size_t chunks_for(size_t size) { return (size + CHUNK - 1) / CHUNK; }

struct arena *arena_open(size_t size) {
    size = (size + CHUNK - 1) & ~(CHUNK - 1);
    if (size == 0 || size > SLOT_SPACING) size = SLOT_SPACING;
    for (unsigned slot = 0; slot < SLOTS; slot++) {
        if (!claim_slot(slot)) continue;
        void *wanted = (void *)(FIRST_REGION + slot * SLOT_SPACING);
        void *got = mmap(wanted, size, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (got == wanted) {
            struct arena *arena = calloc(1, sizeof *arena);
            if (!arena) {
                munmap(got, size);
                free_slot(slot);
                return NULL;
            }
            arena->base = (uintptr_t)got;
            arena->size = size;
            arena->slot = slot;
            return arena;
        }
        if (got != MAP_FAILED) munmap(got, size); /* a kernel that took the address as a hint */
        free_slot(slot);
        if (got == MAP_FAILED && errno != EEXIST) return NULL; /* refused: no use trying others */
    }
    return NULL;
}

void arena_close(struct arena *arena) {
    if (!arena) return;
    munmap((void *)arena->base, arena->size);
    free_slot(arena->slot);
    free(arena);
}

static int owns(const struct arena *arena, const void *block) {
    return (uintptr_t)block - arena->base < arena->size;
}

/* The first run of free chunks long enough (lowest address first), else the region's top. */
static void *take_chunks(struct arena *arena, size_t count) {
    for (struct span **link = &arena->spans; *link; link = &(*link)->next) {
        struct span *span = *link;
        if (span->chunks < count) continue;
        if (span->chunks == count) {
            *link = span->next;
        } else {
            struct span *rest = (struct span *)((char *)span + count * CHUNK);
            rest->next = span->next;
            rest->chunks = span->chunks - count;
            *link = rest;
        }
        return span;
    }
    if ((arena->top + count) * CHUNK > arena->size) return NULL;
    void *start = (void *)(arena->base + arena->top * CHUNK);
    arena->top += count;
    return start;
}

/* Gives chunks back: their pages to the system (all but the first, which describes the
   run), the run to the list, merged with its neighbours. */
static void give_chunks(struct arena *arena, void *start, size_t count) {
    madvise((char *)start + PAGE, count * CHUNK - PAGE, MADV_DONTNEED);
    struct span *span = start, *before = NULL;
    span->chunks = count;
    struct span **link = &arena->spans;
    while (*link && (uintptr_t)*link < (uintptr_t)span) {
        before = *link;
        link = &(*link)->next;
    }
    span->next = *link;
    *link = span;
    if (span->next && (char *)span + span->chunks * CHUNK == (char *)span->next) {
        span->chunks += span->next->chunks;
        span->next = span->next->next;
    }
    if (before && (char *)before + before->chunks * CHUNK == (char *)span) {
        before->chunks += span->chunks;
        before->next = span->next;
    }
}

static void link_partial(struct arena *arena, struct chunk *chunk) {
    struct chunk **head = &arena->partial[chunk->class];
    chunk->prev = NULL;
    chunk->next = *head;
    if (*head) (*head)->prev = chunk;
    *head = chunk;
}

static void unlink_partial(struct arena *arena, struct chunk *chunk) {
    if (chunk->prev) chunk->prev->next = chunk->next;
    else arena->partial[chunk->class] = chunk->next;
    if (chunk->next) chunk->next->prev = chunk->prev;
    chunk->next = chunk->prev = NULL;
}

static struct chunk *new_chunk(struct arena *arena, size_t class) {
    struct chunk *chunk = arena->spare[class];
    if (chunk) {
        arena->spare[class] = NULL;
    } else {
        chunk = take_chunks(arena, 1);
        if (!chunk) return NULL;
        *chunk = (struct chunk){.class = (uint32_t)class,
                                .capacity = (uint32_t)((CHUNK - HEADER) / class_size(class))};
    }
    link_partial(arena, chunk);
    return chunk;
}

static void *take_block(struct arena *arena, size_t class) {
    struct chunk *chunk = arena->partial[class];
    if (!chunk && !(chunk = new_chunk(arena, class))) return NULL;
    void *block = chunk->freed;
    if (block) {
        chunk->freed = *(void **)block;
    } else {
        block = (char *)chunk + HEADER + (size_t)chunk->carved * class_size(class);
        chunk->carved++;
    }
    if (++chunk->live == chunk->capacity) unlink_partial(arena, chunk);
    return block;
}

static void give_block(struct arena *arena, void *block) {
    struct chunk *chunk = (struct chunk *)((uintptr_t)block & ~(CHUNK - 1));
    if (chunk->live-- == chunk->capacity) link_partial(arena, chunk);
    *(void **)block = chunk->freed;
    chunk->freed = block;
    if (chunk->live > 0) return;
    unlink_partial(arena, chunk);
    if (!arena->spare[chunk->class]) arena->spare[chunk->class] = chunk;
    else give_chunks(arena, chunk, 1);
}

void *arena_allocate(struct arena *arena, size_t size) {
    if (size > arena->size) return malloc(size); /* more than the region: no chunk count to overflow */
    void *block = size <= MEDIUM_LIMIT ? take_block(arena, class_of(size)) : take_chunks(arena, chunks_for(size));
    return block ? block : malloc(size); /* the region is full: the rest comes from malloc */
}

void arena_free(struct arena *arena, void *block, size_t size) {
    if (!owns(arena, block)) free(block);
    else if (size <= MEDIUM_LIMIT) give_block(arena, block);
    else give_chunks(arena, block, chunks_for(size));
}

void *arena_resize(struct arena *arena, void *block, size_t old_size, size_t new_size) {
    if (!block) return arena_allocate(arena, new_size);
    if (owns(arena, block)) {
        int old_small = old_size <= MEDIUM_LIMIT, new_small = new_size <= MEDIUM_LIMIT;
        if (old_small && new_small && class_of(old_size) == class_of(new_size)) return block;
        if (!old_small && !new_small && chunks_for(new_size) <= chunks_for(old_size)) {
            size_t kept = chunks_for(new_size), dropped = chunks_for(old_size) - kept;
            if (dropped) give_chunks(arena, (char *)block + kept * CHUNK, dropped);
            return block;
        }
    }
    void *moved = arena_allocate(arena, new_size);
    if (!moved) return NULL;
    memcpy(moved, block, old_size < new_size ? old_size : new_size);
    arena_free(arena, block, old_size);
    return moved;
}
