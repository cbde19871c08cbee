/* Least privilege after start-up (issue #15, point 5).
 *
 * The filter is an allow-list: the system calls the serving process makes — its HTTP
 * workers, SQLite, the blob files, the PDF writers (cairo, pango, fontconfig), libcurl with
 * its resolver, libmagic, libzip — and nothing else. The list was found by running the
 * HTTP suites (pages, uploads, PDFs, XLSX and ZIP exports, mail, the scheduler, shutdown)
 * under `strace -f -c` and taking the calls made after start-up, plus the variants glibc
 * may choose instead of one of them (openat or open, newfstatat or statx, poll or ppoll …),
 * so a library update that switches variants does not break the server.
 *
 * An unlisted call fails with EPERM rather than killing the process. For a web server that
 * is the safer choice: a call missing from the list (a library's rare path) then fails one
 * request with an error the library reports, instead of taking the service down for
 * everyone — and a request that can reach such a path would otherwise be a lever to kill
 * the server at will. An attacker who has the process gains nothing from EPERM: the call
 * is not made either way. Calls of another architecture (32-bit int 0x80, x32) are not in
 * the filter's architecture and kill the thread (libseccomp's bad-architecture action), so
 * the list cannot be sidestepped through them.
 *
 * Not on the list, among others: running programs (execve), making processes (fork, clone
 * without CLONE_THREAD), reading other processes (ptrace, process_vm_*), changing identity
 * (setuid & co.: the drop to --user came before), mount and namespaces, kernel modules,
 * BPF, perf, keyrings, io_uring, clocks, reboot; also bind and listen (the sockets are
 * bound before), and the calls of start-up itself. */
#include "cli/sandbox.h"

#include <errno.h>
#include <grp.h>
#include <linux/sched.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* Allowed without conditions, by group. Names the running architecture lacks are skipped. */
static const char *const allowed[] = {
    /* Memory. */
    "brk",
    "mmap",
    "munmap",
    "mremap",
    "mprotect",
    "madvise",
    "mincore",
    /* Files: SQLite and its WAL, the blob store, the temporary files of uploads, the
     * outbox, fonts, the log. */
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "preadv",
    "pwritev",
    "open",
    "openat",
    "close",
    "lseek",
    "fstat",
    "stat",
    "lstat",
    "newfstatat",
    "statx",
    "access",
    "faccessat",
    "faccessat2",
    "readlink",
    "readlinkat",
    "getdents64",
    "fcntl",
    "flock",
    "fsync",
    "fdatasync",
    "ftruncate",
    "fallocate",
    "fadvise64",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    /* an upload kept after a full disk: its O_TMPFILE file named (http/kept_upload.c) */
    "linkat",
    "mkdir",
    "mkdirat",
    "rmdir",
    "fchmod",
    "fchmodat",
    "fchown",
    "utimensat",
    "statfs",
    "fstatfs",
    "dup",
    "dup2",
    "dup3",
    "pipe",
    "pipe2",
    "getcwd",
    "sendfile",
    /* Sockets: accepting and answering, SMTP and name resolution for libcurl. socket and
     * socketpair are allowed below for some families only. */
    "accept",
    "accept4",
    "connect",
    "shutdown",
    "recvfrom",
    "recvmsg",
    "recvmmsg",
    "sendto",
    "sendmsg",
    "sendmmsg",
    "getsockopt",
    "setsockopt",
    "getsockname",
    "getpeername",
    /* Waiting: libmicrohttpd's epoll, libcurl's poll, the scheduler's and mailer's sleeps. */
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "eventfd",
    "eventfd2",
    "poll",
    "ppoll",
    "select",
    "pselect6",
    "nanosleep",
    "clock_nanosleep",
    "futex",
    "sched_yield",
    /* Threads: their start and end (clone is allowed below with CLONE_THREAD only). */
    "set_robust_list",
    "rseq",
    "set_tid_address",
    "exit",
    "exit_group",
    "restart_syscall",
    "sched_getaffinity",
    "sigaltstack",
    /* Signals: the main thread's sigwait for SIGTERM, SIGINT and SIGHUP. */
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "rt_sigtimedwait",
    "rt_sigsuspend",
    "rt_sigpending",
    /* Time, randomness and who we are. */
    "clock_gettime",
    "clock_getres",
    "gettimeofday",
    "time",
    "getrandom",
    "getpid",
    "gettid",
    "getppid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getresuid",
    "getresgid",
    "uname",
    "sysinfo",
    "getrusage",
    "times",
    "umask",
};

/* What LeakSanitizer's check at exit needs besides (sandbox.h): a helper made with clone
 * that attaches to every thread with ptrace and waits for them, and prctl for its
 * death signal. The sanitizers make their system calls themselves, with the older
 * x86-64 calls (getdents, open, stat …) rather than the ones glibc uses, so these are
 * allowed in a sanitized build too (a test build only). */
static const char *const sanitizer_extra[] = {
    "ptrace",   "wait4",       "waitid",   "prctl", "kill", "tkill",       "process_vm_readv",
    "getpgid",  "arch_prctl",  "getdents", "open",  "stat", "lstat",       "fstat",
    "readlink", "access",      "pipe",     "pipe2", "dup2", "sched_yield", "getppid",
    "unlink",   "sigaltstack", "nanosleep"};

static int
allow(scmp_filter_ctx ctx, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/* The calls allowed with some arguments only. */
static int
allow_with_arguments(scmp_filter_ctx ctx)
{
	int rc = 0;
	/* Threads, never processes. clone3 passes its flags in memory the filter cannot read;
	 * ENOSYS makes glibc fall back to clone for its threads, as on older kernels. */
	if (SANDBOX_SANITIZED)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 0);
	else
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
		                      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* Sockets of the families in use: TCP over IPv4 and IPv6 (SMTP), local ones (the name
	 * service), netlink (getaddrinfo asks for the addresses configured). */
	static const int families[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
	for (size_t i = 0; rc == 0 && i < sizeof families / sizeof *families; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
		                      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 1,
		                      SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	/* ioctl: whether a stream is a terminal (stdio), bytes waiting on a socket, and
	 * blocking or close-on-exec. */
	static const unsigned long requests[] = {TCGETS, FIONREAD, FIONBIO, FIOCLEX};
	for (size_t i = 0; rc == 0 && i < sizeof requests / sizeof *requests; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		                      SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)requests[i]));
	/* Thread names (libmicrohttpd names its threads) and reading no-new-privileges; other
	 * prctl options are refused. */
	static const int options[] = {PR_SET_NAME, PR_GET_NAME, PR_GET_NO_NEW_PRIVS};
	for (size_t i = 0; rc == 0 && !SANDBOX_SANITIZED && i < sizeof options / sizeof *options;
	     i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
		                      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)options[i]));
	/* Reading limits (sysconf), never raising them. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
		                      SCMP_A2(SCMP_CMP_EQ, 0));
	if (rc == 0)
		rc = allow(ctx, "getrlimit");
	/* Signals to our own threads only (abort, raise, glibc's own cancellation). */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
		                      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	return rc;
}

int
sandbox_install(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "leuchtturm: cannot set no-new-privileges: %s\n", strerror(errno));
		return -1;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx) {
		fprintf(stderr, "leuchtturm: cannot set up the seccomp filter\n");
		return -1;
	}
	/* Into every thread at once: the HTTP workers are running already. */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; rc == 0 && i < sizeof allowed / sizeof *allowed; i++)
		rc = allow(ctx, allowed[i]);
	for (size_t i = 0;
	     rc == 0 && SANDBOX_SANITIZED && i < sizeof sanitizer_extra / sizeof *sanitizer_extra;
	     i++)
		rc = allow(ctx, sanitizer_extra[i]);
	if (rc == 0)
		rc = allow_with_arguments(ctx);
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
