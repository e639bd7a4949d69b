#ifndef TIDE_SPAWN_H
#define TIDE_SPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` in the folder `cwd` (NULL: this process's), its standard input, output and error on the three
/// descriptors given, and every other descriptor closed: a child must not inherit the pipes
/// and sockets other threads of this process have open, or whoever waits on those for an
/// end of file waits as long as the child lives. Returns 0 and sets `*pid`, or an errno value.
int tide_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
               int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

/// A pipe whose two ends close on exec (`pipe2` is hidden from Swift behind _GNU_SOURCE).
int tide_pipe(int fds[2]);

#endif
