/* compare: two PNG files pixel by pixel with the render module's comparison (per-channel
 * tolerance, optional clip rectangle) and, when they differ, its diff image: matching pixels
 * dimmed, differing ones red. For screenshot tests in scripts; no X server involved. */
#include <inttypes.h>
#include <stdio.h>

#include "ctl/ctl.h"
#include "render/render.h"

static void write_diff(const struct ctl_compare *cmp, pixman_image_t *a, pixman_image_t *b)
{
	pixman_image_t *diff = render_diff_image(a, b, cmp->tolerance);
	char err[512];

	if (!diff) {
		ctl_error("compare: out of memory for the diff image");
		return;
	}
	if (render_png_write(diff, cmp->diff, false, err, sizeof err))
		fprintf(stderr, "shmcomp-ctl: differences (red) in %s\n", cmp->diff);
	else
		ctl_error("compare: %s", err);
	pixman_image_unref(diff);
}

static void report(const struct ctl_compare *cmp, pixman_image_t *a, pixman_image_t *b,
        const struct render_diff *d)
{
	if (d->size_mismatch)
		ctl_error("%s is %dx%d, %s is %dx%d", cmp->a, pixman_image_get_width(a),
		        pixman_image_get_height(a), cmp->b, pixman_image_get_width(b),
		        pixman_image_get_height(b));
	else if (d->count == 0)
		ctl_error("compare: out of memory");
	else
		ctl_error("%s and %s differ: %" PRIu64 " pixels by more than %u, by up to %u "
		          "(the first at %" PRId32 ",%" PRId32 ")",
		        cmp->a, cmp->b, d->count, cmp->tolerance, d->max_delta, d->first_x,
		        d->first_y);
}

bool ctl_compare(const struct ctl_compare *cmp)
{
	char err[512];
	pixman_image_t *a = render_png_read(cmp->a, err, sizeof err), *b = NULL;
	pixman_box32_t box;
	struct render_diff d;
	bool same = false;

	if (a)
		b = render_png_read(cmp->b, err, sizeof err);
	if (!a || !b) {
		ctl_error("compare: %s", err);
		goto out;
	}
	if (cmp->has_clip)
		box = (pixman_box32_t){cmp->clip.x, cmp->clip.y,
		        cmp->clip.x + (int32_t)cmp->clip.width,
		        cmp->clip.y + (int32_t)cmp->clip.height};
	same = render_compare(a, b, cmp->tolerance, cmp->has_clip ? &box : NULL, &d);
	if (!same) {
		report(cmp, a, b, &d);
		if (cmp->diff)
			write_diff(cmp, a, b);
	}
out:
	if (a)
		pixman_image_unref(a);
	if (b)
		pixman_image_unref(b);
	return same;
}
