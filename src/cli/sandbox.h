/* Least privilege after start-up (issue #15, point 5): the drop to an unprivileged user
 * and the seccomp filter `leuchtturm serve` installs once its socket is bound and its
 * files are open. */
#ifndef CLI_SANDBOX_H
#define CLI_SANDBOX_H

/* Under AddressSanitizer the filter lets clone and ptrace through: LeakSanitizer's check at
 * exit stops the threads from a helper process it makes with clone and attaches with
 * ptrace. Release builds deny both. */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZED 1
#endif
#endif
#ifndef SANDBOX_SANITIZED
#define SANDBOX_SANITIZED 0
#endif

/* Started as root with user set: switches the whole process (all threads) to that user and
 * its groups, for good. Started as root without user: warns on standard error that it
 * stays root. Not root with user set: refuses unless it already is that user. Then checks
 * that the folders and files in paths (NULL-terminated; missing ones skipped) can be
 * written by whoever the process now is. 0, or -1 after a message on standard error. */
int sandbox_drop_user(const char *user, const char *const paths[]);

/* Sets no-new-privileges and loads the seccomp filter (sandbox.c says what it refuses and
 * why) into every thread of the process; threads started later inherit it. 0, or -1 after
 * a message on standard error. */
int sandbox_install(void);

#endif
