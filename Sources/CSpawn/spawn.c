#define _GNU_SOURCE
#include "tide_spawn.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

int tide_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
               int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    int status = posix_spawn_file_actions_init(&actions);
    if (status != 0) return status;
    const int sources[3] = {stdin_fd, stdout_fd, stderr_fd};
    for (int target = 0; target < 3 && status == 0; target++)
        status = posix_spawn_file_actions_adddup2(&actions, sources[target], target);
    if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (status == 0 && cwd != NULL) status = posix_spawn_file_actions_addchdir_np(&actions, cwd);
    if (status == 0) status = posix_spawn(pid, path, &actions, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}

int tide_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
