/* Key bindings: "Super+Shift+s"-style strings resolved through the server's XKB keymap
 * (xkbcommon-x11) into passive key grabs on the root, covering every NumLock/CapsLock/ScrollLock
 * state; KeyPress events are mapped back to actions, and keymap changes re-grab. */
#ifndef SHMCOMP_COMPOSITOR_KEYS_H
#define SHMCOMP_COMPOSITOR_KEYS_H

#include <stddef.h>
#include <xcb/xcb.h>

struct keys;

/* `key`: modifiers joined by '+', then a keysym name as xkbcommon spells it ("Return", "s",
 * "F12", "XF86AudioMute"; case-sensitive first, then case-insensitive). Modifiers, in any case:
 * Shift, Control/Ctrl, Alt, Super/Logo, Hyper, Meta (virtual modifiers, resolved through the
 * keymap, Alt and Super falling back to Mod1 and Mod4), Mod1..Mod5, or any other modifier name
 * of the keymap ("AltGr", "LevelThree"); one the keymap maps to no real modifier is unknown.
 * `where` ("FILE:LINE") only prefixes warnings. */
struct keys_binding {
	const char *key;
	int action;
	const char *where;
};

typedef void (*keys_warn_fn)(void *data, const char *msg);

/* Sets up XKB on `conn`, reads the core keyboard's keymap and selects the XKB events that
 * announce a new one. NULL with a message in `err` on failure. */
struct keys *keys_create(xcb_connection_t *conn, xcb_window_t root, char *err, size_t errlen);
/* Releases the grabs (and flushes); accepts NULL. */
void keys_destroy(struct keys *k);

/* Replaces all grabs with `b` (copied). A keysym is grabbed on every keycode that produces it
 * in the first layout at level 1, or at the level Shift selects (then Shift is added to the
 * binding: "Super+S" and "Super+exclam" on a US keymap are Super+Shift+s and Super+Shift+1).
 * Each grab is made with every combination of the lock modifiers (those the binding does not
 * name). Reported through `warn` with `where` and the key, never fatal, the other bindings
 * still working: an unknown keysym or modifier, a keysym no key produces (binding skipped), a
 * second binding on the same key (the first wins), a combination another client has grabbed
 * (it stays theirs). `warn` and `data` are kept: keymap changes call them from
 * keys_handle_event() until the next keys_set() or keys_destroy(). */
void keys_set(
        struct keys *k, const struct keys_binding *b, size_t n, keys_warn_fn warn, void *data);

/* Feed every event. Returns the action of a KeyPress on a binding (lock modifiers ignored;
 * auto-repeat fires again), else -1. An XKB NewKeyboardNotify or MapNotify reloads the keymap
 * (round trips: events read meanwhile stay in xcb's queue) and re-grabs if the grabs differ. */
int keys_handle_event(struct keys *k, const xcb_generic_event_t *ev);

#endif
