/* One pass over /proc/N/stat, then the descendants marked a generation at a time. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compositor/proctree.h"

struct proc {
	pid_t pid, ppid;
	char state;
	bool mark;
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
	p->mark = false;
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

bool proctree_usage(pid_t pid, struct proctree_usage *out)
{
	size_t n = 0;
	struct proc *list;
	bool found = false, more = true;

	*out = (struct proctree_usage){0};
	if (pid <= 1 || !(list = all_processes(&n)))
		return false;
	for (size_t i = 0; i < n; i++)
		found |= list[i].pid == pid;
	/* a generation more per pass: process trees are shallow */
	while (found && more) {
		more = false;
		for (size_t i = 0; i < n; i++) {
			if (list[i].mark)
				continue;
			bool child = list[i].ppid == pid;
			for (size_t j = 0; j < n && !child; j++)
				child = list[j].mark && list[j].pid == list[i].ppid;
			if (child) {
				list[i].mark = more = true;
				out->ticks += list[i].ticks;
				out->running += list[i].state == 'R' || list[i].state == 'D';
				out->children++;
			}
		}
	}
	free(list);
	return found;
}
