/* Settledness and window descriptions, as text for the control protocol. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compositor/comp.h"

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
	return w && !w->ignored && w->node->mapped;
}

bool status_settled(struct comp *c, char *buf, size_t len)
{
	struct text t = {buf, 0, len};
	struct wintrack_entry *node;
	bool settled = true;

	if (len)
		buf[0] = '\0';
	wintrack_for_each_bottom_up(node, c->windows.wt) {
		struct win *w = node->user;
		if (counts(w) && !w->painted && w->met_mapped_ms &&
			clock_real_ms() - w->met_mapped_ms >= COMP_MET_MAPPED_GRACE_MS)
			w->painted = true;
		if (counts(w) && !w->painted) {
			add(&t, "unpainted=0x%x class=%s name=%s\n", node->id, w->client.class_g,
				w->client.name);
			settled = false;
		}
		if (w && !list_empty(&w->fx.anim_link)) {
			add(&t, "animating=0x%x class=%s name=%s fade=%.3f->%.3f\n", node->id,
				w->client.class_g, w->client.name, w->fx.fade.value,
				w->fx.fade.target);
			settled = false;
		}
	}
	if (damage_pending(&c->damage) || windows_damaged(&c->windows)) {
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
	struct render_window rw = {0};
	effects_look(&c->effects, w, &rw);
	add(&t, "window=0x%x\nclient=0x%x\nx=%d\ny=%d\nwidth=%u\nheight=%u\nborder=%u\n",
		node->id, w->client_known ? w->client.id : node->id, r.x, r.y, r.width, r.height,
		node->geom.border_width);
	add(&t, "depth=%u\nmapped=%d\nopacity=%.6f\nshadow=%d\ncorner=%u\ndim=%.6f\n",
		node->depth, node->mapped, (double)rw.opacity / 4294967295.0,
		rw.shadow && fx->shadow, rw.corner_radius, rw.dim);
	add(&t,
		"shadow_radius=%u\nshadow_opacity=%.6f\nshadow_dx=%d\nshadow_dy=%d\n"
		"shadow_color=0x%06x\n",
		fx->shadow_radius, fx->shadow_opacity, fx->shadow_dx, fx->shadow_dy,
		fx->shadow_color & 0xffffff);
	return true;
}
