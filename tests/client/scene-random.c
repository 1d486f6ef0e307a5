/* Seeded random scene scripts for storm tests: a model of the windows the script
 * has created (parent, mapped, size) keeps every emitted command valid, so the
 * same seed always yields the same script and the same X requests. */
#include "tests/client/scene.h"

#include <stdlib.h>

#define MAX_LIVE 48
#define MAX_NEST 4

struct gwin {
	bool frame, alive, mapped;
	int parent; /* index in gen::w, -1: root */
	int w, h, bw;
};

struct gen {
	const struct scene_random_opts *o;
	FILE *out;
	uint64_t state;
	struct gwin *w; /* every window ever created; the name is the index */
	int n, cap;
	int pick[1024]; /* scratch for candidate lists */
};

static uint64_t next64(struct gen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rnd(struct gen *g, int lo, int hi)
{
	return lo + (int)(next64(g) % (uint64_t)(hi - lo + 1));
}

static bool chance(struct gen *g, int percent)
{
	return rnd(g, 0, 99) < percent;
}

static void name_of(const struct gen *g, int i, char *buf, size_t len)
{
	if (i < 0)
		snprintf(buf, len, "root");
	else
		snprintf(buf, len, "%c%d", g->w[i].frame ? 'f' : 'w', i);
}

/* One line: VERB A [B]REST, where A and B are window indices (B = -2: none, -1: root). */
static void emit(struct gen *g, const char *verb, int a, int b, const char *rest)
{
	char na[16], nb[16];

	name_of(g, a, na, sizeof na);
	fprintf(g->out, "%s %s", verb, na);
	if (b != -2) {
		name_of(g, b, nb, sizeof nb);
		fprintf(g->out, " %s", nb);
	}
	fprintf(g->out, "%s\n", rest ? rest : "");
}

static int depth_of(const struct gen *g, int i)
{
	int d = 0;

	for (; i >= 0; i = g->w[i].parent)
		d++;
	return d;
}

static bool is_live_under(const struct gen *g, int i, int top)
{
	for (; i >= 0; i = g->w[i].parent)
		if (i == top)
			return true;
	return false;
}

typedef bool (*gfilter)(const struct gen *g, int i, int arg);

static bool any_live(const struct gen *g, int i, int arg)
{
	return true;
}

/* A random live window accepted by `f`, or -1. */
static int pick(struct gen *g, gfilter f, int arg)
{
	int n = 0;

	for (int i = 0; i < g->n && n < (int)(sizeof g->pick / sizeof g->pick[0]); i++)
		if (g->w[i].alive && f(g, i, arg))
			g->pick[n++] = i;
	return n ? g->pick[rnd(g, 0, n - 1)] : -1;
}

static int live_count(const struct gen *g)
{
	int n = 0;

	for (int i = 0; i < g->n; i++)
		n += g->w[i].alive;
	return n;
}

static int new_win(struct gen *g, bool frame, int parent)
{
	if (g->n == g->cap) {
		int cap = g->cap ? 2 * g->cap : 256;
		struct gwin *w = realloc(g->w, (size_t)cap * sizeof *w);
		if (!w)
			abort();
		g->w = w;
		g->cap = cap;
	}
	g->w[g->n] = (struct gwin){.frame = frame, .alive = true, .parent = parent};
	return g->n++;
}

static void op_create(struct gen *g, int parent, bool frame)
{
	int i = new_win(g, frame, parent);
	struct gwin *w = &g->w[i];
	int pw = parent < 0 ? g->o->width : g->w[parent].w;
	int ph = parent < 0 ? g->o->height : g->w[parent].h;
	char name[16];

	w->w = rnd(g, 1, parent < 0 ? 400 : pw);
	w->h = rnd(g, 1, parent < 0 ? 300 : ph);
	w->bw = chance(g, 50) ? 0 : rnd(g, 1, 6);
	w->mapped = chance(g, 60);
	name_of(g, i, name, sizeof name);
	fprintf(g->out, "create %s %d %d %d %d bw=%d", name, rnd(g, -40, pw - 20),
	        rnd(g, -40, ph - 20), w->w, w->h, w->bw);
	if (parent >= 0) {
		name_of(g, parent, name, sizeof name);
		fprintf(g->out, " parent=%s", name);
	}
	if (parent < 0 && !frame && chance(g, 15))
		fprintf(g->out, " or");
	if (g->o->argb && chance(g, 25))
		fprintf(g->out, " argb alpha=%d", rnd(g, 0, 255));
	fprintf(g->out, "%s\n", w->mapped ? " map" : "");
}

static bool nestable(const struct gen *g, int i, int arg)
{
	return depth_of(g, i) < MAX_NEST && g->w[i].w > 2 && g->w[i].h > 2;
}

static void op_create_any(struct gen *g)
{
	int r = rnd(g, 0, 9), parent;

	if (r < 5) {
		op_create(g, -1, false);
	} else if (r < 7) {
		op_create(g, -1, true);
	} else {
		parent = pick(g, nestable, 0);
		op_create(g, parent, false);
	}
}

static void mark_dead(struct gen *g, int top)
{
	for (int i = 0; i < g->n; i++)
		if (g->w[i].alive && is_live_under(g, i, top))
			g->w[i].alive = false;
}

static void op_destroy(struct gen *g, int i)
{
	emit(g, "destroy", i, -2, NULL);
	mark_dead(g, i);
}

static void op_map_unmap(struct gen *g, int i)
{
	g->w[i].mapped = !g->w[i].mapped;
	emit(g, g->w[i].mapped ? "map" : "unmap", i, -2, NULL);
}

static void op_geometry(struct gen *g, int i)
{
	struct gwin *w = &g->w[i];
	int pw = w->parent < 0 ? g->o->width : g->w[w->parent].w;
	int ph = w->parent < 0 ? g->o->height : g->w[w->parent].h;
	int x = rnd(g, -60, pw - 10), y = rnd(g, -60, ph - 10);
	char rest[64];

	switch (rnd(g, 0, 2)) {
	case 0:
		snprintf(rest, sizeof rest, " %d %d", x, y);
		emit(g, "move", i, -2, rest);
		return;
	case 1:
		w->w = rnd(g, 1, 420);
		w->h = rnd(g, 1, 320);
		snprintf(rest, sizeof rest, " %d %d", w->w, w->h);
		emit(g, "resize", i, -2, rest);
		return;
	default:
		w->w = rnd(g, 1, 420);
		w->h = rnd(g, 1, 320);
		snprintf(rest, sizeof rest, " %d %d %d %d", x, y, w->w, w->h);
		emit(g, "moveresize", i, -2, rest);
	}
}

static bool sibling_of(const struct gen *g, int i, int arg)
{
	return i != arg && g->w[i].parent == g->w[arg].parent;
}

static void op_restack(struct gen *g, int i)
{
	int r = rnd(g, 0, 3), sib = pick(g, sibling_of, i);

	if (r >= 2 && sib >= 0)
		emit(g, r == 2 ? "above" : "below", i, sib, NULL);
	else
		emit(g, r == 0 ? "raise" : "lower", i, -2, NULL);
}

static void op_circulate(struct gen *g)
{
	const char *dir = chance(g, 50) ? " up" : " down";
	int p = chance(g, 20) ? pick(g, any_live, 0) : -1;
	char name[16];

	name_of(g, p, name, sizeof name);
	fprintf(g->out, "circulate%s%s%s\n", dir, p < 0 ? "" : " ", p < 0 ? "" : name);
}

static bool top_client(const struct gen *g, int i, int arg)
{
	return g->w[i].parent < 0 && !g->w[i].frame;
}

static bool framed(const struct gen *g, int i, int arg)
{
	return g->w[i].parent >= 0 && g->w[i].frame == false && g->w[g->w[i].parent].frame;
}

static bool is_frame(const struct gen *g, int i, int arg)
{
	return g->w[i].frame;
}

static void op_reparent(struct gen *g)
{
	int i = pick(g, framed, 0), f;
	char rest[32];

	if (i >= 0 && chance(g, 50)) {
		g->w[i].parent = -1;
		snprintf(rest, sizeof rest, " %d %d", rnd(g, -20, g->o->width - 20),
		        rnd(g, -20, g->o->height - 20));
		emit(g, "reparent", i, -1, rest);
		return;
	}
	i = pick(g, top_client, 0);
	f = pick(g, is_frame, 0);
	if (i < 0 || f < 0)
		return;
	g->w[i].parent = f;
	snprintf(rest, sizeof rest, " %d %d", rnd(g, 0, 8), rnd(g, 0, 24));
	emit(g, "reparent", i, f, rest);
}

static void op_shape(struct gen *g, int i)
{
	static const char *const kinds[] = {" L", " hole", " cross"};
	const struct gwin *w = &g->w[i];
	int r = rnd(g, 0, 4);
	char rest[96];

	if (r == 4) {
		emit(g, "unshape", i, -2, NULL);
		return;
	}
	if (r < 3) {
		emit(g, "shape", i, -2, kinds[r]);
		return;
	}
	snprintf(rest, sizeof rest, " rects %d %d %d %d %d %d %d %d", rnd(g, -3, w->w / 2),
	        rnd(g, -3, w->h / 2), rnd(g, 0, w->w), rnd(g, 0, w->h), rnd(g, 0, w->w),
	        rnd(g, 0, w->h), rnd(g, 1, w->w), rnd(g, 1, w->h));
	emit(g, "shape", i, -2, rest);
}

static void op_opacity(struct gen *g, int i)
{
	char rest[32];

	if (chance(g, 40))
		snprintf(rest, sizeof rest, " none");
	else if (g->o->argb)
		snprintf(rest, sizeof rest, " 0x%08x", (unsigned)next64(g));
	else
		snprintf(rest, sizeof rest, " 0xffffffff");
	emit(g, "opacity", i, -2, rest);
}

static void op_border(struct gen *g, int i)
{
	char rest[32];

	g->w[i].bw = rnd(g, 0, 7);
	if (chance(g, 50))
		snprintf(rest, sizeof rest, " %d %06x", g->w[i].bw, rnd(g, 0, 0xffffff));
	else
		snprintf(rest, sizeof rest, " %d", g->w[i].bw);
	emit(g, "border", i, -2, rest);
}

static void op_recolor(struct gen *g, int i)
{
	char rest[32];

	snprintf(rest, sizeof rest, " %06x %06x", rnd(g, 0, 0xffffff), rnd(g, 0, 0xffffff));
	emit(g, "recolor", i, -2, rest);
}

static void op_rootbg(struct gen *g)
{
	int n = rnd(g, 0, 99);

	if (chance(g, 30))
		fprintf(g->out, "rootbg bg%d %d %d\n", n, rnd(g, 8, 128), rnd(g, 8, 128));
	else
		fprintf(g->out, "rootbg bg%d\n", n);
}

/* Short sequences that stress lifetimes: created and gone before any map, resized
 * then unmapped at once, mapped and unmapped in one batch. */
static void op_combo(struct gen *g, int i)
{
	int r = rnd(g, 0, 2);

	if (r == 0) {
		int t = new_win(g, false, -1);
		char name[16];
		name_of(g, t, name, sizeof name);
		fprintf(g->out, "create %s %d %d %d %d\n", name, rnd(g, 0, 300), rnd(g, 0, 300),
		        rnd(g, 1, 200), rnd(g, 1, 200));
		if (chance(g, 50))
			fprintf(g->out, "map %s\n", name);
		op_destroy(g, t);
		return;
	}
	if (r == 1) {
		op_geometry(g, i);
		g->w[i].mapped = false;
		emit(g, "unmap", i, -2, NULL);
		return;
	}
	op_map_unmap(g, i);
	op_map_unmap(g, i);
}

static void op_on(struct gen *g, int r, int i)
{
	if (r < 14)
		op_map_unmap(g, i);
	else if (r < 20)
		op_destroy(g, i);
	else if (r < 40)
		op_geometry(g, i);
	else if (r < 52)
		op_restack(g, i);
	else if (r < 60)
		op_shape(g, i);
	else if (r < 64)
		op_opacity(g, i);
	else if (r < 70)
		op_border(g, i);
	else if (r < 75)
		op_recolor(g, i);
	else
		op_combo(g, i);
}

static void one_op(struct gen *g)
{
	int r = rnd(g, 0, 99), i = pick(g, any_live, 0);

	if (live_count(g) >= MAX_LIVE && i >= 0)
		op_destroy(g, i);
	else if (i < 0 || r < 14)
		op_create_any(g);
	else if (r < 17)
		op_circulate(g);
	else if (r < 22)
		op_reparent(g);
	else if (r < 24)
		op_rootbg(g);
	else
		op_on(g, rnd(g, 0, 80), i);
}

bool scene_random(const struct scene_random_opts *o, FILE *out)
{
	struct gen g = {.o = o, .out = out, .state = o->seed};

	if (o->ops <= 0 || o->sync_every < 0 || o->width <= 40 || o->height <= 40)
		return false;
	fprintf(out, "# scene-client --random %llu --ops %ld --sync-every %ld --size %dx%d%s\n",
	        (unsigned long long)o->seed, o->ops, o->sync_every, o->width, o->height,
	        o->argb ? " --argb" : "");
	fprintf(out, "sync\n");
	for (long n = 1; n <= o->ops; n++) {
		one_op(&g);
		if (o->sync_every && n % o->sync_every == 0 && n != o->ops)
			fprintf(out, "sync\n");
	}
	fprintf(out, "sync\n");
	free(g.w);
	return fflush(out) == 0;
}
