/* Logging to standard error. A single fprintf per line keeps threads from interleaving. */
#include "util/log.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int quiet;
static char log_path[PATH_MAX];

int
log_to_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	/* dup2 replaces descriptor 2 in one step: a thread writing meanwhile writes to the
	 * old file or the new one, never to nothing. */
	fflush(stderr);
	int rc = dup2(fd, STDERR_FILENO) < 0 ? -1 : 0;
	close(fd);
	if (rc == 0)
		snprintf(log_path, sizeof log_path, "%s", path);
	return rc;
}

int
log_reopen(void)
{
	if (!log_path[0])
		return 1;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s", log_path);
	return log_to_file(path);
}

void
log_set_quiet(int q)
{
	quiet = q;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char msg[2048], stamp[32];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof msg, fmt, ap);
	fprintf(stderr, "%s %s %s\n", stamp, level, msg);
}

void
log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
