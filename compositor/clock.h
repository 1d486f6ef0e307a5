/* The compositor's clock: real (CLOCK_MONOTONIC) or virtual, where time moves
 * only when the control protocol steps it, so that animations are repeatable. */
#ifndef SHMCOMP_COMPOSITOR_CLOCK_H
#define SHMCOMP_COMPOSITOR_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct comp_clock {
	bool is_virtual;
	uint64_t virtual_ms;
};

uint64_t clock_real_ms(void);
/* The same time at the kernel tick's resolution (a few ms), much cheaper to read. */
uint64_t clock_coarse_ms(void);
/* Milliseconds on the clock in force. */
uint64_t clock_now_ms(const struct comp_clock *clock);

#endif
