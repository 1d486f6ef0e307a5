/*
 * image: format conversion shared by the PNG writer and the comparison helpers.
 */
#include <stddef.h>

#include "render/render-private.h"

pixman_image_t *render_to_argb32(pixman_image_t *img)
{
	int w = pixman_image_get_width(img);
	int h = pixman_image_get_height(img);
	pixman_image_t *out = pixman_image_create_bits(PIXMAN_a8r8g8b8, w, h, NULL, 0);

	if (!out)
		return NULL;
	pixman_image_composite32(PIXMAN_OP_SRC, img, NULL, out, 0, 0, 0, 0, 0, 0, w, h);
	return out;
}
