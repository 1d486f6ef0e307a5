/* The effective settings of one window: a pure function of the configuration and of the
 * window's facts and cached properties (struct cond_window). Without `rules`, picom's
 * legacy options decide, with the results the compositor had before (see
 * config_window_settings in config.h); with `rules`, the matching rules fold over the
 * global defaults, later rules winning. Every setting records which option decided it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config/config-private.h"

#define OPAQUE 4294967295.0

static struct config_origin option(const char *name)
{
	return (struct config_origin){.option = name, .index = -1};
}

static struct config_origin none(void)
{
	return (struct config_origin){.index = -1};
}

static struct config_origin list_entry(
        const char *name, const struct config_rules *r, const struct config_rule *m)
{
	return (struct config_origin){
	        .option = name, .index = m - r->items, .file = m->file, .line = m->line};
}

/* "wintypes" for window type `t`, built-in when the file did not set it. */
static struct config_origin wintype(enum wintype t, bool set)
{
	return (struct config_origin){.option = "wintypes", .index = t, .builtin = !set};
}

/* Item 0 of a number property. */
static bool prop_number(const struct cond_window *w, const char *name, bool client, int64_t *out)
{
	struct cond_prop v = {0};

	if (!w->prop || !w->prop(w->prop_data, name, client, &v))
		return false;
	if (v.type == COND_PROP_STRING || v.n < 1 || !v.num)
		return false;
	*out = v.num[0];
	return true;
}

/* _NET_WM_WINDOW_OPACITY, on the client too with detect-client-opacity. */
static bool opacity_prop(const struct config *c, const struct cond_window *w, uint32_t *out)
{
	int64_t v;

	if (!prop_number(w, "_NET_WM_WINDOW_OPACITY", false, &v) &&
	        !(c->detect_client_opacity && prop_number(w, "_NET_WM_WINDOW_OPACITY", true, &v)))
		return false;
	if (v < 0 || v > 0xffffffffll)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void use_prop_opacity(struct config_window_settings *s, uint32_t prop)
{
	s->opacity_from_prop = true;
	s->opacity_prop = prop;
	s->v.opacity = (double)prop / OPAQUE;
	s->why[CONFIG_WS_OPACITY] = option("_NET_WM_WINDOW_OPACITY");
}

static bool bypasses(const struct cond_window *w)
{
	int64_t v;

	return prop_number(w, "_NET_WM_BYPASS_COMPOSITOR", true, &v) && v == 1;
}

/* ---- legacy options ---- */

/* Counted as active: picom's win_is_focused. */
static void legacy_focused(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	const struct config_rule *m;

	s->focused = true;
	if (w->focused)
		s->focused_why = option("focus");
	else if (w->group_focused)
		s->focused_why = option("group_focused");
	else if (wt->focus)
		s->focused_why = wintype(w->window_type, c->wintypes[w->window_type].focus_set);
	else if (c->mark_ovredir_focused && w->override_redirect)
		s->focused_why = option("mark-ovredir-focused");
	else if (c->mark_wmwin_focused && w->wmwin)
		s->focused_why = option("mark-wmwin-focused");
	else if ((m = config_rules_match(&c->focus_exclude, w)))
		s->focused_why = list_entry("focus-exclude", &c->focus_exclude, m);
	else
		s->focused = false;
}

/* `on` unless the type or a list says no; `why` says which. */
static bool legacy_switch(const struct config *c, const struct cond_window *w, bool on,
        const char *name, bool type_on, bool type_set, const struct config_rules *exclude,
        const char *exclude_name, struct config_origin *why)
{
	const struct config_rule *m;

	*why = option(name);
	if (!on)
		return false;
	if (!type_on) {
		*why = wintype(w->window_type, type_set);
		return false;
	}
	if ((m = config_rules_match(exclude, w))) {
		*why = list_entry(exclude_name, exclude, m);
		return false;
	}
	return true;
}

static void legacy_shadow(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	struct config_origin *why = &s->why[CONFIG_WS_SHADOW];
	int64_t prop;

	s->v.shadow = legacy_switch(c, w, c->shadow, "shadow", wt->shadow,
	        c->wintypes[w->window_type].shadow_set, &c->shadow_exclude, "shadow-exclude", why);
	if (s->v.shadow && prop_number(w, "_COMPTON_SHADOW", false, &prop) && prop == 0) {
		s->v.shadow = false;
		*why = option("_COMPTON_SHADOW");
	}
	s->v.shadow_color = c->shadow_color;
	s->why[CONFIG_WS_SHADOW_COLOR] = option("shadow-color");
	s->v.full_shadow = wt->full_shadow_set && wt->full_shadow;
	s->why[CONFIG_WS_FULL_SHADOW] =
	        wt->full_shadow_set ? wintype(w->window_type, true) : none();
}

static void legacy_clip_shadow_above(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	const struct config_rule *m;

	if (wt->clip_shadow_above_set && wt->clip_shadow_above) {
		s->v.clip_shadow_above = true;
		s->why[CONFIG_WS_CLIP_SHADOW_ABOVE] = wintype(w->window_type, true);
	} else if ((m = config_rules_match(&c->clip_shadow_above, w))) {
		s->v.clip_shadow_above = true;
		s->why[CONFIG_WS_CLIP_SHADOW_ABOVE] =
		        list_entry("clip-shadow-above", &c->clip_shadow_above, m);
	}
}

static void legacy_opacity(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	const struct config_rule *m;
	uint32_t prop;

	s->v.opacity_override = c->inactive_opacity_override;
	s->why[CONFIG_WS_OPACITY_OVERRIDE] = option("inactive-opacity-override");
	if (opacity_prop(c, w, &prop) && !(c->inactive_opacity_override && !s->focused)) {
		use_prop_opacity(s, prop);
	} else if ((m = config_rules_match(&c->opacity_rules, w))) {
		s->v.opacity = m->value;
		s->why[CONFIG_WS_OPACITY] = list_entry("opacity-rule", &c->opacity_rules, m);
	} else if (wt->opacity_set) {
		s->v.opacity = wt->opacity;
		s->why[CONFIG_WS_OPACITY] = wintype(w->window_type, true);
	} else {
		const char *name = s->focused ? "active-opacity" : "inactive-opacity";
		s->v.opacity = s->focused ? c->active_opacity : c->inactive_opacity;
		s->why[CONFIG_WS_OPACITY] = option(name);
	}
	s->v.dim = s->focused ? 0.0 : c->inactive_dim;
	s->why[CONFIG_WS_DIM] = s->focused ? s->focused_why : option("inactive-dim");
}

static void legacy_corners(
        const struct config *c, const struct cond_window *w, struct config_window_settings *s)
{
	struct config_origin *why = &s->why[CONFIG_WS_CORNER_RADIUS];
	const struct config_rule *m;

	if ((m = config_rules_match(&c->rounded_corners_exclude, w))) {
		s->v.corner_radius = 0;
		*why = list_entry("rounded-corners-exclude", &c->rounded_corners_exclude, m);
	} else if ((m = config_rules_match(&c->corner_radius_rules, w))) {
		s->v.corner_radius = (int)m->value;
		*why = list_entry("corner-radius-rules", &c->corner_radius_rules, m);
	} else {
		s->v.corner_radius = c->corner_radius;
		*why = option("corner-radius");
	}
}

static void legacy_lists(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	const struct config_rule *m;
	bool blur_type = !wt->blur_background_set || wt->blur_background;

	s->v.blur_background = legacy_switch(c, w, c->blur.method != CONFIG_BLUR_NONE,
	        "blur-method", blur_type, wt->blur_background_set, &c->blur_background_exclude,
	        "blur-background-exclude", &s->why[CONFIG_WS_BLUR_BACKGROUND]);
	if ((m = config_rules_match(&c->invert_color_include, w))) {
		s->v.invert_color = true;
		s->why[CONFIG_WS_INVERT_COLOR] =
		        list_entry("invert-color-include", &c->invert_color_include, m);
	}
	s->v.transparent_clipping = legacy_switch(c, w, c->transparent_clipping,
	        "transparent-clipping", true, false, &c->transparent_clipping_exclude,
	        "transparent-clipping-exclude", &s->why[CONFIG_WS_TRANSPARENT_CLIPPING]);
}

/* picom: excluded windows never unredirect (redir-ignore: passive); a window asking to
 * bypass the compositor forces it; redir-ignore alone keeps the screen unredirected. */
static void legacy_unredir(const struct config *c, const struct cond_window *w,
        const struct config_wintype *wt, struct config_window_settings *s)
{
	struct config_origin *why = &s->why[CONFIG_WS_UNREDIR];
	bool ignore = wt->redir_ignore_set && wt->redir_ignore;
	const struct config_rule *m;

	if ((m = config_rules_match(&c->unredir_exclude, w))) {
		s->v.unredir = ignore ? CONFIG_UNREDIR_PASSIVE : CONFIG_UNREDIR_NO;
		*why = list_entry("unredir-if-possible-exclude", &c->unredir_exclude, m);
	} else if (bypasses(w)) {
		s->v.unredir = CONFIG_UNREDIR_FORCED;
		*why = option("_NET_WM_BYPASS_COMPOSITOR");
	} else if (ignore) {
		s->v.unredir = CONFIG_UNREDIR_PREFERRED;
		*why = wintype(w->window_type, true);
	} else {
		s->v.unredir = CONFIG_UNREDIR_YES;
	}
}

static void legacy(
        const struct config *c, const struct cond_window *w, struct config_window_settings *s)
{
	enum wintype t =
	        (unsigned)w->window_type < WINTYPE_COUNT ? w->window_type : WINTYPE_UNKNOWN;
	struct cond_window typed = *w;
	struct config_wintype wt = config_wintype_effective(c, t);

	typed.window_type = t; /* a valid index into c->wintypes from here on */
	legacy_focused(c, &typed, &wt, s);
	legacy_shadow(c, &typed, &wt, s);
	legacy_clip_shadow_above(c, &typed, &wt, s);
	s->v.fade = legacy_switch(c, &typed, c->fading, "fading", wt.fade, c->wintypes[t].fade_set,
	        &c->fade_exclude, "fade-exclude", &s->why[CONFIG_WS_FADE]);
	legacy_opacity(c, &typed, &wt, s);
	legacy_corners(c, &typed, s);
	legacy_lists(c, &typed, &wt, s);
	legacy_unredir(c, &typed, &wt, s);
}

/* ---- window rules ---- */

static void rule_defaults(const struct config *c, struct config_window_settings *s)
{
	config_window_defaults(c, &s->v);
	s->why[CONFIG_WS_SHADOW] = option("shadow");
	s->why[CONFIG_WS_SHADOW_COLOR] = option("shadow-color");
	s->why[CONFIG_WS_FADE] = option("fading");
	s->why[CONFIG_WS_CORNER_RADIUS] = option("corner-radius");
	s->why[CONFIG_WS_BLUR_BACKGROUND] = option("blur-method");
	s->why[CONFIG_WS_TRANSPARENT_CLIPPING] = option("transparent-clipping");
}

static void apply_rule(const struct config *c, size_t i, struct config_window_settings *s)
{
	const struct config_window_rule *r = &c->rules.items[i];

	if (s->nmatched < CONFIG_MATCHED_MAX)
		s->matched[s->nmatched] = (uint32_t)i;
	s->nmatched++;
	for (int t = 0; t < ANIM_TRIGGER_COUNT; t++) {
		const struct anim_script *sc = anim_set_script(r->animations, (enum anim_trigger)t);
		if (!sc)
			continue;
		s->animations[t] = sc;
		s->animations_why[t] = (struct config_origin){.option = "rules",
		        .index = (long)i,
		        .file = r->file,
		        .line = anim_script_line(sc)};
	}
	for (int k = 0; k < CONFIG_WS_COUNT; k++) {
		if (!(r->set & (1u << k)))
			continue;
		config_ws_copy(&s->v, &r->v, (enum config_ws)k);
		s->why[k] = (struct config_origin){
		        .option = "rules", .index = (long)i, .file = r->file, .line = r->line};
	}
}

static void with_rules(
        const struct config *c, const struct cond_window *w, struct config_window_settings *s)
{
	uint32_t prop;
	bool has_prop = opacity_prop(c, w, &prop);

	rule_defaults(c, s);
	s->focused = w->focused;
	s->focused_why = w->focused ? option("focus") : none();
	for (size_t i = 0; i < c->rules.n; i++)
		if (!c->rules.items[i].cond || cond_match(c->rules.items[i].cond, w))
			apply_rule(c, i, s);
	/* picom: a rule's opacity wins over the property (unless opacity-override =
	 * false), which wins over the default */
	bool rule_opacity = s->why[CONFIG_WS_OPACITY].option != NULL;
	if (has_prop && (!rule_opacity || !s->v.opacity_override))
		use_prop_opacity(s, prop);
	if (!s->why[CONFIG_WS_UNREDIR].option && bypasses(w)) {
		s->v.unredir = CONFIG_UNREDIR_FORCED;
		s->why[CONFIG_WS_UNREDIR] = option("_NET_WM_BYPASS_COMPOSITOR");
	}
}

void config_window_settings(
        const struct config *c, const struct cond_window *w, struct config_window_settings *out)
{
	*out = (struct config_window_settings){.frame_opacity = c->frame_opacity,
	        .dim_fixed = c->inactive_dim_fixed,
	        .focused_why = none()};
	for (int k = 0; k < CONFIG_WS_COUNT; k++)
		out->why[k] = none();
	out->v.paint = true;
	out->v.blur_opacity = 1.0;
	out->v.opacity = 1.0;
	for (int t = 0; t < ANIM_TRIGGER_COUNT; t++) {
		out->animations[t] = anim_set_script(c->animations, (enum anim_trigger)t);
		out->animations_why[t] =
		        out->animations[t] ? (struct config_origin){.option = "animations",
		                                     .index = -1,
		                                     .file = c->animations_file,
		                                     .line = anim_script_line(out->animations[t])}
		                           : none();
	}
	if (c->rules.n)
		with_rules(c, w, out);
	else
		legacy(c, w, out);
}

/* ---- as text ---- */

struct text {
	char *buf;
	size_t len, need;
};

static void __attribute__((format(printf, 2, 3))) add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->need < t->len ? t->buf + t->need : NULL,
	        t->need < t->len ? t->len - t->need : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->need += (size_t)n;
}

static void add_origin(struct text *t, const char *key, const struct config_origin *o)
{
	if (!o->option) {
		add(t, "%s.by=default\n", key);
		return;
	}
	add(t, "%s.by=%s", key, o->option);
	if (strcmp(o->option, "wintypes") == 0)
		add(t, ".%s", wintype_name((enum wintype)o->index));
	else if (o->index >= 0)
		add(t, "[%ld]", o->index);
	if (o->builtin)
		add(t, " (default)");
	if (o->file)
		add(t, " %s:%d", o->file, o->line);
	add(t, "\n");
}

size_t config_settings_text(
        const struct config *c, const struct config_window_settings *s, char *buf, size_t len)
{
	struct text t = {.buf = buf, .len = len};

	if (len)
		buf[0] = '\0';
	if (c->rules.n) {
		add(&t, "rules.matched=");
		for (size_t i = 0; i < s->nmatched && i < CONFIG_MATCHED_MAX; i++)
			add(&t, "%s%u", i ? "," : "", s->matched[i]);
		add(&t, s->nmatched > CONFIG_MATCHED_MAX ? ",...\n" : "\n");
	}
	add(&t, "focused=%s\n", s->focused ? "true" : "false");
	add_origin(&t, "focused", &s->focused_why);
	for (int k = 0; k < CONFIG_WS_COUNT; k++) {
		char value[32];
		config_ws_format(&s->v, (enum config_ws)k, value, sizeof value);
		add(&t, "%s=%s\n", config_ws_name((enum config_ws)k), value);
		add_origin(&t, config_ws_name((enum config_ws)k), &s->why[k]);
	}
	add(&t, "dim-fixed=%s\nframe-opacity=%.6g\n", s->dim_fixed ? "true" : "false",
	        s->frame_opacity);
	for (int i = 0; i < ANIM_TRIGGER_COUNT; i++) {
		const char *name = anim_trigger_name((enum anim_trigger)i);
		char key[48];
		if (!s->animations[i])
			continue;
		add(&t, "animations.%s=line %d\n", name, anim_script_line(s->animations[i]));
		snprintf(key, sizeof key, "animations.%s", name);
		add_origin(&t, key, &s->animations_why[i]);
	}
	return t.need;
}
