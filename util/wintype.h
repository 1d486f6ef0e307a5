/* EWMH window types, shared by config/ (the `wintypes` option and the
 * `window_type` condition) and compositor/ (decoding _NET_WM_WINDOW_TYPE).
 * Names are picom's, which are the EWMH suffixes in lower case. */
#ifndef SHMCOMP_UTIL_WINTYPE_H
#define SHMCOMP_UTIL_WINTYPE_H

enum wintype {
	WINTYPE_UNKNOWN,
	WINTYPE_DESKTOP,
	WINTYPE_DOCK,
	WINTYPE_TOOLBAR,
	WINTYPE_MENU,
	WINTYPE_UTILITY,
	WINTYPE_SPLASH,
	WINTYPE_DIALOG,
	WINTYPE_NORMAL,
	WINTYPE_DROPDOWN_MENU,
	WINTYPE_POPUP_MENU,
	WINTYPE_TOOLTIP,
	WINTYPE_NOTIFICATION,
	WINTYPE_COMBO,
	WINTYPE_DND,
	WINTYPE_COUNT
};

/* "unknown", "desktop", ..., "dnd" */
static inline const char *wintype_name(enum wintype t)
{
	static const char *const names[WINTYPE_COUNT] = {"unknown", "desktop", "dock", "toolbar",
	        "menu", "utility", "splash", "dialog", "normal", "dropdown_menu", "popup_menu",
	        "tooltip", "notification", "combo", "dnd"};
	return (unsigned)t < WINTYPE_COUNT ? names[t] : "unknown";
}

#endif
