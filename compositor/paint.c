/* Painting a frame: the direct/composited split, the fetch of what the
 * composited part needs, render_frame into a back buffer, and the presents. */
#include "compositor/comp.h"

void paint_init(struct paint *p)
{
	pixman_region32_init(&p->direct);
	pixman_region32_init(&p->need);
	pixman_region32_init(&p->input);
	pixman_region32_init(&p->copy);
	pixman_region32_init(&p->served);
	p->idle_ms = -1;
}

void paint_finish(struct paint *p)
{
	pixman_region32_fini(&p->served);
	pixman_region32_fini(&p->copy);
	pixman_region32_fini(&p->input);
	pixman_region32_fini(&p->need);
	pixman_region32_fini(&p->direct);
	*p = (struct paint){0}; /* a second finish is harmless */
}

/* The round trip after which the fetches sent are in the mirrors. */
static void land(void *arg)
{
	struct comp *c = arg;

	shm_ctx_sync(c->shm);
	c->paint.stats.fetch_waits++;
	windows_fetched(&c->windows);
	c->paint.landing = false;
}

/* Sends the fetches of what `region` needs and waits for them. */
static void fetch(struct comp *c, const pixman_region32_t *region)
{
	if (windows_fetch(&c->windows, region)) {
		shm_ctx_sync(c->shm);
		c->paint.stats.fetch_waits++;
	}
	windows_fetched(&c->windows);
}

/* Sends them, and lets the renderer paint the background and the shadows meanwhile: it
 * waits for them (land) before it reads a window's pixels (render_set_await). Shape
 * replies are waited for first: they change what the frame paints. */
static void fetch_meanwhile(struct comp *c, const pixman_region32_t *region)
{
	if (!windows_fetch(&c->windows, region)) {
		windows_fetched(&c->windows);
	} else if (windows_shapes_pending(&c->windows)) {
		land(c);
	} else {
		c->paint.landing = true;
		render_set_await(c->render, land, c);
	}
}

/* Blurred windows read the screen around `need`: those window pixels are fetched too
 * (render_frame_input), with the windows as they will be painted. Returns the count of
 * windows collected. */
static size_t fetch_input(struct comp *c, const pixman_region32_t *need)
{
	pixman_region32_t *input = &c->paint.input;
	size_t n;

	if (!render_blur_reach(&c->effects.fx)) {
		fetch_meanwhile(c, need);
		return windows_collect(&c->windows);
	}
	fetch(c, need);
	n = windows_collect(&c->windows);
	if (!render_frame_input(
	            c->render, c->damage.width, c->damage.height, need, c->windows.rw, n, input)) {
		pixman_region32_clear(input);
		pixman_region32_union_rect(input, input, 0, 0, c->damage.width, c->damage.height);
	}
	pixman_region32_subtract(input, input, (pixman_region32_t *)need);
	if (!pixman_region32_not_empty(input))
		return n;
	fetch(c, input);
	return windows_collect(&c->windows);
}

/* What `b` lacks of `need` and the other back buffer holds (outside its own stale region,
 * which includes this frame's damage: the screen there is as it was) is copied from it, one
 * blit instead of a fetch and a render, and taken out of `need`. It is what double
 * buffering costs: the damage of the frames the other buffer showed. */
static void copy_from_other(struct comp *c, struct present_back *b, pixman_region32_t *need)
{
	struct present_back *o = &c->present.back[b == &c->present.back[0]];
	pixman_region32_t *copy = &c->paint.copy;
	pixman_image_t *src, *dst = shm_buffer_image(b->buf);
	pixman_box32_t *boxes;
	int n = 0;

	pixman_region32_clear(copy);
	/* the server's copies into `o` are in its memory only once they have run:
	 * until its frame completes, what `b` lacks is served, fetched or rendered */
	if (o == b || !o->buf || o->served > c->present.completed ||
	        !(src = shm_buffer_image(o->buf)) || !dst ||
	        pixman_image_get_width(src) != pixman_image_get_width(dst) ||
	        pixman_image_get_height(src) != pixman_image_get_height(dst) ||
	        pixman_image_get_format(src) != pixman_image_get_format(dst) ||
	        !pixman_region32_subtract(copy, need, &o->stale))
		return;
	boxes = pixman_region32_rectangles(copy, &n);
	for (int i = 0; i < n; i++)
		pixman_image_composite32(PIXMAN_OP_SRC, src, NULL, dst, boxes[i].x1, boxes[i].y1, 0,
		        0, boxes[i].x1, boxes[i].y1, boxes[i].x2 - boxes[i].x1,
		        boxes[i].y2 - boxes[i].y1);
	c->paint.stats.copied_pixels += render_region_pixels(copy);
	pixman_region32_subtract(need, need, copy);
}

/* The opaque window bodies in `need` that show by themselves, and the
 * background where no window paints, are copied by the server into `b`
 * (windows_serve_bodies) and leave `need`: no mirror, fetch or render for
 * them. Not while recording (the encoder reads `b` at once) or with a blur on
 * screen (it reads what lies below it from the mirrors). */
static void serve_bodies(struct comp *c, struct present_back *b, pixman_region32_t *need)
{
	pixman_region32_t *served = &c->paint.served;

	pixman_region32_clear(served);
	if (c->recording.rec || render_blur_reach(&c->effects.fx))
		return;
	windows_serve_bodies(&c->windows, need, b->buf,
	        background_pixmap(&c->bg, c->config.background_color_set), served);
	if (!pixman_region32_not_empty(served))
		return;
	b->served = c->present.presented + 1;
	c->paint.stats.served_pixels += render_region_pixels(served);
}

/* Renders the frame's damage into `b`, except `skip`. A frame presents only
 * its damage, so only that must be right in `b`. While recording, the encoder
 * reads all of `b`: then `b` is made whole, what it lacks (its stale region,
 * which includes the damage) rendered or copied from the other buffer. Not
 * recording, a buffer is not kept whole: all of it counts as stale, ready for
 * a recording to start (a frame after the previous one's damage used to be
 * copied from the other buffer, one more copy of every change). False when
 * pixman ran out of memory. */
static bool render_into(struct comp *c, struct present_back *b, const pixman_region32_t *damage,
        const pixman_region32_t *skip)
{
	pixman_region32_t *need = &c->paint.need;
	struct render_background bg;
	bool whole = c->recording.rec != NULL;
	int nb = 0;
	pixman_box32_t *boxes;

	pixman_region32_clear(&c->paint.copy);
	if (whole) {
		pixman_region32_subtract(need, &b->stale, (pixman_region32_t *)skip);
		copy_from_other(c, b, need);
	} else {
		pixman_region32_copy(need, damage); /* the direct part is out */
	}
	serve_bodies(c, b, need);
	windows_mark_needed(&c->windows, need);
	size_t n = fetch_input(c, need);
	background_for_render(
	        &c->bg, c->config.background_color, c->config.background_color_set, &bg);
	c->paint.stats.render_pixels += render_region_pixels(need);
	bool ok = render_frame(c->render, shm_buffer_image(b->buf), need, &bg, c->windows.rw, n);
	if (c->paint.landing) /* it read no pixels of theirs: the next frame may */
		land(c);
	if (!ok) {
		comp_log(&c->log, COMP_LOG_WARN, "out of memory while rendering; frame skipped");
		return false;
	}
	pixman_region32_union(need, need, &c->paint.copy);
	pixman_region32_union(need, need, &c->paint.served); /* fetched into memory without SHM */
	boxes = pixman_region32_rectangles(need, &nb);
	shm_buffer_upload(c->shm, b->buf, boxes, (size_t)nb);
	if (whole)
		pixman_region32_copy(&b->stale, (pixman_region32_t *)skip);
	else
		pixman_region32_reset(&b->stale, &(pixman_box32_t){0, 0, (int32_t)c->present.width,
		                                         (int32_t)c->present.height});
	return true;
}

/* Where one opaque window shows part of the damage, the server copies that
 * part from the window's own pixmap (no fetch, no render: one copy instead
 * of three); with --vsync only when that is all of the damage, since two
 * presents for one vblank would replace each other. */
static bool split_direct(struct comp *c, const pixman_region32_t *damage, xcb_pixmap_t *pixmap,
        int32_t *x, int32_t *y)
{
	pixman_region32_t *direct = &c->paint.direct;

	/* while recording, every frame goes through shmcomp's memory */
	if (c->recording.rec || !windows_direct(&c->windows, damage, direct, pixmap, x, y)) {
		pixman_region32_clear(direct);
		return false;
	}
	if (!c->opt.vsync)
		return true;
	pixman_region32_t rest;
	pixman_region32_init(&rest);
	pixman_region32_subtract(&rest, (pixman_region32_t *)damage, direct);
	bool all = !pixman_region32_not_empty(&rest);
	pixman_region32_fini(&rest);
	if (!all)
		pixman_region32_clear(direct);
	return all;
}

/* A change below a blurred window changes the blur within its reach: the damage grows
 * by what the blurred windows (bottom to top) make of it (render_blur_damage, from the
 * background up: a bound that holds whatever changed). */
static void grow_for_blur(struct comp *c)
{
	const struct render_effects *fx = &c->effects.fx;
	size_t n;

	if (!render_blur_reach(fx))
		return;
	n = windows_collect(&c->windows);
	pixman_region32_t *damage = damage_region(&c->damage);
	if (!render_blur_damage(fx, c->windows.rw, n, 0, damage))
		damage_add_all(&c->damage);
	damage = damage_region(&c->damage);
	pixman_region32_intersect_rect(damage, damage, 0, 0, c->damage.width, c->damage.height);
}

int paint_release_idle(struct comp *c)
{
	struct shm_stats s;
	uint64_t now = clock_real_ms();

	shm_ctx_stats(c->shm, &s);
	if (!c->windows.nmirrors && !s.bytes_cached)
		return -1;
	if (now - c->paint.mirrors_checked_ms < PAINT_IDLE_LOOK_MS)
		return (int)(PAINT_IDLE_LOOK_MS - (now - c->paint.mirrors_checked_ms));
	c->paint.mirrors_checked_ms = now;
	c->windows.now_ms = now;
	windows_release_idle_mirrors(&c->windows);
	uint64_t asked = s.reuses + s.segments_created;
	if (asked == c->paint.segments_asked)
		shm_ctx_trim(c->shm, 0);
	c->paint.segments_asked = asked;
	return PAINT_IDLE_LOOK_MS;
}

enum paint_result paint_frame(struct comp *c)
{
	struct present *p = &c->present;
	pixman_region32_t *damage, *direct = &c->paint.direct;
	struct present_back *b = NULL;
	xcb_pixmap_t pixmap = XCB_NONE;
	int32_t x = 0, y = 0;

	c->windows.now_ms = clock_real_ms();
	windows_subtract(&c->windows);
	if (!damage_pending(&c->damage)) /* a probe on its way may bring some */
		return background_probing(&c->bg) ? PAINT_WAITING : PAINT_NOTHING;
	if (c->opt.vsync && p->in_flight)
		return PAINT_WAITING;
	grow_for_blur(c);
	damage = damage_region(&c->damage);
	uint64_t frame_pixels = render_region_pixels(damage);
	bool is_direct = split_direct(c, damage, &pixmap, &x, &y);
	pixman_region32_subtract(damage, damage, direct);
	bool composite = pixman_region32_not_empty(damage);
	if (composite && !(b = present_idle_back(p))) {
		pixman_region32_union(damage, damage, direct);
		return PAINT_WAITING; /* the next IdleNotify brings us back */
	}
	for (int i = 0; i < 2; i++) {
		pixman_region32_union(&p->back[i].stale, &p->back[i].stale, damage);
		pixman_region32_union(&p->back[i].stale, &p->back[i].stale, direct);
	}
	if (composite && !render_into(c, b, damage, direct)) {
		pixman_region32_union(damage, damage, direct);
		return PAINT_WAITING;
	}
	uint32_t serial = present_next_frame(p);
	c->paint.stats.damage_pixels += frame_pixels;
	c->paint.stats.last_damage = frame_pixels;
	c->paint.stats.direct_pixels += render_region_pixels(direct);
	windows_shown_done(&c->windows); /* this frame may paint over it */
	if (is_direct)
		windows_shown_direct(&c->windows, pixmap, x, y, direct,
		        present_pixmap(p, pixmap, direct, x, y, serial));
	if (composite) {
		present_pixmap(p, shm_buffer_pixmap(b->buf), damage, 0, 0, serial);
		shm_buffer_mark_busy(b->buf, serial);
		recording_frame(c, b);
	}
	p->last = is_direct ? NULL : b;
	pixman_region32_clear(damage);
	pixman_region32_clear(direct);
	return PAINT_SHOWN;
}
