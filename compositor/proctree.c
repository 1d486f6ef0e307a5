/* One pass over /proc/N/stat, then each process's ancestry followed up to the
 * process asked about or out of it, through a table sorted by pid, every answer
 * kept: O(n log n) for n processes. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compositor/proctree.h"

enum { UNKNOWN, DESCENDANT, OTHER, ON_PATH };

struct proc {
	pid_t pid, ppid;
	char state;
	unsigned char kin; /* UNKNOWN, DESCENDANT, OTHER; ON_PATH while being decided */
	uint64_t ticks;
};

/* The fields after the command name (in parentheses, which may hold anything). */
static bool read_stat(pid_t pid, struct proc *p)
{
	char path[64], buf[1024], *s;
	unsigned long long utime, stime;
	int ppid, fd;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	s = strrchr(buf, ')');
	if (!s || sscanf(s + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &p->state,
	                  &ppid, &utime, &stime) != 4)
		return false;
	p->pid = pid;
	p->ppid = (pid_t)ppid;
	p->ticks = (uint64_t)utime + (uint64_t)stime;
	p->kin = UNKNOWN;
	return true;
}

static struct proc *all_processes(size_t *count)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct proc *list = NULL, *grown;
	size_t n = 0, cap = 0;

	if (!d)
		return NULL;
	/* cppcheck-suppress readdirCalled ; one thread reads this directory stream */
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if (!(grown = realloc(list, cap * sizeof *list))) {
				free(list);
				closedir(d);
				return NULL;
			}
			list = grown;
		}
		if (read_stat((pid_t)pid, &list[n]))
			n++;
	}
	closedir(d);
	*count = n;
	return list;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct proc *)a)->pid, y = ((const struct proc *)b)->pid;

	return (x > y) - (x < y);
}

static struct proc *find(struct proc *list, size_t n, pid_t pid)
{
	struct proc key = {.pid = pid};

	return bsearch(&key, list, n, sizeof *list, by_pid);
}

/* Whether `p` descends from `root`: its chain of parents is walked up to a process
 * already decided, to `root` or out of the table, and the answer is given to every
 * process on the way (a loop, which /proc cannot show but a race might, is OTHER). */
static bool descends(struct proc *list, size_t n, struct proc *p, pid_t root)
{
	struct proc *q = p;
	unsigned char kin = OTHER;

	while (q && q->kin == UNKNOWN) {
		q->kin = ON_PATH;
		if (q->ppid == root) {
			kin = DESCENDANT;
			break;
		}
		q = q->ppid > 1 ? find(list, n, q->ppid) : NULL;
	}
	if (q && q->kin == DESCENDANT)
		kin = DESCENDANT;
	for (q = p; q && q->kin == ON_PATH; q = q->ppid > 1 ? find(list, n, q->ppid) : NULL)
		q->kin = kin;
	return kin == DESCENDANT;
}

bool proctree_usage(pid_t pid, struct proctree_usage *out)
{
	size_t n = 0;
	struct proc *list;
	bool found;

	*out = (struct proctree_usage){0};
	if (pid <= 1 || !(list = all_processes(&n)))
		return false;
	qsort(list, n, sizeof *list, by_pid);
	found = find(list, n, pid) != NULL;
	for (size_t i = 0; found && i < n; i++) {
		if (!descends(list, n, &list[i], pid))
			continue;
		out->ticks += list[i].ticks;
		out->running += list[i].state == 'R' || list[i].state == 'D';
		out->children++;
	}
	free(list);
	return found;
}
