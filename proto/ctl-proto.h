/* The control protocol between shmcomp and shmcomp-ctl (or any X client), carried by X
 * itself; doc/ctl.md describes it for users. Requests are ClientMessages to the window that
 * owns the _NET_WM_CM_S<screen> selection; replies are ClientMessages to the window the
 * request names (the reply window), with longer data in properties on that window.
 * Both programs include this header: it is the protocol. */
#ifndef SHMCOMP_PROTO_CTL_PROTO_H
#define SHMCOMP_PROTO_CTL_PROTO_H

#define CTL_ATOM_VERSION "_SHMCOMP_VERSION" /* STRING on the owner window */
#define CTL_ATOM_REQUEST "_SHMCOMP_REQUEST" /* ClientMessage type, format 32 */
#define CTL_ATOM_REPLY "_SHMCOMP_REPLY"     /* ClientMessage type, format 32 */
#define CTL_ATOM_TEXT "_SHMCOMP_TEXT"       /* STRING property on the reply window */
#define CTL_ATOM_ARGS "_SHMCOMP_ARGS"       /* a request's text, on the reply window */

/* Request data32: [0] command, [1] reply window, [2] request id, [3] arg, [4] flags */
enum ctl_command {
	CTL_WAIT = 1,   /* reply once all damage processed before it is on screen;
	                 * arg = CTL_WAIT_SETTLED: once the screen is settled (below) */
	CTL_STATS = 2,  /* key=value lines in CTL_ATOM_TEXT, then reply */
	CTL_RELOAD = 3, /* reload the configuration; on error the message in CTL_ATOM_TEXT */
	CTL_STEP = 4,   /* arg = milliseconds: advance the virtual clock, reply once the
	                 * resulting frame is on screen; CTL_ERROR (+ text) without
	                 * --clock=virtual */
	CTL_STATUS = 5, /* why the screen is or is not settled, as key=value lines:
	                 * "settled=0|1", "frame=N", then one line per reason:
	                 * "unpainted=0xID class=C name=N" (mapped, no damage since mapped
	                 * or resized), "animating=0xID class=C name=N", "pending=damage" */
	CTL_WINDOW = 6, /* arg = a toplevel (or its client) window: key=value lines
	                 * window= x= y= width= height= border= depth= mapped= opacity=
	                 * (0..1 as shown) shadow=0|1 corner= dim=, and the frame-wide
	                 * shadow_radius= shadow_opacity= shadow_dx= shadow_dy= shadow_color=
	                 * (0xRRGGBB); CTL_ERROR + text when shmcomp does not track it */
	CTL_ECHO = 7,   /* replies CTL_OK with the request's text (CTL_FLAG_TEXT) as
	                 * CTL_ATOM_TEXT: a check of the text channel */
	CTL_RECORD = 8, /* arg = CTL_RECORD_START (text: name=FILE, a plain name created
	                 * in shmcomp's --record-dir, and optionally fps-cap=N and
	                 * geometry=WxH+X+Y), CTL_RECORD_STOP (replies once the file is
	                 * finalised, with stats lines), CTL_RECORD_DUMP (ring mode: writes
	                 * the last seconds to --record's file); CTL_ERROR + text else */
};

enum ctl_record_op {
	CTL_RECORD_START = 1,
	CTL_RECORD_STOP = 2,
	CTL_RECORD_DUMP = 3,
};

/* Flags of CTL_WAIT's arg. Settled: shmcomp owns the selection, every mapped
 * window that counts has drawn (damage) since it was mapped or resized and has
 * then been quiet (no damage) for the quiet period, no damage is pending, no
 * fade or other animation runs, and that state is on screen. A window that was
 * already mapped when shmcomp began to watch it may have drawn unseen: it
 * counts as drawn after COMP_MET_MAPPED_GRACE_MS (2 s). */
#define CTL_WAIT_SETTLED 1u

/* The quiet period when a request names none. A window that has drawn one
 * burst only since it was mapped (or resized) must stay quiet longer, the first
 * quiet period: a terminal's first frame is its empty background, its prompt
 * follows when the shell has started; a browser's first frame is blank. */
#define CTL_QUIET_DEFAULT_MS 300u
#define CTL_FIRST_QUIET_DEFAULT_MS 1000u

/* Options of a settled wait (CTL_WAIT + CTL_WAIT_SETTLED) and of CTL_STATUS, as
 * the request's text (CTL_FLAG_TEXT), one `key=value` per line; unknown keys and
 * bad values are refused with CTL_ERROR:
 *   quiet-period=MS   a window counts as finished once it has not drawn for MS
 *                     milliseconds (0..60000; default CTL_QUIET_DEFAULT_MS)
 *   first-quiet-period=MS  the same for a window that has drawn one burst only
 *                     since it was mapped or resized (default
 *                     CTL_FIRST_QUIET_DEFAULT_MS; never less than quiet-period)
 *   window=ID         only this toplevel (or the toplevel of this client) counts:
 *                     motion elsewhere does not keep the screen from settling
 *   ignore-window=ID  this toplevel (or the one of this client) does not count
 *   ignore-class=PAT  windows whose WM_CLASS instance or class matches PAT do not
 *                     count: the exact text first, else PAT as an fnmatch(3) glob
 *   ignore-name=PAT   the same for _NET_WM_NAME / WM_NAME
 * ignore-* lines may repeat (at most CTL_IGNORE_MAX of them). CTL_STATUS reports
 * with the same rule; a window that drew within the quiet period is reported as
 *   busy=0xID class=C name=N fps=F quiet_ms=Q
 * (F: frames drawn in the last second; Q: milliseconds since its last one), and
 * when every window counts, a window created within the first quiet period and
 * not mapped yet (an application setting up) as
 *   new=0xID created_ms=A */
#define CTL_IGNORE_MAX 32u

/* Flags (data32[4]). CTL_FLAG_TEXT: the request carries text — class names,
 * patterns, file names, options as key=value lines — in the CTL_ATOM_ARGS
 * property (STRING or UTF8_STRING, format 8) on the reply window, set before the
 * request is sent. shmcomp reads and deletes it; text longer than CTL_ARGS_MAX
 * bytes is refused with CTL_ERROR. Unknown flags are refused too. */
#define CTL_FLAG_TEXT 1u
#define CTL_ARGS_MAX 8192u

/* Reply text (CTL_ATOM_TEXT) is at most this long; longer text is cut at a line
 * end and ends with the line "truncated=1". */
#define CTL_REPLY_TEXT_MAX 131072u

/* Reply data32: [0] request id, [1] status, [2] frame number (low 32 bits),
 * [3] with CTL_ERROR: a reason (enum ctl_reason), the text then optional */
enum ctl_status {
	CTL_OK = 0,
	CTL_ERROR = 1,   /* message in CTL_ATOM_TEXT, or a reason in data32[3] */
	CTL_UNKNOWN = 2, /* unknown command */
};

enum ctl_reason {
	CTL_REASON_TEXT = 0, /* the message is in CTL_ATOM_TEXT */
	/* Too many pending requests: from this client (the client part of the
	 * reply window's id), or in all. No text is set, so that refusing a flood
	 * costs one event per request. */
	CTL_REASON_BUSY = 1,
};

#endif
