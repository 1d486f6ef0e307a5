/* Effects per window, from the configuration's rules: shadow, fading,
 * corners, dim and the opacity to reach (property, opacity-rule, wintypes,
 * active/inactive); the fade animations that move the shown opacity toward
 * it on the compositor's clock; and which toplevel has the focus. */
#include <stdlib.h>
#include <string.h>

#include "compositor/effects.h"
#include "compositor/props.h"

static bool animations(const struct effects *e)
{
	return !e->no_animations && !e->config->no_animations;
}

static struct cond_window cond_of(const struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);

	return (struct cond_window){
		.name = w->client.name,
		.class_g = w->client.class_g,
		.class_i = w->client.class_i,
		.role = w->client.role,
		.window_type = w->client.type,
		.override_redirect = w->node->override_redirect,
		.argb = w->node->depth == 32,
		.focused = w->fx.focused,
		.bounding_shaped = w->shape_known,
		.fullscreen = w->client.fullscreen,
		.width = r.width,
		.height = r.height,
	};
}

static bool is_focused(const struct effects *e, const struct win *w)
{
	const struct config *cf = e->config;

	if (w->node->id == e->focus)
		return true;
	if (w->client_known && config_wintype_effective(cf, w->client.type).focus)
		return true;
	if (cf->mark_ovredir_focused && w->node->override_redirect)
		return true;
	return cf->mark_wmwin_focused && w->client_known && !w->client.has_wm_state &&
		!w->node->override_redirect;
}

static double target_opacity(const struct effects *e, const struct win *w,
	const struct config_wintype *wt, const struct cond_window *cwin)
{
	const struct config *cf = e->config;
	const double prop = (double)w->opacity / 4294967295.0;

	if (e->off)
		return w->has_opacity ? prop : 1.0;
	if (w->has_opacity && !(cf->inactive_opacity_override && !w->fx.focused))
		return prop;
	const struct config_rule *rule = config_rules_match(&cf->opacity_rules, cwin);
	if (rule)
		return rule->value;
	if (wt->opacity_set)
		return wt->opacity;
	return w->fx.focused ? cf->active_opacity : cf->inactive_opacity;
}

/* What rules say for this window now. */
static void compute(struct effects *e, struct win *w)
{
	const struct config *cf = e->config;
	struct config_wintype wt = config_wintype_effective(cf, w->client.type);
	struct win_fx *fx = &w->fx;
	struct cond_window cwin;

	fx->focused = is_focused(e, w);
	cwin = cond_of(w);
	fx->target = target_opacity(e, w, &wt, &cwin);
	if (e->off) {
		fx->shadow = fx->fade_on = false;
		fx->corner = 0;
		fx->dim = 0;
		return;
	}
	fx->shadow = cf->shadow && (!wt.shadow_set || wt.shadow) &&
		!config_rules_match(&cf->shadow_exclude, &cwin);
	fx->fade_on = cf->fading && (!wt.fade_set || wt.fade) &&
		!config_rules_match(&cf->fade_exclude, &cwin);
	fx->corner = cf->corner_radius > 0 &&
			!config_rules_match(&cf->rounded_corners_exclude, &cwin)
		? (uint32_t)cf->corner_radius
		: 0;
	fx->dim = fx->focused ? 0.0 : cf->inactive_dim;
	comp_log(e->log, COMP_LOG_DEBUG,
		"window 0x%x (%s, %s): shadow %d fade %d corner %u dim %.2f opacity %.3f",
		w->node->id, w->client.class_g, wintype_name(w->client.type), fx->shadow,
		fx->fade_on, fx->corner, fx->dim, fx->target);
}

static void anim_start(struct effects *e, struct win *w)
{
	if (list_empty(&e->anim))
		e->anim_last = clock_now_ms(e->clock);
	if (list_empty(&w->fx.anim_link))
		list_insert(e->anim.prev, &w->fx.anim_link);
}

static void anim_stop(struct win *w)
{
	list_remove(&w->fx.anim_link);
}

/* Moves the shown opacity toward the target: fading when the window fades
 * and animations are on, at once otherwise. */
static void retarget(struct effects *e, struct win *w, double target)
{
	render_fade_retarget(&w->fx.fade, target);
	if (w->fx.fade_on && animations(e) && w->fx.fade.value != w->fx.fade.target) {
		anim_start(e, w);
		return;
	}
	render_fade_finish(&w->fx.fade);
	anim_stop(w);
}

static void window_update(struct effects *e, struct win *w)
{
	bool shown = w->node->mapped || w->closing;

	if (shown)
		windows_damage_win(e->ws, w); /* with the old effects' extents */
	windows_read_client(e->ws, w);
	compute(e, w);
	if (!w->closing)
		retarget(e, w, w->fx.target);
	if (shown)
		windows_damage_win(e->ws, w);
}

static void hook_changed(void *data, struct win *w)
{
	window_update(data, w);
}

static void hook_mapped(void *data, struct win *w)
{
	struct effects *e = data;

	window_update(e, w);
	if (w->fx.fade_on && !e->config->no_fading_openclose && animations(e)) {
		w->fx.fade.value = 0;
		retarget(e, w, w->fx.target);
	}
}

static bool hook_unmapped(void *data, struct win *w)
{
	struct effects *e = data;

	if (!w->fx.fade_on || e->config->no_fading_openclose || !animations(e) || !w->mirror ||
		!w->mirror_valid || w->fx.fade.value <= 0)
		return false;
	retarget(e, w, 0);
	return true;
}

static void hook_forget(void *data, struct win *w)
{
	(void)data;
	anim_stop(w);
}

void effects_look(const struct effects *e, const struct win *w, struct render_window *rw)
{
	const struct win_fx *fx = &w->fx;

	(void)e;
	/* The property's exact value when no fade or rule changes it. */
	bool exact = w->has_opacity && list_empty(&fx->anim_link) &&
		fx->fade.value == (double)w->opacity / 4294967295.0;
	rw->opacity = exact ? w->opacity : render_opacity_from_unit(fx->fade.value);
	rw->shadow = fx->shadow;
	rw->corner_radius = fx->corner;
	rw->dim = fx->dim;
}

static void hook_look(void *data, const struct win *w, struct render_window *rw)
{
	effects_look(data, w, rw);
}

void effects_init(struct effects *e)
{
	list_init(&e->anim);
	e->ws->fx = &e->fx;
	e->ws->hooks = (struct windows_hooks){
		.data = e,
		.mapped = hook_mapped,
		.unmapped = hook_unmapped,
		.changed = hook_changed,
		.forget = hook_forget,
		.look = hook_look,
	};
}

void effects_finish(struct effects *e)
{
	while (e->anim.next && !list_empty(&e->anim))
		anim_stop(list_entry(e->anim.next, struct win, fx.anim_link));
}

void effects_configure(struct effects *e)
{
	const struct config *cf = e->config;
	struct render_effects fx = {0};
	struct wintrack_entry *node;

	if (!e->off && cf->shadow) {
		fx.shadow = true;
		fx.shadow_radius = (uint32_t)cf->shadow_radius;
		fx.shadow_opacity = cf->shadow_opacity;
		fx.shadow_dx = cf->shadow_offset_x;
		fx.shadow_dy = cf->shadow_offset_y;
		fx.shadow_color = cf->shadow_color;
	}
	e->fx = fx;
	render_ctx_set_effects(e->render, &fx);
	if (e->ws->wt)
		wintrack_for_each_bottom_up(node, e->ws->wt) {
			struct win *w = node->user;
			if (w && !w->ignored)
				window_update(e, w);
		}
	damage_add_all(e->ws->damage);
	if (!animations(e))
		effects_finish_all(e);
}

void effects_tick(struct effects *e)
{
	uint64_t now = clock_now_ms(e->clock), elapsed = now - e->anim_last;
	const struct config *cf = e->config;
	struct list *pos, *tmp;

	e->anim_last = now;
	if (elapsed == 0)
		return;
	list_for_each_safe(pos, tmp, &e->anim) {
		struct win *w = list_entry(pos, struct win, fx.anim_link);
		double before = w->fx.fade.value;
		bool running = render_fade_step(&w->fx.fade, elapsed, (uint32_t)cf->fade_delta,
			cf->fade_in_step, cf->fade_out_step);
		if (w->fx.fade.value != before)
			windows_damage_win(e->ws, w);
		if (running)
			continue;
		anim_stop(w);
		if (w->closing && w->fx.fade.value <= 0)
			windows_finish_close(e->ws, w); /* may free w */
	}
}

bool effects_animating(const struct effects *e)
{
	return !list_empty(&e->anim);
}

void effects_finish_all(struct effects *e)
{
	while (!list_empty(&e->anim)) {
		struct win *w = list_entry(e->anim.next, struct win, fx.anim_link);
		render_fade_finish(&w->fx.fade);
		windows_damage_win(e->ws, w);
		anim_stop(w);
		if (w->closing)
			windows_finish_close(e->ws, w);
	}
}

static xcb_window_t active_window(struct effects *e)
{
	struct display *d = e->dpy;
	xcb_get_property_reply_t *r =
		display_get_property(d, d->root, d->atoms.net_active_window, XCB_ATOM_WINDOW, 1);
	struct prop_value v;
	uint32_t id = XCB_NONE;

	props_from_reply(r, &v);
	bool set = props_xid(&v, XCB_ATOM_WINDOW, &id);
	free(r);
	if (set)
		return id;
	xcb_get_input_focus_reply_t *f = display_reply(d,
		xcb_get_input_focus_reply(d->conn, xcb_get_input_focus(d->conn), NULL));
	id = f ? f->focus : XCB_NONE;
	free(f);
	return id == XCB_INPUT_FOCUS_POINTER_ROOT || id == d->root ? XCB_NONE : id;
}

void effects_focus_update(struct effects *e)
{
	xcb_window_t top = windows_toplevel_of(e->ws, active_window(e));
	xcb_window_t old = e->focus;
	struct win *w;

	if (top == old)
		return;
	e->focus = top;
	if ((w = windows_find(e->ws, old)) && !w->ignored)
		window_update(e, w);
	if ((w = windows_find(e->ws, top)) && !w->ignored)
		window_update(e, w);
}
