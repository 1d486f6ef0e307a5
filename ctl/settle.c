/* Why the screen did not settle: after `wait --settled` timed out, one CTL_STATUS request (with
 * a short deadline of its own) and its key=value lines told in plain words, naming each window
 * that has not painted or still animates by id, class and name. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"

#define STATUS_GRACE_S 2.0

/* "0xID class=C name=N[ fade=A->B]" into its parts (in place); false when malformed. Class and
 * name may hold blanks: the name runs to the end of the line, less a trailing " fade=...". */
static bool split_window(char *v, xcb_window_t *id, char **class_name, char **name, char **fade)
{
	char *end, *c = strstr(v, " class="), *n = c ? strstr(c, " name=") : NULL;
	unsigned long x = strtoul(v, &end, 16);

	if (!c || !n || end != c || x > UINT32_MAX)
		return false;
	*id = (xcb_window_t)x;
	*c = *n = '\0';
	*class_name = c + strlen(" class=");
	*name = n + strlen(" name=");
	*fade = strstr(*name, " fade=");
	if (*fade) {
		**fade = '\0';
		*fade += strlen(" fade=");
	}
	return true;
}

static void say_window(const char *key, char *v)
{
	char *class_name, *name, *fade, who[3 * CTL_TEXT_MAX];
	xcb_window_t id;

	if (!split_window(v, &id, &class_name, &name, &fade)) {
		fprintf(stderr, "  %s=%s\n", key, v);
		return;
	}
	ctl_describe(id, class_name, name, who, sizeof who);
	if (strcmp(key, "unpainted") == 0)
		fprintf(stderr, "  %s is mapped but has not drawn anything since it was mapped or "
				"resized\n",
			who);
	else if (fade && strstr(fade, "->"))
		fprintf(stderr, "  %s is still animating (fading: opacity %.*s on its way to %s)\n",
			who, (int)(strstr(fade, "->") - fade), fade, strstr(fade, "->") + 2);
	else if (fade)
		fprintf(stderr, "  %s is still animating (fade %s)\n", who, fade);
	else
		fprintf(stderr, "  %s is still animating\n", who);
}

static void say_line(char *line)
{
	char *eq = strchr(line, '=');
	const char *key = line;
	char *v;

	if (!eq)
		return;
	*eq = '\0';
	v = eq + 1;
	if (strcmp(key, "settled") == 0 || strcmp(key, "frame") == 0)
		return; /* said in the first line */
	if (strcmp(key, "unpainted") == 0 || strcmp(key, "animating") == 0)
		say_window(key, v);
	else if (strcmp(key, "pending") == 0 && strcmp(v, "damage") == 0)
		fputs("  drawing is pending that is not on screen yet\n", stderr);
	else if (strcmp(key, "pending") == 0)
		fprintf(stderr, "  pending: %s\n", v);
	else
		fprintf(stderr, "  %s=%s\n", key, v);
}

static void say_status(char *text)
{
	const char *settled = ctl_text_value(text, "settled"), *frame = ctl_text_value(text, "frame");
	unsigned long long f = frame ? strtoull(frame, NULL, 10) : 0;
	char *save = NULL;

	if (settled && settled[0] == '1')
		ctl_error("the screen settled at frame %llu, just after the timeout", f);
	else
		ctl_error("the screen is not settled (frame %llu is on screen):", f);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		say_line(line);
}

void ctl_explain_unsettled(struct ctl_conn *cc)
{
	struct ctl_reply r;
	char *text;

	ctl_extend_deadline(cc, STATUS_GRACE_S);
	text = ctl_request_text(cc, "status", CTL_STATUS, 0, &r);
	if (!text) {
		ctl_error("could not ask shmcomp why the screen is not settled");
		return;
	}
	say_status(text);
	free(text);
}
