/* The options of a settled wait as the request's text, and why the screen did not settle:
 * after `wait --settled` timed out, one CTL_STATUS request with the same options (and a short
 * deadline of its own) and its key=value lines told in plain words, naming each window that
 * has not painted, still animates or keeps drawing by id, class and name, with the option
 * that would leave a busy one out. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"

#define STATUS_GRACE_S 2.0
#define ID_TEXT_MAX 16 /* "0x" and 8 hex digits */

struct text {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->failed = true;
	else
		t->len += (size_t)n;
}

static const char *ignore_key(enum ctl_ignore_by by)
{
	return by == CTL_IGNORE_WINDOW  ? "ignore-window"
	       : by == CTL_IGNORE_CLASS ? "ignore-class"
	                                : "ignore-name";
}

char *ctl_settle_text(const struct ctl_settle *s)
{
	/* CTL_ARGS_MAX bytes and the NUL */
	struct text t = {malloc(CTL_ARGS_MAX + 1), 0, CTL_ARGS_MAX + 1, false};

	if (!t.buf) {
		ctl_error("out of memory");
		return NULL;
	}
	t.buf[0] = '\0';
	if (s->has_quiet)
		add(&t, "quiet-period=%" PRIu32 "\n", s->quiet_ms);
	if (s->has_first_quiet)
		add(&t, "first-quiet-period=%" PRIu32 "\n", s->first_quiet_ms);
	if (s->scope)
		add(&t, "window=0x%" PRIx32 "\n", s->scope);
	for (size_t i = 0; i < s->nignore; i++) {
		const struct ctl_ignore *g = &s->ignore[i];

		if (g->by == CTL_IGNORE_WINDOW)
			add(&t, "%s=0x%" PRIx32 "\n", ignore_key(g->by), g->id);
		else
			add(&t, "%s=%s\n", ignore_key(g->by), g->value);
	}
	if (t.failed) {
		free(t.buf);
		ctl_error("the options of the settled wait are longer than the %u bytes shmcomp "
		          "takes",
		        CTL_ARGS_MAX);
		return NULL;
	}
	return t.buf;
}

/* The last " KEY=" in s: cuts s there and returns the value after it; NULL when absent. */
static char *cut_last(char *s, const char *key)
{
	char *found = NULL;

	for (char *p = strstr(s, key); p; p = strstr(p + 1, key))
		found = p;
	if (!found)
		return NULL;
	*found = '\0';
	return found + strlen(key);
}

/* One window of a status line: "0xID class=C name=N" and what follows the name. Class and
 * name may hold blanks: the name runs to the end of the line, less the trailing fields. */
struct said {
	xcb_window_t id;
	char *class_name, *name;
	char *fade;           /* animating: " fade=A->B" */
	char *animation;      /* animating: " animation=TRIGGER line N" (a script) */
	char *fps, *quiet_ms; /* busy */
};

/* Splits v in place; false when malformed. */
static bool split_window(char *v, bool busy, struct said *w)
{
	char *end, *c = strstr(v, " class="), *n = c ? strstr(c, " name=") : NULL;
	unsigned long x = strtoul(v, &end, 16);

	if (!c || !n || end != c || x > UINT32_MAX)
		return false;
	*w = (struct said){.id = (xcb_window_t)x};
	*c = *n = '\0';
	w->class_name = c + strlen(" class=");
	w->name = n + strlen(" name=");
	if (!busy) {
		w->fade = cut_last(w->name, " fade=");
		w->animation = w->fade ? NULL : cut_last(w->name, " animation=");
		return true;
	}
	w->quiet_ms = cut_last(w->name, " quiet_ms=");
	w->fps = w->quiet_ms ? cut_last(w->name, " fps=") : NULL;
	return w->fps != NULL;
}

/* Whether s goes through a POSIX shell unquoted as one word. */
static bool shell_plain(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	                       "._-+/:@%,=") == strlen(s);
}

/* ` --OPTION VALUE`, VALUE quoted for a shell when it needs it. */
static void say_option(const char *option, const char *value)
{
	fprintf(stderr, "%s ", option);
	if (shell_plain(value)) {
		fputs(value, stderr);
		return;
	}
	fputc('\'', stderr);
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", stderr);
		else
			fputc(*p, stderr);
	}
	fputc('\'', stderr);
}

/* The quiet periods the status was answered with: its quiet_period= and first_quiet_period=
 * lines, else the options sent, else the defaults. */
struct periods {
	unsigned long quiet, first;
};

static struct periods periods_of(const char *text, const struct ctl_settle *s)
{
	const char *q = ctl_text_value(text, "quiet_period");
	const char *f = ctl_text_value(text, "first_quiet_period");
	struct periods p = {s->has_quiet ? s->quiet_ms : CTL_QUIET_DEFAULT_MS,
	        s->has_first_quiet ? s->first_quiet_ms : CTL_FIRST_QUIET_DEFAULT_MS};

	if (q)
		p.quiet = strtoul(q, NULL, 10);
	if (f)
		p.first = strtoul(f, NULL, 10);
	return p;
}

/* A window that drew within the quiet period: how often, and how to leave it out. */
static void say_busy(
        const struct said *w, const char *who, const struct ctl_settle *s, const struct periods *p)
{
	char id[ID_TEXT_MAX];
	unsigned long quiet = strtoul(w->quiet_ms, NULL, 10);

	fprintf(stderr, "  %s keeps drawing: %s frame%s a second, the last %s ms ago ", who, w->fps,
	        strcmp(w->fps, "1") == 0 ? "" : "s", w->quiet_ms);
	/* quiet as long as the quiet period: the window is held to the first one */
	if (quiet >= p->quiet && p->first > p->quiet)
		fprintf(stderr,
		        "(it has drawn one burst only since it was mapped: the first quiet period, "
		        "%lu ms, holds for it)",
		        p->first);
	else
		fprintf(stderr, "(the quiet period is %lu ms)", p->quiet);
	snprintf(id, sizeof id, "0x%" PRIx32, w->id);
	if (s->scope && s->scope == w->id) {
		fputs(";\n    it is the window waited for: if it repaints the same pixels, "
		      "screenshot --stable takes it once two captures in a row agree; an animation "
		      "(a spinner) must be stopped in the application\n",
		        stderr);
		return;
	}
	fputs(";\n    leave it out with ", stderr);
	if (*w->class_name)
		say_option("--ignore-class", w->class_name);
	else if (*w->name)
		say_option("--ignore-name", w->name);
	else
		say_option("--ignore-window", id);
	if (*w->class_name || *w->name) {
		fputs(" (or ", stderr);
		say_option("--ignore-window", id);
		fputs(", in this run)", stderr);
	}
	fputc('\n', stderr);
}

static void say_window(
        const char *key, char *v, const struct ctl_settle *s, const struct periods *p)
{
	char who[3 * CTL_TEXT_MAX];
	struct said w;
	char *fade;

	if (!split_window(v, strcmp(key, "busy") == 0, &w)) {
		fprintf(stderr, "  %s=%s\n", key, v);
		return;
	}
	ctl_describe(w.id, w.class_name, w.name, who, sizeof who);
	fade = w.fade;
	if (strcmp(key, "busy") == 0)
		say_busy(&w, who, s, p);
	else if (strcmp(key, "unpainted") == 0)
		fprintf(stderr,
		        "  %s is mapped but has not drawn anything since it was mapped or "
		        "resized\n",
		        who);
	else if (fade && strstr(fade, "->"))
		fprintf(stderr, "  %s is still animating (fading: opacity %.*s on its way to %s)\n",
		        who, (int)(strstr(fade, "->") - fade), fade, strstr(fade, "->") + 2);
	else if (fade)
		fprintf(stderr, "  %s is still animating (fade %s)\n", who, fade);
	else if (w.animation)
		fprintf(stderr, "  %s is still animating (its animation script: %s)\n", who,
		        w.animation);
	else
		fprintf(stderr, "  %s is still animating\n", who);
}

/* "0xID created_ms=A": a window created and not mapped yet. */
static void say_new(char *v, const struct periods *p)
{
	char *end, *age = strstr(v, " created_ms=");
	unsigned long id = strtoul(v, &end, 16);

	if (!age || end != age || id > UINT32_MAX) {
		fprintf(stderr, "  new=%s\n", v);
		return;
	}
	fprintf(stderr,
	        "  window 0x%lx was created %s ms ago and is not mapped yet (an application "
	        "setting up: it has the first quiet period, %lu ms, to map it)\n",
	        id, age + strlen(" created_ms="), p->first);
}

/* "0xID class=C name=N pid=P quiet_ms=Q" (or "... pid=P looking"): a window that has drawn
 * once while its client's child processes work. */
static void say_starting(char *v, const struct periods *p)
{
	char who[3 * CTL_TEXT_MAX], *end, *c = strstr(v, " class="),
	                                  *n = c ? strstr(c, " name=") : NULL;
	unsigned long id = strtoul(v, &end, 16);
	char *quiet, *pid;
	bool looking;

	if (!c || !n || end != c || id > UINT32_MAX) {
		fprintf(stderr, "  starting=%s\n", v);
		return;
	}
	*c = *n = '\0';
	looking = cut_last(n + 1, " looking") != NULL;
	quiet = looking ? NULL : cut_last(n + 1, " quiet_ms=");
	pid = cut_last(n + 1, " pid=");
	ctl_describe(
	        (xcb_window_t)id, c + strlen(" class="), n + strlen(" name="), who, sizeof who);
	if (looking)
		fprintf(stderr,
		        "  %s has drawn once; shmcomp is looking whether the child processes "
		        "of its client (pid %s) are still at work\n",
		        who, pid ? pid : "?");
	else
		fprintf(stderr,
		        "  %s has drawn once while the child processes of its client (pid %s) "
		        "are at work (a shell starting?): they have been quiet for %s ms, "
		        "the first quiet period is %lu ms\n",
		        who, pid ? pid : "?", quiet ? quiet : "?", p->first);
}

/* "press ago_ms=A" or "motion ago_ms=A": the user (or XTEST) just acted. */
static void say_input(char *v, const struct periods *p)
{
	char *ago = strstr(v, " ago_ms=");
	bool press = strncmp(v, "press ", 6) == 0;

	if (!ago || (!press && strncmp(v, "motion ", 7) != 0)) {
		fprintf(stderr, "  input=%s\n", v);
		return;
	}
	fprintf(stderr,
	        "  %s %s ms ago: the application may not have answered yet (input holds the "
	        "screen for %lu ms)\n",
	        press ? "a key or button was pressed" : "the pointer moved",
	        ago + strlen(" ago_ms="), press ? p->first : p->quiet);
}

static void say_line(char *line, const struct ctl_settle *s, const struct periods *p)
{
	char *eq = strchr(line, '=');
	const char *key = line;
	char *v;

	if (!eq)
		return;
	*eq = '\0';
	v = eq + 1;
	if (strcmp(key, "settled") == 0 || strcmp(key, "frame") == 0 ||
	        strcmp(key, "quiet_period") == 0 || strcmp(key, "first_quiet_period") == 0)
		return; /* said in the first line, or with the windows */
	if (strcmp(key, "unpainted") == 0 || strcmp(key, "animating") == 0 ||
	        strcmp(key, "busy") == 0)
		say_window(key, v, s, p);
	else if (strcmp(key, "new") == 0)
		say_new(v, p);
	else if (strcmp(key, "input") == 0)
		say_input(v, p);
	else if (strcmp(key, "starting") == 0)
		say_starting(v, p);
	else if (strcmp(key, "pending") == 0 && strcmp(v, "damage") == 0)
		fputs("  drawing is pending that is not on screen yet\n", stderr);
	else if (strcmp(key, "pending") == 0)
		fprintf(stderr, "  pending: %s\n", v);
	else
		fprintf(stderr, "  %s=%s\n", key, v);
}

static void say_status(char *text, const struct ctl_settle *s)
{
	const char *settled = ctl_text_value(text, "settled"),
	           *frame = ctl_text_value(text, "frame");
	unsigned long long f = frame ? strtoull(frame, NULL, 10) : 0;
	char what[32] = "the screen", *save = NULL;
	struct periods p = periods_of(text, s);

	if (s->scope)
		snprintf(what, sizeof what, "window 0x%" PRIx32, s->scope);
	if (settled && settled[0] == '1')
		ctl_error("%s settled at frame %llu, just after the timeout", what, f);
	else
		ctl_error("%s is not settled (frame %llu is on screen):", what, f);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		say_line(line, s, &p);
}

void ctl_explain_unsettled(struct ctl_conn *cc, const struct ctl_settle *s)
{
	struct ctl_reply r;
	char *args, *text = NULL;

	ctl_extend_deadline(cc, STATUS_GRACE_S);
	args = ctl_settle_text(s);
	if (args)
		text = ctl_request_text(cc, "status", CTL_STATUS, 0, args, &r);
	free(args);
	if (!text) {
		ctl_error("could not ask shmcomp why the screen is not settled");
		return;
	}
	say_status(text, s);
	free(text);
}
