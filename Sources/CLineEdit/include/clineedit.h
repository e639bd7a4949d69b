/*
 * Line editing for the REPL through libedit's readline interface: the prompt, history,
 * and tab completion from a list of names the REPL hands over after each input (the
 * reader thread never touches Lua).
 */
#ifndef TIDE_CLINEEDIT_H
#define TIDE_CLINEEDIT_H

/* Reads a line with editing; NULL at end of input. The caller frees the result. */
char *clineedit_read(const char *prompt);
void clineedit_add_history(const char *line);
void clineedit_load_history(const char *path);
void clineedit_save_history(const char *path);
/* Makes the reader give up the line it is reading (its readline returns NULL); any thread. */
void clineedit_abandon(void);
/* Whether the last NULL from clineedit_read was an abandoned line, not the end of input. */
int clineedit_take_abandoned(void);
/* Replaces the completion candidates (copied). */
void clineedit_set_candidates(const char *const *names, int count);
/* Installs the completion function and stops libedit from handling signals itself. */
void clineedit_setup(void);

#endif
