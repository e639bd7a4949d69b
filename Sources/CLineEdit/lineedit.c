#include "clineedit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **candidates;
static int candidate_count;

char *clineedit_read(const char *prompt) { return readline(prompt); }

void clineedit_add_history(const char *line) { add_history(line); }

void clineedit_load_history(const char *path) { read_history(path); }

void clineedit_save_history(const char *path) { write_history(path); }

void clineedit_set_candidates(const char *const *names, int count) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < candidate_count; i++) free(candidates[i]);
    free(candidates);
    candidates = calloc((size_t)count, sizeof *candidates);
    candidate_count = candidates ? count : 0;
    for (int i = 0; i < candidate_count; i++) candidates[i] = strdup(names[i]);
    pthread_mutex_unlock(&lock);
}

/* readline's generator protocol: called with state 0 first, then until it returns NULL. */
static char *complete(const char *text, int state) {
    static int next;
    if (state == 0) next = 0;
    size_t length = strlen(text);
    char *match = NULL;
    pthread_mutex_lock(&lock);
    while (next < candidate_count && match == NULL) {
        const char *name = candidates[next++];
        if (strncmp(name, text, length) == 0) match = strdup(name);
    }
    pthread_mutex_unlock(&lock);
    return match;
}

void clineedit_setup(void) {
    rl_completion_entry_function = complete;
    rl_completion_append_character = 0; /* "asyncio.sleep" then "(": no space between */
    /* Complete "asyncio.sl" as one word: '.' and ':' are not breaks. */
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#[]~";
}
