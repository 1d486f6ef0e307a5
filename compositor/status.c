/* Settledness and window descriptions, as text for the control protocol. */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/comp.h"
#include "compositor/proctree.h"

struct text {
	char *buf;
	size_t len, cap;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = (size_t)n >= t->cap - t->len ? t->cap - 1 : t->len + (size_t)n;
}

void settle_opts_default(struct settle_opts *o)
{
	*o = (struct settle_opts){
	        .quiet_ms = CTL_QUIET_DEFAULT_MS, .first_quiet_ms = CTL_FIRST_QUIET_DEFAULT_MS};
}

void settle_opts_free(struct settle_opts *o)
{
	free(o->text);
	settle_opts_default(o);
}

static bool parse_id(const char *v, xcb_window_t *out)
{
	char *end;
	unsigned long id = strtoul(v, &end, 0);

	if (!*v || *end || id == 0 || id > 0x1fffffffu)
		return false;
	*out = (xcb_window_t)id;
	return true;
}

static bool add_pattern(const char **list, size_t *n, const char *v)
{
	if (*n >= CTL_IGNORE_MAX || !*v)
		return false;
	list[(*n)++] = v;
	return true;
}

/* One `key=value` line (its text is owned by o->text). */
static bool parse_line(struct settle_opts *o, char *line, char *err, size_t errlen)
{
	char *v = strchr(line, '='), *end;

	if (!v) {
		snprintf(err, errlen, "'%s' is not key=value", line);
		return false;
	}
	*v++ = '\0';
	if (strcmp(line, "quiet-period") == 0 || strcmp(line, "first-quiet-period") == 0) {
		unsigned long ms = strtoul(v, &end, 10);
		if (!*v || *end || ms > 60000) {
			snprintf(err, errlen, "%s=%s: want milliseconds, 0 to 60000", line, v);
			return false;
		}
		*(line[0] == 'q' ? &o->quiet_ms : &o->first_quiet_ms) = (uint32_t)ms;
		return true;
	}
	bool ok;
	if (strcmp(line, "window") == 0)
		ok = parse_id(v, &o->scope);
	else if (strcmp(line, "ignore-window") == 0)
		ok = o->nids < CTL_IGNORE_MAX && parse_id(v, &o->ignore_ids[o->nids++]);
	else if (strcmp(line, "ignore-class") == 0)
		ok = add_pattern(o->ignore_class, &o->nclass, v);
	else if (strcmp(line, "ignore-name") == 0)
		ok = add_pattern(o->ignore_name, &o->nname, v);
	else {
		snprintf(err, errlen, "unknown option '%s'", line);
		return false;
	}
	if (!ok)
		snprintf(err, errlen, "%s=%s: not a window id, or more than %u ignore- lines", line,
		        v, CTL_IGNORE_MAX);
	return ok;
}

bool settle_opts_parse(const char *text, struct settle_opts *o, char *err, size_t errlen)
{
	char *line, *next;

	settle_opts_default(o);
	if (!(o->text = strdup(text))) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (line = o->text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line && !parse_line(o, line, err, errlen)) {
			settle_opts_free(o);
			return false;
		}
	}
	return true;
}

/* The exact text first, else the pattern as a glob. */
static bool matches(const char *pattern, const char *s)
{
	return strcmp(pattern, s) == 0 || fnmatch(pattern, s, 0) == 0;
}

static bool is(const struct win *w, xcb_window_t id)
{
	return w->node->id == id || (w->client_known && w->client.id == id);
}

/* Whether `w` counts for the settledness asked about. */
static bool counts(const struct win *w, const struct settle_opts *o)
{
	if (!w || w->ignored || !w->node->mapped || (o->scope && !is(w, o->scope)))
		return false;
	for (size_t i = 0; i < o->nids; i++)
		if (is(w, o->ignore_ids[i]))
			return false;
	for (size_t i = 0; i < o->nclass; i++)
		if (matches(o->ignore_class[i], w->client.class_i) ||
		        matches(o->ignore_class[i], w->client.class_g))
			return false;
	for (size_t i = 0; i < o->nname; i++)
		if (matches(o->ignore_name[i], w->client.name))
			return false;
	return true;
}

static bool chooses(const struct settle_opts *o)
{
	return o->scope || o->nids || o->nclass || o->nname;
}

/* A window that has drawn once, whose client (_NET_WM_PID, a process of this
 * machine) has child processes that used CPU or were runnable within the first
 * quiet period: a terminal's shell still starting, a browser's renderers still
 * at work. The window's next drawing (a second burst) or COMP_STARTING_MAX_MS
 * after the map ends the rule. A first look holds the window until a second one
 * can tell whether they work. */
static bool children_quiet(
        struct win *w, const struct settle_opts *o, uint64_t now, struct text *t, uint32_t *retry)
{
	struct proctree_usage u;
	uint32_t wait;

	if (!w->painted || w->map_bursts > 1 || !w->client_known || !w->client.pid ||
	        w->start.gone || now - w->bound_ms >= COMP_STARTING_MAX_MS)
		return true;
	if (!w->start.at_ms || now - w->start.at_ms >= COMP_STARTING_LOOK_MS) {
		if (!proctree_usage((pid_t)w->client.pid, &u)) {
			w->start.gone = true;
			return true;
		}
		if ((w->start.at_ms && u.ticks > w->start.ticks) || u.running)
			w->start.busy_ms = now;
		bool first = !w->start.at_ms;
		w->start.at_ms = now;
		w->start.ticks = u.ticks;
		if (first && !w->start.busy_ms) { /* no answer yet */
			add(t, "starting=0x%x class=%s name=%s pid=%u looking\n", w->node->id,
			        w->client.class_g, w->client.name, w->client.pid);
			if (!*retry || COMP_STARTING_LOOK_MS < *retry)
				*retry = COMP_STARTING_LOOK_MS;
			return false;
		}
	}
	if (!w->start.busy_ms || now - w->start.busy_ms >= o->first_quiet_ms)
		return true;
	wait = o->first_quiet_ms - (uint32_t)(now - w->start.busy_ms);
	if (wait > COMP_STARTING_LOOK_MS)
		wait = COMP_STARTING_LOOK_MS;
	add(t, "starting=0x%x class=%s name=%s pid=%u quiet_ms=%u\n", w->node->id,
	        w->client.class_g, w->client.name, w->client.pid,
	        (uint32_t)(now - w->start.busy_ms));
	if (!*retry || wait < *retry)
		*retry = wait;
	return false;
}

/* One window's part; false when it keeps the screen from settling. */
static bool window_settled(struct comp *c, struct win *w, const struct settle_opts *o, uint64_t now,
        struct text *t, uint32_t *retry)
{
	const struct present *p = &c->present;
	xcb_window_t id = w->node->id;
	bool settled = true;

	if (!w->painted && w->met_mapped_ms && now - w->met_mapped_ms >= COMP_MET_MAPPED_GRACE_MS)
		w->painted = true;
	if (!w->painted) {
		add(t, "unpainted=0x%x class=%s name=%s\n", id, w->client.class_g, w->client.name);
		settled = false;
	}
	if (!list_empty(&w->fx.anim_link)) {
		char what[96];
		if (t->len < t->cap) { /* a wait asks for the answer only: no text */
			effects_anim_text(w, what, sizeof what);
			add(t, "animating=0x%x class=%s name=%s %s\n", id, w->client.class_g,
			        w->client.name, what);
		}
		settled = false;
	}
	uint32_t need = w->map_bursts <= 1 && o->first_quiet_ms > o->quiet_ms ? o->first_quiet_ms
	                                                                      : o->quiet_ms;
	if (w->painted && w->last_draw_ms && now - w->last_draw_ms < need) {
		uint32_t quiet = (uint32_t)(now - w->last_draw_ms);
		add(t, "busy=0x%x class=%s name=%s fps=%u quiet_ms=%u\n", id, w->client.class_g,
		        w->client.name, win_fps(w, now), quiet);
		if (!*retry || need - quiet < *retry)
			*retry = need - quiet;
		settled = false;
	}
	if (!children_quiet(w, o, now, t, retry))
		settled = false;
	/* its last change presented and on screen (or nothing left to present) */
	if (w->frame_due > p->completed &&
	        (w->damaged || damage_pending(&c->damage) || w->frame_due <= p->presented)) {
		add(t, "pending=frame with 0x%x not yet on screen\n", id);
		settled = false;
	}
	return settled;
}

/* A window just created and not mapped yet: an application setting up its
 * window maps it soon (within the first quiet period). */
static bool not_mapped_yet(const struct win *w, const struct settle_opts *o, uint64_t now,
        struct text *t, uint32_t *retry)
{
	if (!w || w->ignored || w->attrs_pending || w->node->mapped || w->node->override_redirect ||
	        !w->created_ms || now - w->created_ms >= o->first_quiet_ms)
		return true;
	uint32_t age = (uint32_t)(now - w->created_ms);
	add(t, "new=0x%x created_ms=%u\n", w->node->id, age);
	if (!*retry || o->first_quiet_ms - age < *retry)
		*retry = o->first_quiet_ms - age;
	return false;
}

/* A key or button was just pressed (or released), the pointer just moved: the
 * application it went to may not have answered yet. A press holds for the first
 * quiet period (an app may take a while to open a page or a menu), motion for
 * the quiet period (hover effects are quick). */
static bool input_quiet(const struct input *in, const struct settle_opts *o, uint64_t now,
        struct text *t, uint32_t *retry)
{
	const struct {
		uint64_t at;
		uint32_t need;
		const char *what;
	} kinds[] = {
	        {in->press_ms, o->first_quiet_ms, "press"}, {in->motion_ms, o->quiet_ms, "motion"}};
	bool quiet = true;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (!kinds[i].at || now - kinds[i].at >= kinds[i].need)
			continue;
		uint32_t ago = (uint32_t)(now - kinds[i].at);
		add(t, "input=%s ago_ms=%u\n", kinds[i].what, ago);
		if (!*retry || kinds[i].need - ago < *retry)
			*retry = kinds[i].need - ago;
		quiet = false;
	}
	return quiet;
}

bool status_settled(
        struct comp *c, const struct settle_opts *o, char *buf, size_t len, uint32_t *retry_ms)
{
	struct settle_opts defaults;
	struct text t = {buf, 0, len};
	struct wintrack_entry *node;
	uint64_t now = clock_real_ms();
	uint32_t retry = 0;
	bool settled = true;

	if (!o) {
		settle_opts_default(&defaults);
		o = &defaults;
	}
	if (len)
		buf[0] = '\0';
	wintrack_for_each_bottom_up(node, c->windows.wt)
	{
		struct win *w = node->user;
		if (counts(w, o))
			settled &= window_settled(c, w, o, now, &t, &retry);
		else if (!chooses(o))
			settled &= not_mapped_yet(w, o, now, &t, &retry);
	}
	/* Damage no window owns (an unmapped window, the background): only when
	 * every window counts. */
	if (!chooses(o) && (damage_pending(&c->damage) || windows_damaged(&c->windows))) {
		add(&t, "pending=damage\n");
		settled = false;
	}
	settled &= input_quiet(&c->input, o, now, &t, &retry);
	if (background_probing(&c->bg)) {
		add(&t, "pending=background\n");
		settled = false;
	}
	if (!chooses(o) && c->present.completed < c->present.presented) {
		add(&t, "pending=frame %llu not yet on screen\n",
		        (unsigned long long)c->present.presented);
		settled = false;
	}
	if (retry_ms)
		*retry_ms = retry;
	return settled;
}

/* What the configuration says for the window (picom-inspect's report): the rules that
 * matched and each setting with the option that decided it, as "config." lines so
 * that no key repeats one above. */
static void add_settings(struct comp *c, const struct win *w, struct text *t)
{
	struct config_window_settings s;
	size_t need;
	char *text;

	effects_settings(&c->effects, w, &s);
	need = config_settings_text(&c->config, &s, NULL, 0);
	if (!(text = malloc(need + 1)))
		return;
	config_settings_text(&c->config, &s, text, need + 1);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		add(t, "config.%s\n", line);
	}
	free(text);
}

bool status_window_text(struct comp *c, xcb_window_t id, char *buf, size_t len)
{
	struct text t = {buf, 0, len};
	struct win *w = windows_find(&c->windows, id);
	const struct render_effects *fx = &c->effects.fx;

	if (!w) /* a client window inside a frame */
		w = windows_by_client(&c->windows, id);
	if (!w || w->ignored) {
		snprintf(buf, len, "window 0x%x is not a window shmcomp composites", id);
		return false;
	}
	struct wintrack_entry *node = w->node;
	struct wintrack_rect r = wintrack_outer_rect(node);
	struct render_window rw = {
	        .image = w->mirror ? shm_buffer_image(w->mirror) : NULL, .argb = node->depth == 32};
	effects_look(&c->effects, w, &rw);
	add(&t, "window=0x%x\nclient=0x%x\nx=%d\ny=%d\nwidth=%u\nheight=%u\nborder=%u\n", node->id,
	        w->client_known ? w->client.id : node->id, r.x, r.y, r.width, r.height,
	        node->geom.border_width);
	add(&t, "depth=%u\nmapped=%d\nopacity=%.6f\nshadow=%d\ncorner=%u\ndim=%.6f\n", node->depth,
	        node->mapped, (double)rw.opacity / 4294967295.0, rw.shadow && fx->shadow,
	        rw.corner_radius, rw.dim);
	add(&t,
	        "shadow_radius=%u\nshadow_opacity=%.6f\nshadow_dx=%d\nshadow_dy=%d\n"
	        "shadow_color=0x%06x\n",
	        fx->shadow_radius, fx->shadow_opacity, fx->shadow_dx, fx->shadow_dy,
	        fx->shadow_color & 0xffffff);
	add(&t, "blur=%d\npainted=%d\nanimating=%d\nfocused=%d\n", render_window_blurred(fx, &rw),
	        w->fx.paint, !list_empty(&w->fx.anim_link), w->fx.focused);
	add_settings(c, w, &t);
	return true;
}
