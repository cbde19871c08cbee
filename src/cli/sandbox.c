/* Least privilege after start-up (issue #15, point 5).
 *
 * The filter is a deny-list: everything is allowed but the system calls below, which the
 * server never makes once it serves. An allow-list would be tighter, but the libraries
 * (SQLite, cairo/pango/fontconfig, libcurl with its resolver, libmagic, libzip, glibc's
 * own choices between syscall variants) pick their calls by version and by input; a call
 * missing from an allow-list shows up only as a failed PDF or a lost e-mail in production.
 * The deny-list takes away what an attacker who has the process wants next: to run a
 * program, to read other processes, to gain privileges or a new namespace, to reach the
 * kernel's larger attack surfaces.
 *
 * Denied calls fail with EPERM rather than killing the process: the server keeps answering
 * the requests in flight, the library that asked sees an ordinary error, and the attacker
 * still gets nothing. Calls of another architecture (32-bit int 0x80, x32) are not in the
 * filter's architecture and kill the thread (libseccomp's bad-architecture action), so the
 * list cannot be sidestepped through them. */
#include "cli/sandbox.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The denied calls, by group. Names the running architecture lacks are skipped. */
static const char *const denied[] = {
    /* Running other programs: the first thing a shell-code wants (and nothing in the
     * server runs one; mail goes out through libcurl, not sendmail). */
    "execve",
    "execveat",
    /* Reading or steering other processes (and our own memory from outside). */
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kcmp",
    "pidfd_getfd",
    /* Changing the file system's shape: a way out of any confinement systemd set up. */
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "open_by_handle_at",
    "name_to_handle_at",
    /* Changing identity: after the drop to --user there is no way back. */
    "setuid",
    "setgid",
    "setreuid",
    "setregid",
    "setresuid",
    "setresgid",
    "setgroups",
    "setfsuid",
    "setfsgid",
    "capset",
    /* New namespaces: an unprivileged user namespace hands out capabilities inside it. */
    "unshare",
    "setns",
    /* The kernel's modules, its replacement, its keyrings, its BPF and perf interfaces:
     * large attack surfaces the server never uses. */
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "kexec_file_load",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "lookup_dcookie",
    "fanotify_init",
    /* The machine's state: rebooting, swap, clocks, accounting, the kernel log, raw I/O
     * ports, the execution domain. */
    "reboot",
    "swapon",
    "swapoff",
    "personality",
    "acct",
    "syslog",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "iopl",
    "ioperm",
    "quotactl",
    "vhangup",
    /* New processes (threads are made with clone and CLONE_THREAD, allowed below). */
    "fork",
    "vfork",
};

/* Adds a rule that makes the named call fail with err; unknown names are skipped, and
 * under AddressSanitizer the calls its leak check needs (sandbox.h). */
static int
deny(scmp_filter_ctx ctx, const char *name, int err)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;
	if (SANDBOX_SANITIZED && strcmp(name, "ptrace") == 0)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)err), nr, 0);
}

int
sandbox_install(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "leuchtturm: cannot set no-new-privileges: %s\n", strerror(errno));
		return -1;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		fprintf(stderr, "leuchtturm: cannot set up the seccomp filter\n");
		return -1;
	}
	int rc = 0;
	/* Into every thread at once: the HTTP workers are running already. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; rc == 0 && i < sizeof denied / sizeof *denied; i++)
		rc = deny(ctx, denied[i], EPERM);
	/* clone without CLONE_THREAD makes a process (fork, posix_spawn): refused. clone3
	 * passes its flags in memory the filter cannot read; ENOSYS makes glibc fall back to
	 * clone for its threads, as it does on older kernels. */
	if (rc == 0 && !SANDBOX_SANITIZED)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
		                      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	if (rc == 0)
		rc = deny(ctx, "clone3", ENOSYS);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		fprintf(stderr,
		        "leuchtturm: cannot load the seccomp filter: %s (a filter from outside "
		        "that refuses seccomp()? under systemd: SystemCallFilter=seccomp; or "
		        "--no-sandbox)\n",
		        strerror(-rc));
		return -1;
	}
	return 0;
}

/* Whether each existing path in paths can be written (folders also entered). */
static int
check_writable(const char *user, const char *const paths[])
{
	for (size_t i = 0; paths && paths[i]; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0)
			continue;
		int mode = S_ISDIR(st.st_mode) ? R_OK | W_OK | X_OK : R_OK | W_OK;
		if (access(paths[i], mode) != 0) {
			fprintf(
			    stderr,
			    "leuchtturm: %s is not writable by the user %s (uid %u); give the data "
			    "folder to it (chown -R %s DIR) or start with another --user\n",
			    paths[i], user, (unsigned)getuid(), user);
			return -1;
		}
	}
	return 0;
}

int
sandbox_drop_user(const char *user, const char *const paths[])
{
	if (!user || !*user) {
		if (geteuid() == 0)
			fprintf(stderr, "leuchtturm: warning: running as root; pass --user NAME "
			                "(LEUCHTTURM_USER) to drop to an unprivileged user after "
			                "start-up\n");
		return 0;
	}
	errno = 0;
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		fprintf(stderr, "leuchtturm: --user %s: no such user\n", user);
		return -1;
	}
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	if (geteuid() != 0) {
		if (geteuid() == uid && getuid() == uid)
			return check_writable(user, paths);
		fprintf(stderr, "leuchtturm: --user %s needs the server started as root\n", user);
		return -1;
	}
	/* Groups first, then the group, then the user: after setuid nothing else may change.
	 * glibc applies each to all threads. */
	if (initgroups(user, gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
		fprintf(stderr, "leuchtturm: cannot switch to the user %s: %s\n", user,
		        strerror(errno));
		return -1;
	}
	if (uid != 0 && (setuid(0) == 0 || geteuid() == 0)) {
		fprintf(stderr, "leuchtturm: the switch to the user %s can be undone; stopping\n",
		        user);
		return -1;
	}
	return check_writable(user, paths);
}
