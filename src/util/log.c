/* Logging to standard error. A single fprintf per line keeps threads from interleaving. */
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
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

const char *
log_file(void)
{
	return log_path[0] ? log_path : NULL;
}

bool
log_first_day(char day[11])
{
	if (!log_path[0])
		return false;
	int fd = open(log_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char head[10];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head)
		return false;
	/* "2026-12-01T…": digits and dashes where a time starts the line. */
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? head[i] != '-' : head[i] < '0' || head[i] > '9')
			return false;
	memcpy(day, head, 10);
	day[10] = '\0';
	return true;
}

int
log_rotate(const char *suffix)
{
	if (!log_path[0]) {
		errno = ENOENT;
		return -1;
	}
	char to[PATH_MAX + 64];
	if (snprintf(to, sizeof to, "%s.%s", log_path, suffix) >= (int)sizeof to) {
		errno = ENAMETOOLONG;
		return -1;
	}
	struct stat st;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (rename(log_path, to) != 0)
		return -1;
	/* Lines written meanwhile went to the moved file, which is where they belong. A new
	 * file that cannot be made leaves the log in the moved one, which says so. */
	if (log_reopen() != 0)
		log_error("log: cannot open a new %s: %s", log_path, strerror(errno));
	return 0;
}

int
log_prune(int64_t before, char *names, size_t size)
{
	if (size)
		names[0] = '\0';
	if (!log_path[0])
		return 0;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", log_path);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : log_path;
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	size_t blen = strlen(base);
	DIR *d = opendir(dir[0] ? dir : "/");
	if (!d)
		return -1;
	int removed = 0;
	size_t used = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		/* FILE.something, never FILE itself nor another file of the folder. */
		if (strncmp(e->d_name, base, blen) != 0 || e->d_name[blen] != '.' ||
		    !e->d_name[blen + 1])
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || (int64_t)st.st_mtime >= before)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) != 0)
			continue;
		removed++;
		size_t n = strlen(e->d_name);
		if (size && used + n + 2 <= size) {
			if (used)
				names[used++] = '\n';
			memcpy(names + used, e->d_name, n + 1);
			used += n;
		}
	}
	closedir(d);
	return removed;
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
