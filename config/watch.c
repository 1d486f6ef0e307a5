/* The window properties a configuration reads: those its conditions name, and those the
 * per-window settings read themselves (_NET_WM_WINDOW_OPACITY, _COMPTON_SHADOW,
 * _NET_WM_BYPASS_COMPOSITOR). The compositor caches them for cond_prop_fn and
 * re-evaluates a window when one of them changes. */
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"
#include "config/config-private.h"

struct builder {
	struct config *c;
	bool failed;
};

static void add(void *data, const char *name, bool client, int index)
{
	struct builder *b = data;
	struct config *c = b->c;
	struct config_watch *w;

	for (size_t i = 0; i < c->nwatch; i++) {
		w = &c->watch[i];
		if (w->client != client || strcmp(w->name, name) != 0)
			continue;
		if (index < 0 || w->max_index < 0)
			w->max_index = -1;
		else if (index > w->max_index)
			w->max_index = index;
		return;
	}
	if (b->failed || !(w = realloc(c->watch, (c->nwatch + 1) * sizeof *w))) {
		b->failed = true;
		return;
	}
	c->watch = w;
	w = &c->watch[c->nwatch];
	*w = (struct config_watch){.name = strdup(name), .client = client, .max_index = index};
	if (!w->name)
		b->failed = true;
	else
		c->nwatch++;
}

static void add_list(struct builder *b, const struct config_rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		cond_for_each_prop(r->items[i].cond, add, b);
}

bool config_build_watch(struct config *c)
{
	struct builder b = {.c = c};
	const struct config_rules *lists[] = {&c->shadow_exclude, &c->clip_shadow_above,
	        &c->fade_exclude, &c->opacity_rules, &c->focus_exclude, &c->invert_color_include,
	        &c->rounded_corners_exclude, &c->corner_radius_rules,
	        &c->transparent_clipping_exclude, &c->blur_background_exclude, &c->unredir_exclude};

	config_free_watch(c);
	/* read by config_window_settings itself */
	add(&b, "_NET_WM_WINDOW_OPACITY", false, 0);
	if (c->detect_client_opacity)
		add(&b, "_NET_WM_WINDOW_OPACITY", true, 0);
	add(&b, "_NET_WM_BYPASS_COMPOSITOR", true, 0);
	if (!c->rules.n)
		add(&b, "_COMPTON_SHADOW", false, 0);
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		add_list(&b, lists[i]);
	for (size_t i = 0; i < c->rules.n; i++)
		cond_for_each_prop(c->rules.items[i].cond, add, &b);
	if (b.failed)
		config_free_watch(c);
	return !b.failed;
}

void config_free_watch(struct config *c)
{
	for (size_t i = 0; i < c->nwatch; i++)
		free(c->watch[i].name);
	free(c->watch);
	c->watch = NULL;
	c->nwatch = 0;
}

/* What config_build_watch gives the built-in defaults, which config_defaults cannot
 * allocate. */
static const struct config_watch default_watch[] = {
        {"_NET_WM_WINDOW_OPACITY", false, 0},
        {"_NET_WM_BYPASS_COMPOSITOR", true, 0},
        {"_COMPTON_SHADOW", false, 0},
};

const struct config_watch *config_watched_properties(const struct config *c, size_t *n)
{
	if (!c->nwatch) {
		*n = sizeof default_watch / sizeof default_watch[0];
		return default_watch;
	}
	*n = c->nwatch;
	return c->watch;
}

bool config_watches(const struct config *c, const char *name, bool client)
{
	size_t n;
	const struct config_watch *w = config_watched_properties(c, &n);

	for (size_t i = 0; i < n; i++)
		if (w[i].client == client && strcmp(w[i].name, name) == 0)
			return true;
	return false;
}
