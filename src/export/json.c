/* Helpers on jansson for the JSON API. */
#include "export/json.h"
#include "util/timeutil.h"

json_t *
jsonx_text(const char *s)
{
	if (!s || !*s)
		return json_null();
	json_t *v = json_string(s);
	return v ? v : json_null();
}

json_t *
jsonx_time(int64_t utc)
{
	if (!utc)
		return json_null();
	char when[40];
	time_format_rfc3339(when, sizeof when, utc);
	return json_string(when);
}

json_t *
jsonx_int_or_null(int64_t v)
{
	return v ? json_integer((json_int_t)v) : json_null();
}

void
jsonx_set(json_t *obj, const char *key, json_t *value)
{
	json_object_set_new(obj, key, value ? value : json_null());
}

static int
append(const char *data, size_t n, void *ctx)
{
	buf_append(ctx, data, n);
	return 0;
}

void
jsonx_dump(struct buf *out, const json_t *value)
{
	json_dump_callback(value, append, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_putc(out, '\n');
}

json_t *
jsonx_error(int status, const char *message)
{
	return json_pack("{s:{s:i,s:s}}", "error", "status", status, "message",
	                 message ? message : "");
}
