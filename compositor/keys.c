/* Key bindings: parses "Mod+Mod+keysym" against the keymap xkbcommon-x11 reads from the server,
 * grabs each binding on the root with every combination of the lock modifiers, maps KeyPress
 * events back to actions, and re-grabs when XKB announces a new keymap. */
#include "compositor/keys.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xcb/xkb.h>
#include <xkbcommon/xkbcommon-x11.h>
#include <xkbcommon/xkbcommon.h>

#define REAL_MODS 0xffu
/* Prefix of a warning about one binding: where, key. */
#define AT "%s: key binding \"%s\": "

/* A binding as kept for re-grabs. Its keysym is parsed once; its modifiers are resolved again
 * against every keymap, as virtual modifiers can move. `where` and `sym_name` point into the
 * `key` allocation. */
struct keys_entry {
	char *key;
	const char *where;
	const char *sym_name;
	xkb_keysym_t sym;
	int action;
};

struct keys_grab {
	xcb_keycode_t code;
	uint16_t mods; /* real modifiers; ignored locks excluded */
	int action;
	size_t entry; /* keys::entries */
};

struct keys_grabs {
	struct keys_grab *v;
	size_t n, cap;
};

/* A GrabKey whose error is checked after all are sent: one round trip for the lot. */
struct keys_pending {
	xcb_void_cookie_t cookie;
	size_t entry;
};

struct keys {
	xcb_connection_t *conn;
	xcb_window_t root;
	uint8_t xkb_event; /* XKB's first event code */
	bool selected;     /* XKB events selected: undone in keys_destroy() */
	struct xkb_context *ctx;
	struct xkb_keymap *keymap;
	struct xkb_state *state; /* scratch, to resolve virtual modifiers */
	uint16_t shift;          /* real masks of Shift, and of CapsLock|NumLock|ScrollLock */
	uint16_t locks;
	uint16_t grabbed_locks; /* `locks` when `grabs` were sent */
	struct keys_entry *entries;
	size_t nentries;
	struct keys_grabs grabs; /* held on the server */
	struct keys_grabs next;  /* resolved against the current keymap, not sent yet */
	struct keys_pending *pending;
	size_t npending, pending_cap;
	keys_warn_fn warn;
	void *warn_data;
};

static void say(const struct keys *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const struct keys *k, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!k->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	k->warn(k->warn_data, msg);
}

static void *grow(void *arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return arr;
	while (ncap < need)
		ncap *= 2;
	p = reallocarray(arr, ncap, size);
	if (p)
		*cap = ncap;
	return p;
}

/* The real modifiers that a real or virtual modifier of the keymap stands for (0 if none):
 * xkb_state_update_mask() resolves virtual modifiers through the keymap's mapping. */
static uint16_t real_mask(const struct keys *k, const char *name)
{
	xkb_mod_index_t i = xkb_keymap_mod_get_index(k->keymap, name);

	if (i == XKB_MOD_INVALID || i >= 32)
		return 0;
	xkb_state_update_mask(k->state, (xkb_mod_mask_t)1 << i, 0, 0, 0, 0, 0);
	return (uint16_t)(xkb_state_serialize_mods(k->state, XKB_STATE_MODS_DEPRESSED) & REAL_MODS);
}

static bool load_keymap(struct keys *k)
{
	int32_t dev = xkb_x11_get_core_keyboard_device_id(k->conn);
	struct xkb_keymap *km;
	struct xkb_state *st;

	if (dev < 0)
		return false;
	km = xkb_x11_keymap_new_from_device(k->ctx, k->conn, dev, XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (!km)
		return false;
	st = xkb_state_new(km);
	if (!st) {
		xkb_keymap_unref(km);
		return false;
	}
	xkb_state_unref(k->state);
	xkb_keymap_unref(k->keymap);
	k->keymap = km;
	k->state = st;
	k->shift = real_mask(k, XKB_MOD_NAME_SHIFT);
	k->locks = real_mask(k, XKB_MOD_NAME_CAPS) | real_mask(k, "NumLock") |
	           real_mask(k, "ScrollLock");
	return true;
}

static bool select_events(struct keys *k, char *err, size_t errlen)
{
	const uint16_t nkn = XCB_XKB_NKN_DETAIL_KEYCODES;
	const uint16_t parts = XCB_XKB_MAP_PART_KEY_TYPES | XCB_XKB_MAP_PART_KEY_SYMS |
	                       XCB_XKB_MAP_PART_MODIFIER_MAP |
	                       XCB_XKB_MAP_PART_EXPLICIT_COMPONENTS | XCB_XKB_MAP_PART_KEY_ACTIONS |
	                       XCB_XKB_MAP_PART_VIRTUAL_MODS | XCB_XKB_MAP_PART_VIRTUAL_MOD_MAP;
	const xcb_xkb_select_events_details_t details = {
	        .affectNewKeyboard = nkn,
	        .newKeyboardDetails = nkn,
	};
	xcb_generic_error_t *e = xcb_request_check(k->conn,
	        xcb_xkb_select_events_aux_checked(k->conn, XCB_XKB_ID_USE_CORE_KBD,
	                XCB_XKB_EVENT_TYPE_NEW_KEYBOARD_NOTIFY | XCB_XKB_EVENT_TYPE_MAP_NOTIFY, 0,
	                0, parts, parts, &details));

	if (!e) {
		k->selected = true;
		return true;
	}
	snprintf(err, errlen, "XkbSelectEvents failed: X error %u", e->error_code);
	free(e);
	return false;
}

static const struct {
	const char *name;
	const char *mod, *fallback; /* keymap modifier names */
} mod_aliases[] = {
        {"Shift", XKB_MOD_NAME_SHIFT, NULL},
        {"Control", XKB_MOD_NAME_CTRL, NULL},
        {"Ctrl", XKB_MOD_NAME_CTRL, NULL},
        {"Alt", "Alt", "Mod1"},
        {"Super", "Super", "Mod4"},
        {"Logo", "Super", "Mod4"},
        {"Hyper", "Hyper", NULL},
        {"Meta", "Meta", NULL},
        {"Mod1", "Mod1", NULL},
        {"Mod2", "Mod2", NULL},
        {"Mod3", "Mod3", NULL},
        {"Mod4", "Mod4", NULL},
        {"Mod5", "Mod5", NULL},
};

/* One modifier token of `len` bytes as a real mask; 0 if unknown or mapped to no real
 * modifier (an unmapped "Hyper" is as unknown as "Foo"). */
static uint16_t token_mask(const struct keys *k, const char *tok, size_t len)
{
	char name[32];

	if (len == 0 || len >= sizeof name)
		return 0;
	memcpy(name, tok, len);
	name[len] = '\0';
	for (size_t i = 0; i < sizeof mod_aliases / sizeof mod_aliases[0]; i++) {
		if (strcasecmp(name, mod_aliases[i].name) != 0)
			continue;
		uint16_t m = real_mask(k, mod_aliases[i].mod);
		if (!m && mod_aliases[i].fallback)
			m = real_mask(k, mod_aliases[i].fallback);
		return m;
	}
	return real_mask(k, name);
}

/* The binding's modifiers as a real mask; false (after a warning) if one is unknown. */
static bool entry_mods(const struct keys *k, const struct keys_entry *e, bool loud, uint16_t *mods)
{
	const char *p = e->key;

	*mods = 0;
	while (p < e->sym_name) {
		size_t len = strcspn(p, "+");
		uint16_t m = token_mask(k, p, len);
		if (!m) {
			if (loud)
				say(k, AT "unknown modifier \"%.*s\"", e->where, e->key, (int)len,
				        p);
			return false;
		}
		*mods |= m;
		p += len + 1;
	}
	return true;
}

static bool has_sym(const xkb_keysym_t *syms, int n, xkb_keysym_t sym)
{
	for (int i = 0; i < n; i++)
		if (syms[i] == sym)
			return true;
	return false;
}

/* Whether `code` produces `sym` in the first layout, at level 1 (*extra = 0) or at a level
 * Shift alone selects (*extra = Shift). Other levels (AltGr, NumLock) are not grabbed. */
static bool key_level(const struct keys *k, xkb_keycode_t code, xkb_keysym_t sym, uint16_t *extra)
{
	xkb_level_index_t n = xkb_keymap_num_levels_for_key(k->keymap, code, 0);

	for (xkb_level_index_t l = 0; l < n; l++) {
		const xkb_keysym_t *syms;
		xkb_mod_mask_t masks[16];
		int ns = xkb_keymap_key_get_syms_by_level(k->keymap, code, 0, l, &syms);
		if (!has_sym(syms, ns, sym))
			continue;
		*extra = 0;
		if (l == 0)
			return true;
		size_t nm = xkb_keymap_key_get_mods_for_level(k->keymap, code, 0, l, masks, 16);
		for (size_t i = 0; i < nm; i++)
			if (k->shift && masks[i] == k->shift) {
				*extra = k->shift;
				return true;
			}
	}
	return false;
}

/* Adds a grab to keys::next; false if another binding already has it. */
static bool add_grab(struct keys *k, size_t ei, xcb_keycode_t code, uint16_t mods)
{
	struct keys_grabs *g = &k->next;
	void *p;

	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].code == code && g->v[i].mods == mods)
			return false;
	p = grow(g->v, &g->cap, g->n + 1, sizeof *g->v);
	if (!p)
		return true; /* the binding is lost; a warning per key would not help */
	g->v = p;
	g->v[g->n++] = (struct keys_grab){code, mods, k->entries[ei].action, ei};
	return true;
}

static void resolve_entry(struct keys *k, size_t ei, bool loud)
{
	const struct keys_entry *e = &k->entries[ei];
	xkb_keycode_t max = xkb_keymap_max_keycode(k->keymap);
	bool found = false, clash = false;
	uint16_t mods, extra;

	if (!entry_mods(k, e, loud, &mods))
		return;
	for (xkb_keycode_t c = xkb_keymap_min_keycode(k->keymap); c <= max && c <= 255; c++) {
		if (!key_level(k, c, e->sym, &extra))
			continue;
		found = true;
		clash |= !add_grab(k, ei, (xcb_keycode_t)c, mods | extra);
	}
	if (loud && !found)
		say(k, AT "no key produces \"%s\" in the current keymap", e->where, e->key,
		        e->sym_name);
	else if (loud && clash)
		say(k, AT "an earlier binding has the same key", e->where, e->key);
}

/* Fills keys::next from the bindings and the current keymap; sends nothing. */
static void resolve(struct keys *k, bool loud)
{
	k->next.n = 0;
	for (size_t i = 0; i < k->nentries; i++)
		resolve_entry(k, i, loud);
}

static bool unchanged(const struct keys *k)
{
	if (k->locks != k->grabbed_locks || k->next.n != k->grabs.n)
		return false;
	for (size_t i = 0; i < k->next.n; i++) {
		const struct keys_grab *a = &k->next.v[i], *b = &k->grabs.v[i];
		if (a->code != b->code || a->mods != b->mods || a->action != b->action)
			return false;
	}
	return true;
}

static void send_grab(struct keys *k, const struct keys_grab *g)
{
	uint16_t locks = k->locks & ~g->mods;

	for (uint16_t sub = locks;; sub = (sub - 1) & locks) {
		xcb_void_cookie_t ck = xcb_grab_key_checked(k->conn, 0, k->root, g->mods | sub,
		        g->code, XCB_GRAB_MODE_ASYNC, XCB_GRAB_MODE_ASYNC);
		void *p = grow(k->pending, &k->pending_cap, k->npending + 1, sizeof *k->pending);
		if (p) {
			k->pending = p;
			k->pending[k->npending++] = (struct keys_pending){ck, g->entry};
		} else {
			xcb_discard_reply(k->conn, ck.sequence);
		}
		if (!sub)
			break;
	}
}

/* One round trip: the first check syncs, the others find their answer already there. */
static void check_grabs(struct keys *k)
{
	size_t warned = SIZE_MAX;

	for (size_t i = 0; i < k->npending; i++) {
		xcb_generic_error_t *err = xcb_request_check(k->conn, k->pending[i].cookie);
		const struct keys_entry *e = &k->entries[k->pending[i].entry];
		if (!err)
			continue;
		if (k->pending[i].entry != warned && err->error_code == XCB_ACCESS)
			say(k, AT "another client has grabbed it", e->where, e->key);
		else if (k->pending[i].entry != warned)
			say(k, AT "grab failed: X error %u", e->where, e->key, err->error_code);
		warned = k->pending[i].entry;
		free(err);
	}
	k->npending = 0;
}

/* AnyModifier releases every grab of ours on that key, whatever locks were current then. */
static void ungrab_all(struct keys *k)
{
	for (size_t i = 0; i < k->grabs.n; i++)
		xcb_ungrab_key(k->conn, k->grabs.v[i].code, k->root, XCB_MOD_MASK_ANY);
	k->grabs.n = 0;
}

/* Replaces the grabs held with keys::next. */
static void regrab(struct keys *k)
{
	struct keys_grabs held;

	ungrab_all(k);
	held = k->grabs;
	k->grabs = k->next;
	k->next = held;
	k->grabbed_locks = k->locks;
	for (size_t i = 0; i < k->grabs.n; i++)
		send_grab(k, &k->grabs.v[i]);
	check_grabs(k);
}

static bool copy_entry(const struct keys *k, const struct keys_binding *b, struct keys_entry *e)
{
	const char *key = b->key ? b->key : "";
	const char *where = b->where ? b->where : "?";
	const char *plus = strrchr(key, '+');
	const char *name = plus ? plus + 1 : key;
	xkb_keysym_t sym = xkb_keysym_from_name(name, XKB_KEYSYM_NO_FLAGS);
	size_t klen = strlen(key) + 1, wlen = strlen(where) + 1;
	char *buf;

	if (sym == XKB_KEY_NoSymbol)
		sym = xkb_keysym_from_name(name, XKB_KEYSYM_CASE_INSENSITIVE);
	if (sym == XKB_KEY_NoSymbol) {
		say(k, AT "unknown keysym \"%s\"", where, key, name);
		return false;
	}
	buf = malloc(klen + wlen);
	if (!buf) {
		say(k, AT "out of memory", where, key);
		return false;
	}
	memcpy(buf, key, klen);
	memcpy(buf + klen, where, wlen);
	*e = (struct keys_entry){
	        .key = buf,
	        .where = buf + klen,
	        .sym_name = buf + (name - key),
	        .sym = sym,
	        .action = b->action,
	};
	return true;
}

static void free_entries(struct keys *k)
{
	for (size_t i = 0; i < k->nentries; i++)
		free(k->entries[i].key);
	free(k->entries);
	k->entries = NULL;
	k->nentries = 0;
}

void keys_set(struct keys *k, const struct keys_binding *b, size_t n, keys_warn_fn warn, void *data)
{
	k->warn = warn;
	k->warn_data = data;
	free_entries(k);
	k->entries = n ? calloc(n, sizeof *k->entries) : NULL;
	if (n && !k->entries)
		say(k, "key bindings: out of memory, none grabbed");
	for (size_t i = 0; k->entries && i < n; i++)
		if (copy_entry(k, &b[i], &k->entries[k->nentries]))
			k->nentries++;
	resolve(k, true);
	regrab(k);
}

/* The server sends NewKeyboardNotify whenever another keyboard device types (the core
 * keyboard takes its keymap), so a reload that resolves to the same grabs sends nothing and
 * repeats no warning. */
static void reload(struct keys *k)
{
	if (!load_keymap(k)) {
		say(k, "key bindings: cannot read the new keymap, keeping the old grabs");
		return;
	}
	resolve(k, false);
	if (unchanged(k))
		return;
	resolve(k, true);
	regrab(k);
}

static int match(const struct keys *k, const xcb_key_press_event_t *ev)
{
	if (ev->event != k->root)
		return -1;
	for (size_t i = 0; i < k->grabs.n; i++) {
		const struct keys_grab *g = &k->grabs.v[i];
		uint16_t ignored = k->locks & ~g->mods;
		if (g->code == ev->detail && (ev->state & REAL_MODS & ~ignored) == g->mods)
			return g->action;
	}
	return -1;
}

int keys_handle_event(struct keys *k, const xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;

	if (type == XCB_KEY_PRESS)
		return match(k, (const xcb_key_press_event_t *)ev);
	/* XKB events share one event code and carry their kind in the next byte. */
	if (type != k->xkb_event ||
	        (ev->pad0 != XCB_XKB_NEW_KEYBOARD_NOTIFY && ev->pad0 != XCB_XKB_MAP_NOTIFY))
		return -1;
	reload(k);
	return -1;
}

struct keys *keys_create(xcb_connection_t *conn, xcb_window_t root, char *err, size_t errlen)
{
	struct keys *k = calloc(1, sizeof *k);

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->conn = conn;
	k->root = root;
	if (!xkb_x11_setup_xkb_extension(conn, XKB_X11_MIN_MAJOR_XKB_VERSION,
	            XKB_X11_MIN_MINOR_XKB_VERSION, XKB_X11_SETUP_XKB_EXTENSION_NO_FLAGS, NULL, NULL,
	            &k->xkb_event, NULL)) {
		snprintf(err, errlen, "the X server has no XKB extension (1.0 or later)");
		goto error;
	}
	k->ctx =
	        xkb_context_new(XKB_CONTEXT_NO_DEFAULT_INCLUDES | XKB_CONTEXT_NO_ENVIRONMENT_NAMES);
	if (!k->ctx) {
		snprintf(err, errlen, "cannot create an xkbcommon context");
		goto error;
	}
	if (!load_keymap(k)) {
		snprintf(err, errlen, "cannot read the core keyboard's keymap");
		goto error;
	}
	if (!select_events(k, err, errlen))
		goto error;
	return k;
error:
	keys_destroy(k);
	return NULL;
}

/* The XKB event selection, undone: nothing is left on the server for us. */
static void deselect_events(struct keys *k)
{
	const xcb_xkb_select_events_details_t none = {0};

	if (!k->selected)
		return;
	k->selected = false;
	xcb_xkb_select_events_aux(k->conn, XCB_XKB_ID_USE_CORE_KBD, 0,
	        XCB_XKB_EVENT_TYPE_NEW_KEYBOARD_NOTIFY | XCB_XKB_EVENT_TYPE_MAP_NOTIFY, 0, 0, 0,
	        &none);
}

void keys_destroy(struct keys *k)
{
	if (!k)
		return;
	ungrab_all(k);
	deselect_events(k);
	xcb_flush(k->conn);
	free_entries(k);
	free(k->grabs.v);
	free(k->next.v);
	free(k->pending);
	xkb_state_unref(k->state);
	xkb_keymap_unref(k->keymap);
	xkb_context_unref(k->ctx);
	free(k);
}
