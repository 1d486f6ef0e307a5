/* What the control protocol reports about the screen: whether it is
 * settled (and why not), and one window's geometry and effects. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compositor/win.h"

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

static bool counts(const struct win *w)
{
	return w && !w->ignored && w->cw->mapped;
}

bool comp_settled(struct comp *c, char *buf, size_t len)
{
	struct text t = {buf, 0, len};
	struct comp_win *cw;
	bool settled = true;

	if (len)
		buf[0] = '\0';
	wintrack_for_each_bottom_up(cw, c->wt) {
		struct win *w = cw->user;
		if (counts(w) && !w->painted && w->met_mapped_ms &&
			comp_real_ms() - w->met_mapped_ms >= COMP_MET_MAPPED_GRACE_MS)
			w->painted = true;
		if (counts(w) && !w->painted) {
			add(&t, "unpainted=0x%x class=%s name=%s\n", cw->id, w->info.class_g,
				w->info.name);
			settled = false;
		}
		if (w && !list_empty(&w->anim_link)) {
			add(&t, "animating=0x%x class=%s name=%s fade=%.3f->%.3f\n", cw->id,
				w->info.class_g, w->info.name, w->fade.value, w->fade.target);
			settled = false;
		}
	}
	if (comp_needs_frame(c) || comp_windows_damaged(c)) {
		add(&t, "pending=damage\n");
		settled = false;
	}
	if (c->present.completed < c->present.presented) {
		add(&t, "pending=frame %llu not yet on screen\n",
			(unsigned long long)c->present.presented);
		settled = false;
	}
	return settled;
}

bool comp_window_text(struct comp *c, xcb_window_t id, char *buf, size_t len)
{
	struct text t = {buf, 0, len};
	struct win *w = win_of(wintrack_find(c->wt, id));
	struct comp_win *cw;

	if (!w) /* a client window inside a frame */
		w = win_by_client(c, id);
	if (!w || w->ignored) {
		snprintf(buf, len, "window 0x%x is not a window shmcomp composites", id);
		return false;
	}
	cw = w->cw;
	struct wintrack_rect r = wintrack_outer_rect(cw);
	struct render_window rw = {0};
	fx_fill(c, w, &rw);
	add(&t, "window=0x%x\nclient=0x%x\nx=%d\ny=%d\nwidth=%u\nheight=%u\nborder=%u\n", cw->id,
		w->info_known ? w->info.client : cw->id, r.x, r.y, r.width, r.height,
		cw->geom.border_width);
	add(&t, "depth=%u\nmapped=%d\nopacity=%.6f\nshadow=%d\ncorner=%u\ndim=%.6f\n", cw->depth,
		cw->mapped, (double)rw.opacity / 4294967295.0, rw.shadow && c->fx.shadow,
		rw.corner_radius, rw.dim);
	add(&t, "shadow_radius=%u\nshadow_opacity=%.6f\nshadow_dx=%d\nshadow_dy=%d\n"
		"shadow_color=0x%06x\n",
		c->fx.shadow_radius, c->fx.shadow_opacity, c->fx.shadow_dx, c->fx.shadow_dy,
		c->fx.shadow_color & 0xffffff);
	return true;
}
