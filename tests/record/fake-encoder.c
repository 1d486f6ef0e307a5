/* A stand-in for ffmpeg in the recorder's tests, taking its options and ignoring
 * them. FAKE_ENCODER says how it behaves: "slow" reads 64 KiB every 20 ms until the
 * end of its input, "stuck" never reads, "fail" says what ffmpeg says about an
 * encoder it lacks and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int slow(void)
{
	static char buf[65536];
	for (;;) {
		ssize_t n = read(0, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0)
			return 1;
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int main(void)
{
	const char *mode = getenv("FAKE_ENCODER");
	if (!mode)
		mode = "";
	if (strcmp(mode, "slow") == 0)
		return slow();
	if (strcmp(mode, "stuck") == 0) {
		for (;;)
			pause();
	}
	fprintf(stderr, "Unknown encoder 'ffv1'\n");
	return 1;
}
