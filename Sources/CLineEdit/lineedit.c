#include "clineedit.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **candidates;
static int candidate_count;

/* Abandoning the line being read (Ctrl-C on a continuation line): the loop's thread sends
   the reader SIGUSR2, whose handler does nothing and is installed without SA_RESTART, so
   libedit's read(2) fails with EINTR and readline returns NULL. */
static pthread_t reader;
static _Atomic int have_reader;
static _Atomic int abandoning;

static void on_abandon(int signal) { (void)signal; }

char *clineedit_read(const char *prompt) {
    if (!atomic_exchange(&have_reader, 1)) {
        reader = pthread_self();
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR2);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL); /* the reader was born with signals blocked */
    }
    if (atomic_load(&abandoning)) return NULL; /* asked before the read began */
    return readline(prompt);
}

void clineedit_abandon(void) {
    atomic_store(&abandoning, 1);
    if (atomic_load(&have_reader)) pthread_kill(reader, SIGUSR2);
}

int clineedit_take_abandoned(void) { return atomic_exchange(&abandoning, 0); }

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
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_abandon; /* no SA_RESTART: the read must fail */
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, NULL);
    rl_completion_entry_function = complete;
    rl_completion_append_character = 0; /* "asyncio.sleep" then "(": no space between */
    /* Complete "asyncio.sl" as one word: '.' and ':' are not breaks. */
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#[]~";
}
