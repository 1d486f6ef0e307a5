/* unit suite: proctree_usage finds a process's descendants (children and
 * grandchildren, not itself, not its siblings), counts the runnable ones and adds
 * their CPU time; a pid that is not a process is reported as such. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compositor/proctree.h"
#include "tests/harness/runner.h"

static void spin_forever(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

TEST(proctree)
{
	struct proctree_usage u = {0};
	pid_t root = fork();

	if (root == 0) { /* asked about: a child sleeping, a child with two children */
		setpgid(0, 0);
		if (fork() == 0)
			pause();
		if (fork() == 0) {
			if (fork() == 0)
				spin_forever();
			if (fork() == 0)
				pause();
			pause();
		}
		pause();
		_exit(0);
	}
	setpgid(root, root);    /* its whole tree in one group, killed at the end */
	pid_t sibling = fork(); /* spinning beside root: not one of its descendants */
	if (sibling == 0)
		spin_forever();
	CHECK(root > 0 && sibling > 0);
	bool seen = false;
	for (int i = 0; i < 150 && !seen; i++) { /* until all four are there and one spun */
		nap_ms(20);
		seen = proctree_usage(root, &u) && u.children == 4 && u.ticks > 0;
	}
	test_expect(seen, "descendants %u, running %u, ticks %llu", u.children, u.running,
	        (unsigned long long)u.ticks);
	CHECK(u.running >= 1 && u.running <= 2); /* the spinner (and one still starting) */
	/* this process's: root, its four and the sibling */
	CHECK(proctree_usage(getpid(), &u) && u.children == 6);
	CHECK(!proctree_usage(1 << 30, &u) && u.children == 0); /* no such process */
	CHECK(!proctree_usage(1, &u));                          /* init is not asked about */
	kill(-root, SIGKILL);
	kill(sibling, SIGKILL);
	while (wait(NULL) > 0)
		;
	return TEST_PASS;
}
