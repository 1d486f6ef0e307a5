/* Effects per window: what the configuration gives each window
 * (config_window_settings, with the legacy options or `rules`), evaluated
 * against what shmcomp knows of it (geometry, client, focus, shape, cached
 * properties); the fades that move the shown opacity toward its target on the
 * compositor's clock; and which toplevel has the focus. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/effects.h"
#include "compositor/props.h"

/* How far WM_TRANSIENT_FOR and WM_CLIENT_LEADER chains are followed. */
#define LEADER_DEPTH 8
/* The step of animation scripts on the real clock: a 60 Hz frame. */
#define ANIM_STEP_MS 16

/* A running animation script (picom's), on the compositor's clock. */
struct win_anim {
	struct anim_instance *inst;
	enum anim_trigger trigger;
	struct render_anim ra; /* what the renderer draws, from the outputs */
	uint32_t opacity;      /* the opacity output */
	pixman_image_t *saved; /* the contents when it started (a copy), or NULL */
	pixman_box32_t box;    /* the screen area of its last step */
	double own_opacity;    /* the window's own: its target, 0 when it goes */
};

static bool animations(const struct effects *e)
{
	return !e->no_animations && !e->config->no_animations;
}

/* ---- what a condition sees ---- */

struct lookup {
	const struct effects *e;
	const struct win *w;
	int64_t opacity; /* the toplevel's _NET_WM_WINDOW_OPACITY, as windows.c read it */
};

/* The cached properties; the toplevel's opacity as windows.c decodes it (one CARDINAL),
 * as shmcomp always has. */
static bool lookup_prop(void *data, const char *name, bool client, struct cond_prop *out)
{
	struct lookup *l = data;
	const struct effects *e = l->e;

	for (size_t i = 0; i < e->nwatch; i++) {
		const struct config_watch *cw = &e->config_watch[i];
		if (cw->client != client || strcmp(cw->name, name) != 0)
			continue;
		if (i == e->opacity_watch) {
			if (!l->w->has_opacity)
				return false;
			l->opacity = l->w->opacity;
			*out = (struct cond_prop){
			        .type = COND_PROP_NUMBER, .n = 1, .num = &l->opacity};
			return true;
		}
		return winprops_get(&l->w->props, i, out);
	}
	return false;
}

static struct win *client_toplevel(const struct effects *e, xcb_window_t id)
{
	struct win *w = windows_by_client(e->ws, id);

	return w ? w : windows_find(e->ws, id);
}

/* picom's window group: the leader of the window it is transient for
 * (detect-transient), else its WM_CLIENT_LEADER (detect-client-leader), else its
 * own client. */
static xcb_window_t leader_of(const struct effects *e, const struct win *w, int depth)
{
	const struct config *cf = e->config;
	xcb_window_t l = XCB_NONE;
	struct win *up;

	if (!w->client_known)
		return w->node->id;
	if (cf->detect_transient)
		l = w->client.transient_for;
	if (l == XCB_NONE && cf->detect_client_leader)
		l = w->client.leader;
	if (l == XCB_NONE)
		return w->client.id;
	up = client_toplevel(e, l);
	return up && up != w && depth < LEADER_DEPTH ? leader_of(e, up, depth + 1) : l;
}

static bool group_focused(const struct effects *e, const struct win *w)
{
	const struct config *cf = e->config;
	const struct win *f;

	if (!(cf->detect_transient || cf->detect_client_leader) || e->focus == XCB_NONE ||
	        !(f = windows_find(e->ws, e->focus)) || f->ignored)
		return false;
	return leader_of(e, w, 0) == leader_of(e, f, 0);
}

/* The bounding shape only rounds the corners: it lies within the outer rectangle and
 * leaves out of it nothing but parts of the four corner squares (of a quarter of the
 * shorter side). */
static bool rounded(const struct win *w, const struct wintrack_rect *r)
{
	uint32_t k = (r->width < r->height ? r->width : r->height) / 4;
	pixman_region32_t rest;
	bool ok;

	if (!w->shape_known || k == 0)
		return false;
	pixman_region32_init_rect(&rest, 0, 0, r->width, r->height);
	pixman_region32_subtract(&rest, &rest, (pixman_region32_t *)&w->shape);
	ok = pixman_region32_not_empty(&rest);
	for (int q = 0; q < 4 && ok; q++) {
		pixman_region32_t corner;
		pixman_region32_init_rect(&corner, q & 1 ? (int)(r->width - k) : 0,
		        q & 2 ? (int)(r->height - k) : 0, k, k);
		pixman_region32_subtract(&rest, &rest, &corner);
		pixman_region32_fini(&corner);
	}
	ok = ok && !pixman_region32_not_empty(&rest);
	pixman_region32_fini(&rest);
	return ok;
}

/* picom: _NET_WM_STATE_FULLSCREEN (unless no-ewmh-fullscreen), or covering the whole
 * screen without a shape that cuts more than its corners. */
static bool fullscreen(const struct effects *e, const struct win *w, const struct wintrack_rect *r,
        bool is_rounded)
{
	if (!e->config->no_ewmh_fullscreen && w->client_known && w->client.fullscreen)
		return true;
	return r->x <= 0 && r->y <= 0 &&
	       (int64_t)r->x + r->width >= (int64_t)e->ws->damage->width &&
	       (int64_t)r->y + r->height >= (int64_t)e->ws->damage->height &&
	       (!w->shape_known || is_rounded);
}

static void cond_of(
        const struct effects *e, const struct win *w, struct lookup *l, struct cond_window *out)
{
	const struct wintrack_geom *g = &w->node->geom;
	struct wintrack_rect r = wintrack_outer_rect(w->node);
	bool is_rounded = e->config->detect_rounded_corners && rounded(w, &r);
	const struct win_client *c = w->client_known ? &w->client : NULL;

	*l = (struct lookup){.e = e, .w = w};
	*out = (struct cond_window){
	        .name = c ? c->name : NULL,
	        .class_g = c ? c->class_g : NULL,
	        .class_i = c ? c->class_i : NULL,
	        .role = c ? c->role : NULL,
	        .window_type = c ? c->type : WINTYPE_UNKNOWN,
	        .window_types = c ? c->types : 0,
	        .override_redirect = w->node->override_redirect,
	        .argb = w->node->depth == 32,
	        .focused = w->node->id == e->focus,
	        .bounding_shaped = w->shape_known,
	        .fullscreen = fullscreen(e, w, &r, is_rounded),
	        .width = g->width,
	        .height = g->height,
	        .x = g->x,
	        .y = g->y,
	        .border_width = g->border_width,
	        .group_focused = group_focused(e, w),
	        .wmwin = c && !c->has_wm_state && !w->node->override_redirect,
	        .rounded_corners = is_rounded,
	        .prop = lookup_prop,
	        .prop_data = l,
	};
}

void effects_settings(
        const struct effects *e, const struct win *w, struct config_window_settings *out)
{
	struct cond_window cw;
	struct lookup l;

	cond_of(e, w, &l, &cw);
	config_window_settings(e->config, &cw, out);
}

/* ---- the looks ---- */

/* With the effects switched off: the property's opacity, nothing else. */
static void plain_looks(struct win_fx *fx, const struct win *w)
{
	fx->target = w->has_opacity ? (double)w->opacity / 4294967295.0 : 1.0;
	fx->target_exact = w->has_opacity;
	fx->target_prop = w->opacity;
	fx->shadow = fx->fade_on = fx->full_shadow = fx->blur = fx->no_direct = false;
	fx->invert = fx->clip_shadow_above = fx->transparent_clipping = false;
	fx->shadow_color_own = false;
	fx->paint = true;
	fx->corner = 0;
	fx->dim = 0;
}

/* What the configuration says for this window now. */
static void compute(struct effects *e, struct win *w)
{
	struct config_window_settings s;
	struct win_fx *fx = &w->fx;

	effects_settings(e, w, &s);
	fx->focused = s.focused;
	memcpy(fx->scripts, s.animations, sizeof fx->scripts);
	fx->shadow_rgb = s.v.shadow_color & 0xffffffu;
	if (e->off) {
		plain_looks(fx, w);
		memset(fx->scripts, 0, sizeof fx->scripts);
		return;
	}
	fx->target = s.v.opacity;
	fx->target_exact = s.opacity_from_prop;
	fx->target_prop = s.opacity_prop;
	fx->shadow = s.v.shadow;
	fx->full_shadow = s.v.full_shadow;
	fx->fade_on = s.v.fade;
	fx->corner = s.v.corner_radius > 0 ? (uint32_t)s.v.corner_radius : 0;
	fx->dim = s.v.dim;
	fx->blur = s.v.blur_background;
	fx->paint = s.v.paint;
	fx->no_direct = s.v.unredir == CONFIG_UNREDIR_NO || s.v.unredir == CONFIG_UNREDIR_PASSIVE;
	fx->invert = s.v.invert_color;
	fx->clip_shadow_above = s.v.clip_shadow_above;
	fx->transparent_clipping = s.v.transparent_clipping;
	fx->shadow_color_own = fx->shadow_rgb != (e->config->shadow_color & 0xffffffu);
	comp_log(e->log, COMP_LOG_DEBUG,
	        "window 0x%x (%s, %s): shadow %d fade %d corner %u dim %.2f opacity %.3f "
	        "blur %d paint %d",
	        w->node->id, w->client.class_g, wintype_name(w->client.type), fx->shadow,
	        fx->fade_on, fx->corner, fx->dim, fx->target, fx->blur, fx->paint);
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

/* ---- animation scripts ---- */

/* The window's render_window without its contents: what its damage is made of. */
static void geometry_of(const struct effects *e, const struct win *w, struct render_window *rw)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);

	*rw = (struct render_window){.x = r.x,
	        .y = r.y,
	        .width = r.width,
	        .height = r.height,
	        .argb = w->node->depth == 32};
	effects_look(e, w, rw);
}

static void extents_of(const struct effects *e, const struct win *w, pixman_box32_t *out)
{
	struct render_window rw;

	geometry_of(e, w, &rw);
	render_anim_extents(&rw, &e->fx, out);
}

static void damage_box(struct effects *e, const pixman_box32_t *b)
{
	if (b->x1 < b->x2 && b->y1 < b->y2)
		damage_add_box(e->ws->damage, b);
}

/* picom's context variables: geometry now (and before, when the trigger moved it),
 * the window's opacity, its monitor (the screen: shmcomp composites one screen), its
 * shadow's colour. */
static void context_of(const struct effects *e, const struct win *w,
        const struct wintrack_rect *before, double opacity, double opacity_before,
        struct anim_context *ctx)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);
	const struct wintrack_rect *b = before ? before : &r;
	uint32_t rgb = w->fx.shadow_rgb;

	*ctx = (struct anim_context){.x = r.x,
	        .y = r.y,
	        .width = r.width,
	        .height = r.height,
	        .x_before = b->x,
	        .y_before = b->y,
	        .width_before = b->width,
	        .height_before = b->height,
	        .opacity = opacity,
	        .opacity_before = opacity_before,
	        .blur_opacity = opacity > 0 ? 1 : 0,
	        .blur_opacity_before = opacity_before > 0 ? 1 : 0,
	        .monitor_width = e->ws->damage->width,
	        .monitor_height = e->ws->damage->height,
	        .shadow_red = ((rgb >> 16) & 0xff) / 255.0,
	        .shadow_green = ((rgb >> 8) & 0xff) / 255.0,
	        .shadow_blue = (rgb & 0xff) / 255.0};
	ctx->shadow_red_before = ctx->shadow_red;
	ctx->shadow_green_before = ctx->shadow_green;
	ctx->shadow_blue_before = ctx->shadow_blue;
}

static int32_t rounded_coord(double v)
{
	if (isnan(v))
		return 0;
	return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)floor(v + 0.5);
}

/* 0..1 to 0..255, rounded; NaN is 0. */
static uint32_t channel(double v)
{
	return v > 0 ? (v < 1 ? (uint32_t)lround(v * 255.0) : 255u) : 0u;
}

/* picom's output variables as the renderer draws them. */
static void apply_values(struct win_anim *a, const struct anim_values *v)
{
	struct render_anim *ra = &a->ra;
	const double *o = v->v;
	uint32_t shadow_bits =
	        1u << ANIM_SHADOW_RED | 1u << ANIM_SHADOW_GREEN | 1u << ANIM_SHADOW_BLUE;

	render_anim_identity(ra);
	ra->offset_x = o[ANIM_OFFSET_X];
	ra->offset_y = o[ANIM_OFFSET_Y];
	ra->scale_x = o[ANIM_SCALE_X];
	ra->scale_y = o[ANIM_SCALE_Y];
	ra->shadow_offset_x = o[ANIM_SHADOW_OFFSET_X];
	ra->shadow_offset_y = o[ANIM_SHADOW_OFFSET_Y];
	ra->shadow_scale_x = o[ANIM_SHADOW_SCALE_X];
	ra->shadow_scale_y = o[ANIM_SHADOW_SCALE_Y];
	ra->shadow_opacity = o[ANIM_SHADOW_OPACITY];
	if (v->defined & shadow_bits) {
		ra->shadow_color_set = true;
		ra->shadow_color = channel(o[ANIM_SHADOW_RED]) << 16 |
		                   channel(o[ANIM_SHADOW_GREEN]) << 8 |
		                   channel(o[ANIM_SHADOW_BLUE]);
	}
	if (isfinite(o[ANIM_CROP_WIDTH]) || isfinite(o[ANIM_CROP_HEIGHT])) {
		double x2 = o[ANIM_CROP_X] + o[ANIM_CROP_WIDTH],
		       y2 = o[ANIM_CROP_Y] + o[ANIM_CROP_HEIGHT];
		ra->crop = true;
		ra->crop_box = (pixman_box32_t){rounded_coord(o[ANIM_CROP_X]),
		        rounded_coord(o[ANIM_CROP_Y]), isfinite(x2) ? rounded_coord(x2) : INT32_MAX,
		        isfinite(y2) ? rounded_coord(y2) : INT32_MAX};
	}
	ra->saved = a->saved;
	ra->saved_blend = a->saved ? o[ANIM_SAVED_IMAGE_BLEND] : 0;
	a->opacity = render_opacity_from_unit(o[ANIM_OPACITY]);
}

/* The outputs at `now`; false once the animation is over. */
static bool anim_eval(struct effects *e, struct win *w, uint64_t now)
{
	struct win_anim *a = w->fx.anim;
	struct anim_context ctx;
	struct anim_values v;
	enum anim_state st;

	context_of(e, w, NULL, a->own_opacity, a->own_opacity, &ctx);
	st = anim_instance_eval(a->inst, &ctx, now, &v);
	if (st != ANIM_RUNNING && st != ANIM_FINISHED)
		return false;
	anim_values_fill_defaults(&v, a->own_opacity, a->own_opacity > 0 ? 1 : 0, w->fx.shadow_rgb);
	apply_values(a, &v);
	return st == ANIM_RUNNING;
}

static void anim_free(struct win_anim *a)
{
	if (!a)
		return;
	anim_instance_destroy(a->inst);
	if (a->saved)
		pixman_image_unref(a->saved);
	free(a);
}

/* The window's contents now, kept for saved-image-blend (a geometry change). */
static pixman_image_t *save_contents(struct effects *e, struct win *w)
{
	pixman_image_t *src, *copy;

	if (!windows_mirror_now(e->ws, w))
		return NULL;
	src = shm_buffer_image(w->mirror);
	copy = pixman_image_create_bits(pixman_image_get_format(src), pixman_image_get_width(src),
	        pixman_image_get_height(src), NULL, 0);
	if (copy)
		pixman_image_composite32(PIXMAN_OP_SRC, src, NULL, copy, 0, 0, 0, 0, 0, 0,
		        pixman_image_get_width(src), pixman_image_get_height(src));
	return copy;
}

/* Ends the window's animation: what it painted is damaged, and a window that was
 * going goes. May free w. */
static void anim_end(struct effects *e, struct win *w)
{
	struct win_anim *a = w->fx.anim;

	if (!a)
		return;
	damage_box(e, &a->box);
	w->fx.anim = NULL;
	anim_free(a);
	anim_stop(w);
	windows_damage_win(e->ws, w);
	if (w->closing)
		windows_finish_close(e->ws, w);
}

/* Starts the window's script for `t` in `ctx` (its running one is interrupted, as in
 * picom, unless that one suppresses `t`). False when there is no script to run. */
static bool anim_trigger(struct effects *e, struct win *w, enum anim_trigger t,
        const struct anim_context *ctx, bool save)
{
	const struct anim_script *sc = w->fx.scripts[t];
	struct win_anim *old = w->fx.anim, *a;
	uint64_t now = clock_now_ms(e->clock);
	pixman_box32_t before;

	if (!sc || !animations(e) || e->off)
		return false;
	if (old && anim_script_suppressions(anim_instance_script(old->inst)) & (1u << t))
		return true; /* the running one goes on */
	if (!(a = calloc(1, sizeof *a)))
		return false;
	a->inst = anim_instance_start(sc, ctx, now, old ? old->inst : NULL);
	if (!a->inst) {
		free(a);
		return false;
	}
	extents_of(e, w, &before); /* as drawn until now */
	a->trigger = t;
	a->own_opacity = ctx->opacity;
	a->saved = save ? save_contents(e, w) : NULL;
	if (old) {
		damage_box(e, &old->box);
		anim_free(old);
	}
	render_fade_finish(&w->fx.fade);
	w->fx.anim = a;
	anim_eval(e, w, now);
	extents_of(e, w, &a->box);
	damage_box(e, &before);
	damage_box(e, &a->box);
	anim_start(e, w);
	comp_log(e->log, COMP_LOG_DEBUG, "window 0x%x: %s animation (line %d), %llu ms",
	        w->node->id, anim_trigger_name(t), anim_script_line(sc),
	        (unsigned long long)anim_instance_duration_ms(a->inst));
	return true;
}

/* Ends the animation of a window that stays as it is (damaged). */
static void anim_end_quietly(struct effects *e, struct win *w)
{
	struct win_anim *a = w->fx.anim;

	damage_box(e, &a->box);
	w->fx.anim = NULL;
	anim_free(a);
	anim_stop(w);
	windows_damage_win(e->ws, w);
}

/* One step: the area of the step before and of this one damaged. */
static void anim_step(struct effects *e, struct win *w, uint64_t now)
{
	struct win_anim *a = w->fx.anim;
	bool running = anim_eval(e, w, now);

	damage_box(e, &a->box);
	extents_of(e, w, &a->box);
	damage_box(e, &a->box);
	if (!running)
		anim_end(e, w); /* may free w */
}

/* ---- fades ---- */

/* Moves the shown opacity toward the target: fading when the window fades
 * and animations are on, at once otherwise. */
static void retarget(struct effects *e, struct win *w, double target)
{
	render_fade_retarget(&w->fx.fade, target);
	if (w->fx.fade_on && animations(e) && !w->fx.anim &&
	        w->fx.fade.value != w->fx.fade.target) {
		anim_start(e, w);
		return;
	}
	render_fade_finish(&w->fx.fade);
	if (!w->fx.anim)
		anim_stop(w);
}

/* The window's looks evaluated again: its old and new areas damaged. `events`: a
 * change of the target opacity is an animation's trigger (not when just mapped, nor
 * on a reload). */
static void window_update(struct effects *e, struct win *w, bool events)
{
	bool shown = w->node->mapped || w->closing;
	double before = w->fx.target;
	struct anim_context ctx;

	if (shown)
		windows_damage_win(e->ws, w); /* with the old effects' extents */
	windows_read_client(e->ws, w);
	if (w->node->mapped) {
		windows_read_props(e->ws, w);
		w->fx.mapped_once = true;
	}
	compute(e, w);
	if (!w->closing) {
		enum anim_trigger t = w->fx.target > before ? ANIM_TRIGGER_INCREASE_OPACITY
		                                            : ANIM_TRIGGER_DECREASE_OPACITY;
		context_of(e, w, NULL, w->fx.target, before, &ctx);
		if (!(events && w->node->mapped && w->fx.target != before &&
		            anim_trigger(e, w, t, &ctx, false)))
			retarget(e, w, w->fx.target);
	}
	if (shown)
		windows_damage_win(e->ws, w);
}

static void hook_changed(void *data, struct win *w)
{
	window_update(data, w, true);
}

static void hook_mapped(void *data, struct win *w)
{
	struct effects *e = data;
	bool first = !w->fx.mapped_once;
	struct anim_context ctx;

	w->fx.unmap_pending = false;
	window_update(e, w, false);
	context_of(e, w, NULL, w->fx.target, 0, &ctx);
	if (anim_trigger(e, w, first ? ANIM_TRIGGER_OPEN : ANIM_TRIGGER_SHOW, &ctx, false))
		return;
	if (w->fx.fade_on && !e->config->no_fading_openclose && animations(e)) {
		w->fx.fade.value = 0;
		retarget(e, w, w->fx.target);
	}
}

static bool can_fade_out(const struct effects *e, const struct win *w)
{
	return w->fx.fade_on && !e->config->no_fading_openclose && w->fx.fade.value > 0;
}

/* no-fading-destroyed-argb: a destroyed ARGB window neither fades nor animates (picom's
 * workaround for window managers that destroy frames with alpha). */
static bool gone_at_once(const struct effects *e, const struct win *w)
{
	return e->config->no_fading_destroyed_argb && w->zombie && w->node->depth == 32;
}

/* Kept on screen while it fades out or a hide or close script runs. Which script is
 * decided once the DestroyNotify of a destroyed window has had its chance to come (it
 * follows the UnmapNotify, not always in the same read): when the clock has moved on,
 * or before a control request (which comes after both), or when it comes. */
static bool hook_unmapped(void *data, struct win *w)
{
	struct effects *e = data;
	bool scripted = w->fx.scripts[ANIM_TRIGGER_HIDE] || w->fx.scripts[ANIM_TRIGGER_CLOSE];

	/* its pixels: in its mirror, or copied there from its pixmap (windows.c) */
	bool shown = animations(e) && w->shown && (w->mirror_valid || w->pixmap != XCB_NONE);

	if (shown && scripted) {
		w->fx.unmap_pending = true;
		w->fx.unmap_ms = clock_now_ms(e->clock);
		anim_start(e, w);
		return true;
	}
	if (w->fx.anim) /* no script for this: the running one ends */
		anim_end_quietly(e, w);
	if (!shown || !can_fade_out(e, w))
		return false;
	retarget(e, w, 0);
	return true;
}

/* The pending hide or close: a script, else the fade, else gone at once. May free w. */
static void unmap_now(struct effects *e, struct win *w)
{
	enum anim_trigger t = w->zombie ? ANIM_TRIGGER_CLOSE : ANIM_TRIGGER_HIDE;
	struct anim_context ctx;

	w->fx.unmap_pending = false;
	context_of(e, w, NULL, 0, w->fx.fade.value, &ctx);
	if (!gone_at_once(e, w) && anim_trigger(e, w, t, &ctx, false))
		return;
	if (w->fx.anim)
		anim_end_quietly(e, w);
	if (can_fade_out(e, w) && !gone_at_once(e, w)) {
		retarget(e, w, 0);
		return;
	}
	anim_stop(w);
	windows_finish_close(e->ws, w);
}

/* Geometry is read by conditions (x, width, fullscreen ...) and starts the size or
 * position script, with the window's contents before the change saved. */
static void hook_moved(void *data, struct win *w, const struct wintrack_rect *old)
{
	struct effects *e = data;
	struct wintrack_rect r = wintrack_outer_rect(w->node);
	bool resized = r.width != old->width || r.height != old->height;
	struct anim_context ctx;

	window_update(e, w, true);
	context_of(e, w, old, w->fx.target, w->fx.target, &ctx);
	anim_trigger(e, w, resized ? ANIM_TRIGGER_SIZE : ANIM_TRIGGER_POSITION, &ctx, true);
}

static void hook_forget(void *data, struct win *w)
{
	(void)data;
	anim_free(w->fx.anim);
	w->fx.anim = NULL;
	anim_stop(w);
}

void effects_look(const struct effects *e, const struct win *w, struct render_window *rw)
{
	const struct win_fx *fx = &w->fx;

	(void)e;
	/* The property's exact value when no fade or rule changes it. */
	bool exact = fx->target_exact && list_empty(&fx->anim_link) &&
	             fx->fade.value == (double)fx->target_prop / 4294967295.0;
	rw->opacity = exact ? fx->target_prop : render_opacity_from_unit(fx->fade.value);
	rw->shadow = fx->shadow;
	rw->full_shadow = fx->full_shadow;
	rw->corner_radius = fx->corner;
	rw->dim = fx->dim;
	rw->blur = fx->blur;
	rw->invert = fx->invert;
	rw->clip_shadow_above = fx->clip_shadow_above;
	rw->transparent_clipping = fx->transparent_clipping;
	rw->shadow_color_set = fx->shadow_color_own;
	rw->shadow_color = fx->shadow_rgb;
	if (fx->anim) {
		rw->anim = &fx->anim->ra;
		rw->opacity = fx->anim->opacity;
	}
}

static void hook_look(void *data, const struct win *w, struct render_window *rw)
{
	effects_look(data, w, rw);
}

static uint32_t hook_mode(void *data, const struct win *w)
{
	(void)data;
	return (w->fx.paint ? 0 : WIN_MODE_HIDDEN) | (w->fx.no_direct ? WIN_MODE_NO_DIRECT : 0);
}

void effects_init(struct effects *e)
{
	list_init(&e->anim);
	e->opacity_watch = SIZE_MAX;
	e->ws->fx = &e->fx;
	e->ws->hooks = (struct windows_hooks){
	        .data = e,
	        .mapped = hook_mapped,
	        .unmapped = hook_unmapped,
	        .changed = hook_changed,
	        .forget = hook_forget,
	        .look = hook_look,
	        .mode = hook_mode,
	        .moved = hook_moved,
	};
}

void effects_finish(struct effects *e)
{
	while (e->anim.next && !list_empty(&e->anim)) {
		struct win *w = list_entry(e->anim.next, struct win, fx.anim_link);
		anim_free(w->fx.anim);
		w->fx.anim = NULL;
		anim_stop(w);
	}
	if (e->ws)
		windows_set_watch(e->ws, NULL, 0);
	free(e->watch);
	e->watch = NULL;
	e->nwatch = 0;
	render_kernels_free(e->kernels, e->nkernels);
	e->kernels = NULL;
	e->nkernels = 0;
}

/* The configuration's watched properties, their atoms interned in one batch; the
 * toplevel's opacity is windows.c's own (not fetched twice). */
static void set_watch(struct effects *e)
{
	size_t n;
	const struct config_watch *cw = config_watched_properties(e->config, &n);
	struct winprops_watch *w = calloc(n ? n : 1, sizeof *w);
	xcb_intern_atom_cookie_t *ck = calloc(n ? n : 1, sizeof *ck);

	windows_set_watch(e->ws, NULL, 0);
	free(e->watch);
	e->watch = NULL;
	e->nwatch = 0;
	e->opacity_watch = SIZE_MAX;
	if (!w || !ck) {
		comp_log(e->log, COMP_LOG_WARN, "out of memory: window properties not watched");
		free(w);
		free(ck);
		return;
	}
	for (size_t i = 0; i < n; i++)
		ck[i] = xcb_intern_atom(e->dpy->conn, 0, (uint16_t)strlen(cw[i].name), cw[i].name);
	for (size_t i = 0; i < n; i++) {
		xcb_intern_atom_reply_t *r =
		        display_reply(e->dpy, xcb_intern_atom_reply(e->dpy->conn, ck[i], NULL));
		w[i] = (struct winprops_watch){
		        .atom = r ? r->atom : XCB_NONE, .client = cw[i].client};
		free(r);
		if (!cw[i].client && strcmp(cw[i].name, "_NET_WM_WINDOW_OPACITY") == 0) {
			e->opacity_watch = i;
			w[i].atom = XCB_NONE;
		}
	}
	free(ck);
	e->watch = w;
	e->nwatch = n;
	e->config_watch = cw;
	windows_set_watch(e->ws, w, n);
}

static enum render_blur_method blur_method(enum config_blur_method m)
{
	switch (m) {
	case CONFIG_BLUR_KERNEL:
		return RENDER_BLUR_KERNEL;
	case CONFIG_BLUR_BOX:
		return RENDER_BLUR_BOX;
	case CONFIG_BLUR_GAUSSIAN:
		return RENDER_BLUR_GAUSSIAN;
	case CONFIG_BLUR_DUAL_KAWASE:
		return RENDER_BLUR_DUAL_KAWASE;
	case CONFIG_BLUR_NONE:
		break;
	}
	return RENDER_BLUR_NONE;
}

/* picom's blur options; without blur-kern the kernel method uses picom's 3x3box. */
static void set_blur(struct effects *e, struct render_blur *b)
{
	const struct config_blur *cb = &e->config->blur;
	char err[256];

	render_kernels_free(e->kernels, e->nkernels);
	e->kernels = NULL;
	e->nkernels = 0;
	*b = (struct render_blur){.method = blur_method(cb->method),
	        .size = cb->size > 0 ? (uint32_t)cb->size : 0,
	        .deviation = cb->deviation,
	        .strength = cb->strength > 0 ? (uint32_t)cb->strength : 0,
	        .background_frame = cb->background_frame,
	        .fixed = cb->background_fixed};
	if (b->method != RENDER_BLUR_KERNEL)
		return;
	if (!render_kernels_parse(cb->kern ? cb->kern : "3x3box", &e->kernels, &e->nkernels, err,
	            sizeof err)) /* checked when loaded: only out of memory */
		comp_log(e->log, COMP_LOG_WARN, "blur-kern: %s; no blur", err);
	b->kernels = e->kernels;
	b->kernel_count = e->nkernels;
}

/* shadow-exclude-reg on this screen: a missing width or height is the screen's, -X and
 * -Y count from the right and bottom edges. */
static pixman_box32_t exclude_box(const struct config_geometry *g, uint32_t sw, uint32_t sh)
{
	int64_t w = g->has_width ? g->width : sw, h = g->has_height ? g->height : sh;
	int64_t x = 0, y = 0;

	if (!g->set)
		return (pixman_box32_t){0, 0, 0, 0};
	if (g->has_pos) {
		x = g->x_right ? (int64_t)sw - g->x - w : g->x;
		y = g->y_bottom ? (int64_t)sh - g->y - h : g->y;
	}
	return (pixman_box32_t){(int32_t)x, (int32_t)y, (int32_t)(x + w), (int32_t)(y + h)};
}

/* Shadows are drawn when the option is on or a rule turns them on for some window. */
static bool shadows_possible(const struct config *cf)
{
	for (size_t i = 0; i < cf->rules.n; i++) {
		const struct config_window_rule *r = &cf->rules.items[i];
		if (r->set & (1u << CONFIG_WS_SHADOW) && r->v.shadow)
			return true;
	}
	return cf->shadow;
}

void effects_configure(struct effects *e)
{
	const struct config *cf = e->config;
	struct render_effects fx = {0};
	struct wintrack_entry *node;

	set_watch(e);
	if (!e->off && shadows_possible(cf)) {
		fx.shadow = true;
		fx.shadow_radius = (uint32_t)cf->shadow_radius;
		fx.shadow_opacity = cf->shadow_opacity;
		fx.shadow_dx = cf->shadow_offset_x;
		fx.shadow_dy = cf->shadow_offset_y;
		fx.shadow_color = cf->shadow_color;
		fx.shadow_exclude = exclude_box(
		        &cf->shadow_exclude_reg, e->ws->damage->width, e->ws->damage->height);
	}
	if (!e->off) {
		fx.dim_fixed = cf->inactive_dim_fixed;
		set_blur(e, &fx.blur);
	}
	e->fx = fx;
	if (!render_ctx_set_effects(e->render, &fx))
		comp_log(e->log, COMP_LOG_WARN, "out of memory: no blur");
	if (e->ws->wt)
		wintrack_for_each_bottom_up(node, e->ws->wt)
		{
			struct win *w = node->user;
			if (w && !w->ignored)
				window_update(e, w, false);
		}
	damage_add_all(e->ws->damage);
	if (!animations(e) || e->off)
		effects_finish_all(e);
}

/* One fade step; false when it has ended. May free w. */
static void fade_step(struct effects *e, struct win *w, uint64_t elapsed)
{
	const struct config *cf = e->config;
	double before = w->fx.fade.value;

	if (w->closing && gone_at_once(e, w))
		render_fade_finish(&w->fx.fade);
	bool running = render_fade_step(&w->fx.fade, elapsed, (uint32_t)cf->fade_delta,
	        cf->fade_in_step, cf->fade_out_step);

	if (w->fx.fade.value != before)
		windows_damage_win(e->ws, w);
	if (running)
		return;
	anim_stop(w);
	if (w->closing && w->fx.fade.value <= 0)
		windows_finish_close(e->ws, w); /* may free w */
}

void effects_tick(struct effects *e)
{
	uint64_t now = clock_now_ms(e->clock), elapsed = now - e->anim_last;
	struct list *pos, *tmp;

	e->anim_last = now;
	list_for_each_safe(pos, tmp, &e->anim)
	{
		struct win *w = list_entry(pos, struct win, fx.anim_link);
		if (w->fx.unmap_pending) {
			if (w->zombie || now > w->fx.unmap_ms)
				unmap_now(e, w); /* may free w */
		} else if (w->fx.anim)
			anim_step(e, w, now);
		else if (elapsed)
			fade_step(e, w, elapsed);
	}
}

bool effects_animating(const struct effects *e)
{
	return !list_empty(&e->anim);
}

int effects_wait_ms(const struct effects *e)
{
	const struct list *pos;
	int fade = e->config->fade_delta > 0 ? e->config->fade_delta : 1, t = -1;

	for (pos = e->anim.next; pos != &e->anim; pos = pos->next) {
		const struct win *w = list_entry(pos, struct win, fx.anim_link);
		int step = w->fx.unmap_pending ? 1 : w->fx.anim ? ANIM_STEP_MS : fade;
		if (t < 0 || step < t)
			t = step;
	}
	return t;
}

void effects_finish_all(struct effects *e)
{
	while (!list_empty(&e->anim)) {
		struct win *w = list_entry(e->anim.next, struct win, fx.anim_link);
		w->fx.unmap_pending = false;
		if (w->fx.anim) {
			anim_end(e, w); /* may free w */
			continue;
		}
		render_fade_finish(&w->fx.fade);
		windows_damage_win(e->ws, w);
		anim_stop(w);
		if (w->closing)
			windows_finish_close(e->ws, w);
	}
}

void effects_decide_unmaps(struct effects *e)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &e->anim)
	{
		struct win *w = list_entry(pos, struct win, fx.anim_link);
		if (w->fx.unmap_pending)
			unmap_now(e, w); /* may free w */
	}
}

size_t effects_anim_text(const struct win *w, char *buf, size_t len)
{
	const struct win_anim *a = w->fx.anim;
	int n;

	if (a)
		n = snprintf(buf, len, "animation=%s line %d", anim_trigger_name(a->trigger),
		        anim_script_line(anim_instance_script(a->inst)));
	else if (w->fx.unmap_pending)
		n = snprintf(buf, len, "animation=unmapped");
	else
		n = snprintf(buf, len, "fade=%.3f->%.3f", w->fx.fade.value, w->fx.fade.target);
	return n > 0 ? (size_t)n : 0;
}

/* _NET_ACTIVE_WINDOW when the root has it, else (unless use-ewmh-active-win) the
 * input focus. */
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
	if (set || e->config->use_ewmh_active_win)
		return set ? id : XCB_NONE;
	xcb_get_input_focus_reply_t *f = display_reply(
	        d, xcb_get_input_focus_reply(d->conn, xcb_get_input_focus(d->conn), NULL));
	id = f ? f->focus : XCB_NONE;
	free(f);
	return id == XCB_INPUT_FOCUS_POINTER_ROOT || id == d->root ? XCB_NONE : id;
}

static void update_all(struct effects *e)
{
	struct wintrack_entry *node;

	wintrack_for_each_bottom_up(node, e->ws->wt)
	{
		struct win *w = node->user;
		if (w && !w->ignored)
			window_update(e, w, true);
	}
}

void effects_focus_update(struct effects *e)
{
	xcb_window_t top = windows_toplevel_of(e->ws, active_window(e));
	xcb_window_t old = e->focus;
	struct win *w;

	if (top == old)
		return;
	e->focus = top;
	/* a window group's focus is every member's */
	if (e->config->detect_transient || e->config->detect_client_leader) {
		update_all(e);
		return;
	}
	if ((w = windows_find(e->ws, old)) && !w->ignored)
		window_update(e, w, true);
	if ((w = windows_find(e->ws, top)) && !w->ignored)
		window_update(e, w, true);
}
