/* screenshot --shadow: the window painted the way shmcomp paints it, by the same render module,
 * with the effect values shmcomp reports for it (CTL_WINDOW): its shadow, corners, dim and
 * opacity, on a transparent canvas just large enough for the window and its shadow. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "render/render.h"

static bool report_bad(const char *key, const char *v)
{
	int len = v ? (int)strcspn(v, "\n") : 0;

	if (v)
		ctl_error("shmcomp's window information has a bad %s: \"%.*s\"", key, len, v);
	else
		ctl_error("shmcomp's window information lacks %s=", key);
	return false;
}

static bool get_double(const char *text, const char *key, double lo, double hi, double *out)
{
	const char *v = ctl_text_value(text, key);
	char *end;
	double d;

	if (!v)
		return report_bad(key, v);
	d = strtod(v, &end);
	if (end == v || (*end && *end != '\n') || !(d >= lo && d <= hi))
		return report_bad(key, v);
	*out = d;
	return true;
}

static bool get_long(const char *text, const char *key, long lo, long hi, long *out)
{
	const char *v = ctl_text_value(text, key);
	char *end;
	long l;

	if (!v)
		return report_bad(key, v);
	errno = 0;
	l = strtol(v, &end, 0);
	if (end == v || (*end && *end != '\n') || errno || l < lo || l > hi)
		return report_bad(key, v);
	*out = l;
	return true;
}

bool ctl_parse_window_fx(const char *text, struct ctl_window_fx *fx)
{
	long shadow, corner, radius, dx, dy, color;

	if (!get_double(text, "opacity", 0, 1, &fx->opacity) ||
	        !get_long(text, "shadow", 0, 1, &shadow) ||
	        !get_long(text, "corner", 0, 65535, &corner) ||
	        !get_double(text, "dim", 0, 1, &fx->dim) ||
	        !get_long(text, "shadow_radius", 0, RENDER_SHADOW_RADIUS_MAX, &radius) ||
	        !get_double(text, "shadow_opacity", 0, 1, &fx->shadow_opacity) ||
	        !get_long(text, "shadow_dx", -65535, 65535, &dx) ||
	        !get_long(text, "shadow_dy", -65535, 65535, &dy) ||
	        !get_long(text, "shadow_color", 0, 0xffffff, &color))
		return false;
	fx->shadow = shadow == 1;
	fx->corner = (uint32_t)corner;
	fx->shadow_radius = (uint32_t)radius;
	fx->shadow_dx = (int32_t)dx;
	fx->shadow_dy = (int32_t)dy;
	fx->shadow_color = (uint32_t)color;
	return true;
}

pixman_image_t *ctl_paint_with_shadow(pixman_image_t *win, bool argb,
        const pixman_region32_t *shape, const struct ctl_window_fx *fx)
{
	const struct render_effects e = {
	        .shadow = fx->shadow,
	        .shadow_radius = fx->shadow_radius,
	        .shadow_opacity = fx->shadow_opacity,
	        .shadow_dx = fx->shadow_dx,
	        .shadow_dy = fx->shadow_dy,
	        .shadow_color = fx->shadow_color,
	};
	const struct render_background transparent = {NULL, 0x00000000};
	struct render_window rw = {
	        .image = win,
	        .width = (uint32_t)pixman_image_get_width(win),
	        .height = (uint32_t)pixman_image_get_height(win),
	        .shape = shape,
	        .argb = argb,
	        .opacity = render_opacity_from_unit(fx->opacity),
	        .shadow = fx->shadow,
	        .corner_radius = fx->corner,
	        .dim = fx->dim,
	};
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *canvas = NULL;
	pixman_box32_t box;

	if (!ctx)
		goto error;
	render_ctx_set_effects(ctx, &e);
	render_window_extents(&rw, &e, &box);
	/* the canvas starts at the extents' top-left: the window lands at minus that */
	rw.x = -box.x1;
	rw.y = -box.y1;
	canvas = pixman_image_create_bits(
	        PIXMAN_a8r8g8b8, box.x2 - box.x1, box.y2 - box.y1, NULL, 0);
	if (!canvas || !render_frame(ctx, canvas, NULL, &transparent, &rw, 1))
		goto error;
	render_ctx_destroy(ctx);
	return canvas;
error:
	ctl_error("screenshot --shadow: out of memory");
	if (canvas)
		pixman_image_unref(canvas);
	render_ctx_destroy(ctx);
	return NULL;
}
