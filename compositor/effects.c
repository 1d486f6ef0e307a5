/* Effects per window, from the configuration's rules: shadow, fading,
 * corners, dim and the opacity to reach (property, opacity-rule, wintypes,
 * active/inactive); the fade animations that move the shown opacity toward
 * it on the compositor's clock; and which toplevel has the focus. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compositor/props.h"
#include "compositor/win.h"

uint64_t comp_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t comp_now_ms(const struct comp *c)
{
	return c->clock_virtual ? c->virtual_ms : comp_real_ms();
}

static bool effects_on(const struct comp *c)
{
	return !c->effects_off;
}

static bool animations(const struct comp *c)
{
	return !c->opt.no_animations && !c->config.no_animations;
}

void comp_fx_config(struct comp *c)
{
	const struct config *cf = &c->config;
	struct render_effects fx = {0};
	struct comp_win *cw;

	if (effects_on(c) && cf->shadow) {
		fx.shadow = true;
		fx.shadow_radius = (uint32_t)cf->shadow_radius;
		fx.shadow_opacity = cf->shadow_opacity;
		fx.shadow_dx = cf->shadow_offset_x;
		fx.shadow_dy = cf->shadow_offset_y;
		fx.shadow_color = cf->shadow_color;
	}
	c->fx = fx;
	render_ctx_set_effects(c->render, &fx);
	if (c->wt)
		wintrack_for_each_bottom_up(cw, c->wt) {
			struct win *w = cw->user;
			if (w && !w->ignored)
				fx_window_update(c, w);
		}
	comp_damage_all(c);
}

static struct cond_window cond_of(const struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);

	return (struct cond_window){
		.name = w->info.name,
		.class_g = w->info.class_g,
		.class_i = w->info.class_i,
		.role = w->info.role,
		.window_type = w->info.type,
		.override_redirect = w->cw->override_redirect,
		.argb = w->cw->depth == 32,
		.focused = w->focused,
		.bounding_shaped = w->shape_known,
		.fullscreen = w->info.fullscreen,
		.width = r.width,
		.height = r.height,
	};
}

static bool is_focused(const struct comp *c, const struct win *w)
{
	if (w->cw->id == c->focus)
		return true;
	if (w->info_known && config_wintype_effective(&c->config, w->info.type).focus)
		return true;
	if (c->config.mark_ovredir_focused && w->cw->override_redirect)
		return true;
	return c->config.mark_wmwin_focused && w->info_known && !w->info.has_wm_state &&
		!w->cw->override_redirect;
}

static double target_opacity(const struct comp *c, const struct win *w,
	const struct config_wintype *wt, const struct cond_window *cwin)
{
	const struct config *cf = &c->config;
	const double prop = (double)w->opacity / 4294967295.0;

	if (!effects_on(c))
		return w->has_opacity ? prop : 1.0;
	if (w->has_opacity && !(cf->inactive_opacity_override && !w->focused))
		return prop;
	const struct config_rule *rule = config_rules_match(&cf->opacity_rules, cwin);
	if (rule)
		return rule->value;
	if (wt->opacity_set)
		return wt->opacity;
	return w->focused ? cf->active_opacity : cf->inactive_opacity;
}

/* What rules say for this window now. */
static void compute(struct comp *c, struct win *w)
{
	const struct config *cf = &c->config;
	struct config_wintype wt = config_wintype_effective(cf, w->info.type);
	struct cond_window cwin;

	w->focused = is_focused(c, w);
	cwin = cond_of(w);
	w->target = target_opacity(c, w, &wt, &cwin);
	if (!effects_on(c)) {
		w->fx_shadow = w->fx_fade = false;
		w->fx_corner = 0;
		w->fx_dim = 0;
		return;
	}
	w->fx_shadow = cf->shadow && (!wt.shadow_set || wt.shadow) &&
		!config_rules_match(&cf->shadow_exclude, &cwin);
	w->fx_fade = cf->fading && (!wt.fade_set || wt.fade) &&
		!config_rules_match(&cf->fade_exclude, &cwin);
	w->fx_corner = cf->corner_radius > 0 &&
			!config_rules_match(&cf->rounded_corners_exclude, &cwin)
		? (uint32_t)cf->corner_radius
		: 0;
	w->fx_dim = w->focused ? 0.0 : cf->inactive_dim;
	comp_log(&c->log, LOG_DEBUG,
		"window 0x%x (%s, %s): shadow %d fade %d corner %u dim %.2f opacity %.3f",
		w->cw->id, w->info.class_g, wintype_name(w->info.type), w->fx_shadow, w->fx_fade,
		w->fx_corner, w->fx_dim, w->target);
}

static void anim_start(struct comp *c, struct win *w)
{
	if (list_empty(&c->anim))
		c->anim_last = comp_now_ms(c);
	if (list_empty(&w->anim_link))
		list_insert(c->anim.prev, &w->anim_link);
}

static void anim_stop(struct win *w)
{
	list_remove(&w->anim_link);
}

/* Moves the shown opacity toward the target: fading when the window fades
 * and animations are on, at once otherwise. */
static void retarget(struct comp *c, struct win *w, double target)
{
	render_fade_retarget(&w->fade, target);
	if (w->fx_fade && animations(c) && w->fade.value != w->fade.target) {
		anim_start(c, w);
		return;
	}
	render_fade_finish(&w->fade);
	anim_stop(w);
}

static void damage_window(struct comp *c, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);
	win_damage_area(c, w, &r);
}

void fx_window_update(struct comp *c, struct win *w)
{
	bool shown = w->cw->mapped || w->closing;

	if (shown)
		damage_window(c, w); /* with the old effects' extents */
	if (w->cw->mapped && !w->info_known) {
		winfo_read(c, w->cw->id, w->cw->override_redirect, &w->info);
		w->info_known = true;
		if (w->info.client != w->cw->id) {
			uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;
			xcb_change_window_attributes(c->conn, w->info.client, XCB_CW_EVENT_MASK,
				&mask);
		}
	}
	compute(c, w);
	if (!w->closing)
		retarget(c, w, w->target);
	if (shown)
		damage_window(c, w);
}

void fx_window_mapped(struct comp *c, struct win *w)
{
	w->closing = false;
	w->info_known = false;
	fx_window_update(c, w);
	if (w->fx_fade && !c->config.no_fading_openclose && animations(c)) {
		w->fade.value = 0;
		retarget(c, w, w->target);
	}
}

bool fx_window_unmapped(struct comp *c, struct win *w)
{
	if (!w->fx_fade || c->config.no_fading_openclose || !animations(c) || !w->mirror ||
		!w->mirror_valid || w->fade.value <= 0)
		return false;
	w->closing = true;
	retarget(c, w, 0);
	return true;
}

void fx_window_forget(struct comp *c, struct win *w)
{
	(void)c;
	anim_stop(w);
}

void comp_fx_tick(struct comp *c)
{
	uint64_t now = comp_now_ms(c), elapsed = now - c->anim_last;
	struct list *pos, *tmp;

	c->anim_last = now;
	if (elapsed == 0)
		return;
	list_for_each_safe(pos, tmp, &c->anim) {
		struct win *w = list_entry(pos, struct win, anim_link);
		double before = w->fade.value;
		bool running = render_fade_step(&w->fade, elapsed, (uint32_t)c->config.fade_delta,
			c->config.fade_in_step, c->config.fade_out_step);
		if (w->fade.value != before)
			damage_window(c, w);
		if (running)
			continue;
		anim_stop(w);
		if (w->closing && w->fade.value <= 0)
			win_finish_close(c, w); /* may free w */
	}
}

bool comp_fx_animating(const struct comp *c)
{
	return !list_empty(&c->anim);
}

void comp_fx_finish_all(struct comp *c)
{
	while (!list_empty(&c->anim)) {
		struct win *w = list_entry(c->anim.next, struct win, anim_link);
		render_fade_finish(&w->fade);
		damage_window(c, w);
		anim_stop(w);
		if (w->closing)
			win_finish_close(c, w);
	}
}

bool fx_plain(const struct win *w)
{
	return !w->fx_shadow && !w->fx_corner && w->fx_dim <= 0 && !w->closing &&
		w->fade.value >= 1.0 && list_empty(&w->anim_link) &&
		(!w->has_opacity || w->opacity == RENDER_OPACITY_OPAQUE);
}

void fx_fill(const struct comp *c, const struct win *w, struct render_window *rw)
{
	(void)c;
	/* The property's exact value when no fade or rule changes it. */
	bool exact = w->has_opacity && list_empty(&w->anim_link) &&
		w->fade.value == (double)w->opacity / 4294967295.0;
	rw->opacity = exact ? w->opacity : render_opacity_from_unit(w->fade.value);
	rw->shadow = w->fx_shadow;
	rw->corner_radius = w->fx_corner;
	rw->dim = w->fx_dim;
}

void fx_extents(const struct comp *c, const struct win *w, const struct wintrack_rect *r,
	pixman_box32_t *out)
{
	struct render_window rw = {.x = r->x, .y = r->y, .width = r->width, .height = r->height};

	fx_fill(c, w, &rw);
	render_window_extents(&rw, &c->fx, out);
}

static xcb_window_t active_window(struct comp *c)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(c->conn,
		xcb_get_property(c->conn, 0, c->screen->root, c->atoms.net_active_window,
			XCB_ATOM_WINDOW, 0, 1),
		NULL);
	struct prop_value v;
	uint32_t id = XCB_NONE;

	props_from_reply(r, &v);
	bool set = props_xid(&v, XCB_ATOM_WINDOW, &id);
	free(r);
	if (set)
		return id;
	xcb_get_input_focus_reply_t *f =
		xcb_get_input_focus_reply(c->conn, xcb_get_input_focus(c->conn), NULL);
	id = f ? f->focus : XCB_NONE;
	free(f);
	return id == XCB_INPUT_FOCUS_POINTER_ROOT || id == c->screen->root ? XCB_NONE : id;
}

void comp_focus_update(struct comp *c)
{
	xcb_window_t top = winfo_toplevel_of(c, active_window(c));
	xcb_window_t old = c->focus;
	struct win *w;

	if (top == old)
		return;
	c->focus = top;
	if ((w = win_of(wintrack_find(c->wt, old))) && !w->ignored)
		fx_window_update(c, w);
	if ((w = win_of(wintrack_find(c->wt, top))) && !w->ignored)
		fx_window_update(c, w);
}
