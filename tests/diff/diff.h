/* Private header of diff-test, the differential screenshot driver: child
 * processes driven through pipes (diff-proc.c) and root-window screenshots
 * compared pixel for pixel and written as PNG (diff-image.c). */
#ifndef SHMCOMP_TESTS_DIFF_DIFF_H
#define SHMCOMP_TESTS_DIFF_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <xcb/xcb.h>

/* A child process; `to` and `from` are its stdin and stdout when spawned with pipes. */
struct proc {
	pid_t pid;
	int status; /* once reaped: as proc_wait returns it; -1 before */
	int to, from;
	size_t len;
	char buf[4096]; /* bytes read from `from` not yet returned as a line */
};

/* stdout_fd: -1 inherits ours; otherwise the child's stdout (spawn keeps it open). */
bool proc_spawn(struct proc *p, char *const argv[], bool pipes, int stdout_fd);
bool proc_write(struct proc *p, const char *data, size_t len);
/* One line of the child's stdout, without its newline; false on timeout or EOF. */
bool proc_read_line(struct proc *p, char *line, size_t len, int timeout_ms);
/* Exit status, 128 + signal when killed, or -1 when still running after timeout_ms. */
int proc_wait(struct proc *p, int timeout_ms);
bool proc_alive(struct proc *p);
/* Closes the pipes; kills (SIGKILL) and reaps the child if it is still running. */
void proc_finish(struct proc *p);
/* Spawns, waits up to timeout_ms (killing it after), returns proc_wait's status. */
int proc_run(char *const argv[], int stdout_fd, int timeout_ms);

/* A root-window screenshot as pixel values masked to the depth, row-major. */
struct shot {
	int w, h, depth;
	uint32_t rmask, gmask, bmask;
	uint32_t *px;
};

struct shot_diff {
	long count;
	int x, y;           /* first differing pixel in row-major order */
	uint32_t a, b;      /* its values */
	int x0, y0, x1, y1; /* bounding box of the differences */
};

bool shot_grab(xcb_connection_t *c, xcb_screen_t *screen, struct shot *s);
void shot_free(struct shot *s);
/* True when every pixel is equal; `d` describes the differences otherwise. */
bool shot_compare(const struct shot *a, const struct shot *b, struct shot_diff *d);
bool shot_write_png(const struct shot *s, const char *path);
/* Matching pixels dimmed, differing ones pure red. */
bool shot_write_diff_png(const struct shot *a, const struct shot *b, const char *path);

#endif
