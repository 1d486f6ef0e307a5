/* Test harness: private X servers, child processes, process leak snapshots, X helpers. */
#include "tests/harness/harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool in_path(const char *binary)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(binary, '/'))
		return access(binary, X_OK) == 0;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, binary);
		if (access(buf, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

static void exec_server(const char *binary, int fd, const char *const *args)
{
	const char *argv[64];
	char fdstr[16];
	size_t n = 0;

	snprintf(fdstr, sizeof fdstr, "%d", fd);
	argv[n++] = binary;
	argv[n++] = "-displayfd";
	argv[n++] = fdstr;
	argv[n++] = "-nolisten";
	argv[n++] = "tcp";
	argv[n++] = "-noreset";
	for (size_t i = 0; args && args[i] && n < 62; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (!getenv("HARNESS_SERVER_LOG")) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDERR_FILENO);
			dup2(null, STDOUT_FILENO);
		}
	}
	execvp(binary, (char *const *)argv);
	_exit(127);
}

static int read_display(int fd, pid_t pid)
{
	char buf[32];
	size_t len = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (len < sizeof buf - 1) {
		if (poll(&p, 1, 15000) <= 0)
			return -1;
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		if (memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	(void)pid;
	return atoi(buf);
}

int xserver_start(struct xserver *xs, const char *binary, const char *const *args)
{
	int p[2];

	xs->pid = -1;
	xs->display = -1;
	xs->name[0] = '\0';
	if (!in_path(binary)) {
		fprintf(stderr, "harness: %s is not installed\n", binary);
		return HARNESS_SKIP;
	}
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		exec_server(binary, p[1], args);
	}
	close(p[1]);
	xs->pid = pid;
	xs->display = read_display(p[0], pid);
	close(p[0]);
	if (xs->display < 0) {
		fprintf(stderr, "harness: %s did not report a display\n", binary);
		xserver_stop(xs);
		return -1;
	}
	snprintf(xs->name, sizeof xs->name, ":%d", xs->display);
	return 0;
}

void xserver_stop(struct xserver *xs)
{
	if (xs->pid <= 0)
		return;
	kill(xs->pid, SIGTERM);
	for (int i = 0; i < 300; i++) {
		if (waitpid(xs->pid, NULL, WNOHANG) == xs->pid) {
			xs->pid = -1;
			return;
		}
		usleep(10000);
	}
	kill(xs->pid, SIGKILL);
	waitpid(xs->pid, NULL, 0);
	xs->pid = -1;
}

xcb_connection_t *xserver_connect(const struct xserver *xs, xcb_screen_t **screen)
{
	int snum = 0;
	xcb_connection_t *c = xcb_connect(xs->name, &snum);

	if (xcb_connection_has_error(c)) {
		fprintf(stderr, "harness: cannot connect to %s\n", xs->name);
		exit(1);
	}
	if (screen) {
		xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(c));
		for (int i = 0; i < snum; i++)
			xcb_screen_next(&it);
		*screen = it.data;
	}
	return c;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own fd */
}

static int count_shm_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strstr(line, "/memfd:") || strstr(line, "/SYSV"))
			n++;
	fclose(f);
	return n;
}

int sysv_segments_of(pid_t creator)
{
	struct shm_info info;
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
	int n = 0;

	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		if (shmctl(i, SHM_STAT, &ds) < 0)
			continue;
		if (ds.shm_cpid == creator)
			n++;
	}
	return n;
}

void leak_snapshot(struct leak_snapshot *s)
{
	s->fds = count_fds();
	s->shm_mappings = count_shm_mappings();
	s->sysv_segments = sysv_segments_of(getpid());
}

bool leak_same(const struct leak_snapshot *a, const struct leak_snapshot *b, const char *what)
{
	bool same = true;

	if (a->fds != b->fds) {
		fprintf(stderr, "LEAK (%s): fds %d -> %d\n", what, a->fds, b->fds);
		same = false;
	}
	if (a->shm_mappings != b->shm_mappings) {
		fprintf(stderr, "LEAK (%s): shm mappings %d -> %d\n", what, a->shm_mappings,
		        b->shm_mappings);
		same = false;
	}
	if (a->sysv_segments != b->sysv_segments) {
		fprintf(stderr, "LEAK (%s): SysV segments %d -> %d\n", what, a->sysv_segments,
		        b->sysv_segments);
		same = false;
	}
	return same;
}

double monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

xcb_atom_t x_atom(xcb_connection_t *c, const char *name)
{
	xcb_intern_atom_reply_t *r =
	        xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_NONE;
	free(r);
	return a;
}

void x_sync(xcb_connection_t *c)
{
	free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
}

pid_t spawn(const char *const *argv, const char *display, const char *log_path)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if (display)
		setenv("DISPLAY", display, 1);
	if (log_path) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			dup2(fd, STDOUT_FILENO);
			close(fd);
		}
	}
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

int wait_exit(pid_t pid, int timeout_ms)
{
	int status;

	for (int waited = 0; waited <= timeout_ms; waited += 5) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (r < 0)
			return -1;
		usleep(5000);
	}
	return -1;
}

bool wait_cm_owner(xcb_connection_t *c, int timeout_ms)
{
	xcb_atom_t sel = x_atom(c, "_NET_WM_CM_S0");

	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		xcb_get_selection_owner_reply_t *r =
		        xcb_get_selection_owner_reply(c, xcb_get_selection_owner(c, sel), NULL);
		bool owned = r && r->owner != XCB_NONE;
		free(r);
		if (owned)
			return true;
		usleep(10000);
	}
	return false;
}

char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 65536);
	if (buf) {
		n = fread(buf, 1, 65535, f);
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* Calls found(v, data) on each visual of each depth until it returns true; that visual. */
static const xcb_visualtype_t *find_visual(const xcb_screen_t *s,
        bool (*found)(const xcb_visualtype_t *v, uint8_t depth, uintptr_t data), uintptr_t data)
{
	xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(s);

	for (; d.rem; xcb_depth_next(&d)) {
		xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data);
		for (; v.rem; xcb_visualtype_next(&v))
			if (found(v.data, d.data->depth, data))
				return v.data;
	}
	return NULL;
}

static bool has_id(const xcb_visualtype_t *v, uint8_t depth, uintptr_t id)
{
	return v->visual_id == id;
}

static bool is_argb(const xcb_visualtype_t *v, uint8_t depth, uintptr_t unused)
{
	return depth == 32 && v->_class == XCB_VISUAL_CLASS_TRUE_COLOR && v->red_mask == 0xff0000 &&
	       v->blue_mask == 0xff;
}

const xcb_visualtype_t *x_visual(const xcb_screen_t *s, xcb_visualid_t id)
{
	return find_visual(s, has_id, id);
}

xcb_visualid_t x_argb_visual(const xcb_screen_t *s)
{
	const xcb_visualtype_t *v = find_visual(s, is_argb, 0);

	return v ? v->visual_id : 0;
}

uint32_t root_pixel(xcb_connection_t *c, const xcb_screen_t *s, int16_t x, int16_t y)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(
	        c, xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, s->root, x, y, 1, 1, ~0u), NULL);
	uint32_t v = 0xdeadbeef;

	if (r && xcb_get_image_data_length(r) >= 4)
		memcpy(&v, xcb_get_image_data(r), 4);
	free(r);
	return v == 0xdeadbeef ? v : v & 0xffffff;
}
