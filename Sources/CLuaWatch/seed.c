#include "seed.h"

#include <stdint.h>
#include <string.h>

/*
 * Lua 5.4 seeds its string hashes per state from the clock and from addresses
 * (luai_makeseed), so the order in which `pairs` visits string keys changes from run to
 * run. The seed is not part of the API. This sets it in the state's global_State, right
 * after lua_newstate, and rehashes the strings lua_newstate made (metamethod names,
 * reserved words, the memory error): no table holds a string key yet.
 *
 * It reads Lua 5.4's private layout (the same from 5.4.0 to 5.4.7), so it checks that
 * layout first: the state must point at a global_State whose allocator fields are the ones
 * the state was made with, and a known string's stored hash must be what the seed found
 * there gives. On any other layout it changes nothing and says so.
 */

#define FIXED_SEED 0x74696465u /* "tide" */

/* Offsets in Lua 5.4's private structs (x86_64, aarch64). */
#define STATE_GLOBAL 24      /* lua_State.l_G */
#define GLOBAL_STRINGS 48    /* global_State.strt */
#define GLOBAL_SEED 96       /* global_State.seed */
#define STRING_LENGTH 11     /* TString.shrlen */
#define STRING_HASH 12       /* TString.hash */
#define STRING_NEXT 16       /* TString.u.hnext */
#define STRING_CONTENTS 24   /* TString.contents */

struct string_table {
    char **buckets;
    int count, size;
};

static unsigned hash_string(const char *text, size_t length, unsigned seed) {
    unsigned hash = seed ^ (unsigned)length;
    for (; length > 0; length--) hash ^= (hash << 5) + (hash >> 2) + (unsigned char)text[length - 1];
    return hash;
}

static char **next_of(char *string) { return (char **)(string + STRING_NEXT); }
static unsigned *hash_of(char *string) { return (unsigned *)(string + STRING_HASH); }

int clua_fix_string_seed(lua_State *L, lua_Alloc allocator, void *allocator_data) {
    char *global = *(char **)((char *)L + STATE_GLOBAL);
    if (!global || *(lua_Alloc *)global != allocator || *(void **)(global + sizeof(void *)) != allocator_data) return 0;
    struct string_table *table = (struct string_table *)(global + GLOBAL_STRINGS);
    unsigned *seed = (unsigned *)(global + GLOBAL_SEED);
    if (table->size <= 0 || (table->size & (table->size - 1)) != 0 || table->count <= 0) return 0;

    /* "__index" exists from lua_newstate on: its hash and bucket must agree with the layout. */
    char *known = (char *)lua_pushstring(L, "__index") - STRING_CONTENTS;
    lua_pop(L, 1);
    if ((unsigned char)known[STRING_LENGTH] != 7 || *hash_of(known) != hash_string("__index", 7, *seed)) return 0;
    char *found = table->buckets[*hash_of(known) & (unsigned)(table->size - 1)];
    while (found && found != known) found = *next_of(found);
    if (!found) return 0;

    char *all = NULL;
    for (int bucket = 0; bucket < table->size; bucket++) {
        for (char *string = table->buckets[bucket], *next; string; string = next) {
            next = *next_of(string);
            *next_of(string) = all;
            all = string;
        }
        table->buckets[bucket] = NULL;
    }
    *seed = FIXED_SEED;
    for (char *string = all, *next; string; string = next) {
        next = *next_of(string);
        unsigned hash = hash_string(string + STRING_CONTENTS, (unsigned char)string[STRING_LENGTH], FIXED_SEED);
        *hash_of(string) = hash;
        char **bucket = &table->buckets[hash & (unsigned)(table->size - 1)];
        *next_of(string) = *bucket;
        *bucket = string;
    }
    return 1;
}
