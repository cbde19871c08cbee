/* Deadlines for slow clients: one thread looks at every open connection a few times a
 * second and shuts down those whose head or body is overdue. */
#include "http/watch.h"
#include "util/log.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum phase { PHASE_HEAD, PHASE_BODY, PHASE_BUSY };

struct conn_watch {
	int fd;
	enum phase phase;
	int64_t since_ms; /* when the phase began */
	uint64_t body_bytes;
	bool ended; /* shut down by us: once is enough */
	struct conn_watch *prev, *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct conn_watch *head;
static pthread_t thread;
static bool running;
static int64_t head_ms;
static uint64_t body_rate;

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A head is overdue after head_ms; a body may take as long before it must keep the rate. */
static bool
overdue(const struct conn_watch *w, int64_t now)
{
	int64_t spent = now - w->since_ms;
	if (w->phase == PHASE_HEAD)
		return spent > head_ms;
	if (w->phase == PHASE_BODY && spent > head_ms)
		return w->body_bytes * 1000 < body_rate * (uint64_t)(spent - head_ms);
	return false;
}

static void *
watch_run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (running) {
		int64_t now = now_ms();
		unsigned ended = 0;
		for (struct conn_watch *w = head; w; w = w->next) {
			if (!w->ended && overdue(w, now)) {
				/* Not close(): libmicrohttpd owns the descriptor and closes it. */
				shutdown(w->fd, SHUT_RDWR);
				w->ended = true;
				ended++;
			}
		}
		if (ended)
			log_info("http: ended %u slow connection(s)", ended);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&wake, &lock, &until);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

void
watch_start(unsigned head_timeout_s, size_t min_body_rate)
{
	head_ms = (int64_t)(head_timeout_s ? head_timeout_s : 15) * 1000;
	body_rate = min_body_rate ? min_body_rate : 2048;
	running = true;
	pthread_create(&thread, NULL, watch_run, NULL);
}

void
watch_stop(void)
{
	pthread_mutex_lock(&lock);
	bool was = running;
	running = false;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	if (was)
		pthread_join(thread, NULL);
}

struct conn_watch *
watch_open(int fd)
{
	struct conn_watch *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->phase = PHASE_HEAD;
	w->since_ms = now_ms();
	pthread_mutex_lock(&lock);
	w->next = head;
	if (head)
		head->prev = w;
	head = w;
	pthread_mutex_unlock(&lock);
	return w;
}

void
watch_close(struct conn_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&lock);
	free(w);
}

static void
set_phase(struct conn_watch *w, enum phase phase)
{
	if (!w)
		return;
	pthread_mutex_lock(&lock);
	w->phase = phase;
	w->since_ms = now_ms();
	w->body_bytes = 0;
	pthread_mutex_unlock(&lock);
}

void
watch_head(struct conn_watch *w)
{
	set_phase(w, PHASE_HEAD);
}

void
watch_body(struct conn_watch *w)
{
	set_phase(w, PHASE_BODY);
}

void
watch_busy(struct conn_watch *w)
{
	set_phase(w, PHASE_BUSY);
}

void
watch_body_bytes(struct conn_watch *w, size_t n)
{
	if (!w)
		return;
	pthread_mutex_lock(&lock);
	w->body_bytes += n;
	pthread_mutex_unlock(&lock);
}
