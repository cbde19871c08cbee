/* The seccomp filter of `leuchtturm serve` (cli/sandbox.c), an allow-list installed in a
 * forked child: running a program, making a process, an unlisted call and listed calls with
 * refused arguments fail with EPERM, while threads, files and sockets, which the server
 * needs, still work. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "cli/sandbox.h"

static void *
thread_run(void *arg)
{
	return arg;
}

/* Runs in the child under the filter; returns which check failed (0: none). */
static int
child_checks(void)
{
	if (sandbox_install() != 0)
		return 10;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 11;
	char *const argv[] = {"/bin/true", NULL};
	char *const envp[] = {NULL};
	errno = 0;
	if (execve("/bin/true", argv, envp) != -1 || errno != EPERM)
		return 12;
	errno = 0;
	pid_t pid = SANDBOX_SANITIZED ? -1 : fork(); /* sandbox.h: allowed under ASan */
	if (pid == 0)
		_exit(0); /* the filter let a process through */
	if (!SANDBOX_SANITIZED && (pid != -1 || errno != EPERM))
		return 13;
	if (setuid(0) != -1 || errno != EPERM)
		return 14;
	pthread_t t;
	int tag = 7;
	void *back = NULL;
	if (pthread_create(&t, NULL, thread_run, &tag) != 0 || pthread_join(t, &back) != 0 ||
	    back != &tag)
		return 15;
	char path[] = "/tmp/leuchtturm-sandbox-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd) != 0 || unlink(path) != 0)
		return 16;
	/* An allow-list: a call nobody listed is refused (here one the deny-list of old
	 * forgot), and listed calls with arguments outside their rule too. */
	errno = 0;
	if (syscall(SYS_chmod, "/tmp", 01777) != -1 || errno != EPERM)
		return 17;
	errno = 0;
	if (socket(AF_PACKET, SOCK_RAW, 0) != -1 || errno != EPERM)
		return 18;
	struct rlimit more = {RLIM_INFINITY, RLIM_INFINITY};
	errno = 0;
	if (setrlimit(RLIMIT_NOFILE, &more) != -1 || errno != EPERM)
		return 19;
	int sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0 || close(sock) != 0)
		return 20;
	struct rlimit now;
	if (getrlimit(RLIMIT_NOFILE, &now) != 0)
		return 21;
	return 0;
}

static void
test_filter_refuses_exec_and_fork(void **state)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_checks());
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filter_refuses_exec_and_fork),
	};
	return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
