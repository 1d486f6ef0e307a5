/* The control protocol between shmcomp and shmcomp-ctl, carried by X itself
 * (see doc/ctl.md): requests are ClientMessages to the window that owns the
 * _NET_WM_CM_S<screen> selection, replies are ClientMessages to the window the
 * request names, with longer data in properties on that window. */
#ifndef SHMCOMP_CTL_PROTO_H
#define SHMCOMP_CTL_PROTO_H

#define CTL_ATOM_VERSION "_SHMCOMP_VERSION" /* STRING on the owner window */
#define CTL_ATOM_REQUEST "_SHMCOMP_REQUEST" /* ClientMessage type, format 32 */
#define CTL_ATOM_REPLY "_SHMCOMP_REPLY"     /* ClientMessage type, format 32 */
#define CTL_ATOM_TEXT "_SHMCOMP_TEXT"       /* STRING property on the reply window */

/* Request data32: [0] command, [1] reply window, [2] request id, [3] arg, [4] arg */
enum ctl_command {
	CTL_WAIT = 1,   /* reply once all damage processed before it is on screen */
	CTL_STATS = 2,  /* key=value lines in CTL_ATOM_TEXT, then reply */
	CTL_RELOAD = 3, /* reload the configuration; on error the message in CTL_ATOM_TEXT */
};

/* Reply data32: [0] request id, [1] status, [2] frame number (low 32 bits) */
enum ctl_status {
	CTL_OK = 0,
	CTL_ERROR = 1,       /* message in CTL_ATOM_TEXT */
	CTL_UNKNOWN = 2,     /* unknown command */
};

#endif
