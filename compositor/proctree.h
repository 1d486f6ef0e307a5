/* What a process's descendants are doing, from /proc: the CPU time they have
 * used and how many are runnable now. The settled rule asks it about a window's
 * client (_NET_WM_PID) while the window has drawn once only: a terminal's shell
 * still starting, a browser's renderers still busy (doc/ctl.md). */
#ifndef SHMCOMP_COMPOSITOR_PROCTREE_H
#define SHMCOMP_COMPOSITOR_PROCTREE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proctree_usage {
	uint64_t ticks;    /* user + system time of the descendants, in clock ticks */
	unsigned running;  /* descendants runnable (R) or in uninterruptible sleep (D) now */
	unsigned children; /* descendants found */
};

/* The descendants of `pid` (not `pid` itself). False when `pid` is not a
 * process of this machine's (a remote client) or /proc cannot be read. */
bool proctree_usage(pid_t pid, struct proctree_usage *out);

#endif
