/* Raw-socket helpers for tests/http (see raw_socket.h). */
#include "raw_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long
raw_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int
raw_connect(struct srv *s, const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (from) {
		struct sockaddr_in me = {.sin_family = AF_INET};
		if (inet_pton(AF_INET, from, &me.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&me, sizeof me) != 0) {
			close(fd);
			return -1;
		}
	}
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

bool
raw_send(int fd, const char *data, size_t len)
{
	if (!len)
		len = strlen(data);
	while (len) {
		ssize_t w = send(fd, data, len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		len -= (size_t)w;
	}
	return true;
}

const char *
raw_read_until_closed(int fd, int timeout_ms)
{
	static char buf[65536];
	size_t len = 0;
	long end = raw_now_ms() + timeout_ms;
	for (;;) {
		long left = end - raw_now_ms();
		struct pollfd p = {fd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof buf - 1)
			break;
	}
	buf[len] = '\0';
	return tstr("%s", buf);
}

bool
raw_closed(int fd, int timeout_ms)
{
	long end = raw_now_ms() + timeout_ms;
	for (;;) {
		long left = end - raw_now_ms();
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, left > 0 ? (int)left : 0) <= 0)
			return false;
		char buf[4096];
		ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return true;
	}
}

long
raw_server_rss_kb(struct srv *s)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)s->pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}
