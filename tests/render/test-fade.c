/*
 * Fade arithmetic on an injected clock: exact step sequences in and out, time short of a
 * step carried over, clamping at the target, finishing at once (--no-animations, bad
 * parameters), retargeting mid-fade, and opacity conversion. Usage: test-fade CHECK.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

/* Step by elapsed and compare with want (exact: the steps are binary fractions). */
static bool step(struct render_fade *f, uint64_t elapsed, double in, double out, double want,
        bool running, uint64_t carry)
{
	bool got = render_fade_step(f, elapsed, 10, in, out);

	if (got != running || f->value != want || f->carry_ms != carry) {
		t_fail("after %llu ms: value %.17g running %d carry %llu; want %.17g %d %llu",
		        (unsigned long long)elapsed, f->value, got, (unsigned long long)f->carry_ms,
		        want, running, (unsigned long long)carry);
		return false;
	}
	return true;
}

static bool check_in(void)
{
	struct render_fade f = {0};

	render_fade_retarget(&f, 1.0);
	return step(&f, 10, 0.25, 0.5, 0.25, true, 0) && step(&f, 10, 0.25, 0.5, 0.5, true, 0) &&
	       step(&f, 20, 0.25, 0.5, 1.0, false, 0) && step(&f, 10, 0.25, 0.5, 1.0, false, 0);
}

static bool check_out(void)
{
	struct render_fade f = {1.0, 1.0, 0};

	render_fade_retarget(&f, 0.25);
	return step(&f, 10, 0.5, 0.125, 0.875, true, 0) && step(&f, 30, 0.5, 0.125, 0.5, true, 0) &&
	       step(&f, 10, 0.5, 0.125, 0.375, true, 0) && step(&f, 10, 0.5, 0.125, 0.25, false, 0);
}

/* 7 + 7 + 26 ms with a 10 ms delta: 0, 1 then 3 steps, carrying 7, 4 then 0 ms. */
static bool check_carry(void)
{
	struct render_fade f = {0, 1.0, 0};

	return step(&f, 7, 0.0625, 1, 0, true, 7) && step(&f, 7, 0.0625, 1, 0.0625, true, 4) &&
	       step(&f, 26, 0.0625, 1, 0.25, true, 0) && step(&f, 0, 0.0625, 1, 0.25, true, 0) &&
	       step(&f, 9, 0.0625, 1, 0.25, true, 9) && step(&f, 1, 0.0625, 1, 0.3125, true, 0);
}

/* The last step overshoots: clamped at the target, done, carry dropped. Huge gaps too. */
static bool check_clamp(void)
{
	struct render_fade up = {0.875, 1.0, 3}, down = {0.125, 0.0, 0}, big = {0, 1.0, 9};

	return step(&up, 17, 0.25, 0.25, 1.0, false, 0) &&
	       step(&down, 10, 0.25, 0.25, 0.0, false, 0) &&
	       step(&big, UINT64_MAX, 0.25, 0.25, 1.0, false, 0);
}

/* --no-animations and unusable parameters end the fade at once. */
static bool check_finish(void)
{
	struct render_fade a = {0.25, 0.75, 5}, b = {0.25, 0.75, 0}, c = {0.75, 0.25, 0};
	struct render_fade d = {0.5, 0.0, 0};

	render_fade_finish(&a);
	return a.value == 0.75 && a.carry_ms == 0 && !render_fade_step(&b, 10, 0, 0.1, 0.1) &&
	       b.value == 0.75 && !render_fade_step(&c, 10, 10, 0.1, 0.0) && c.value == 0.25 &&
	       !render_fade_step(&d, 10, 10, 0.1, NAN) && d.value == 0.0;
}

/* Reversing mid-fade uses the other step; picom's defaults reach 0.28 after 100 ms. */
static bool check_retarget(void)
{
	struct render_fade f = {0, 1.0, 0}, p = {0, 1.0, 0};

	if (!step(&f, 20, 0.25, 0.125, 0.5, true, 0))
		return false;
	render_fade_retarget(&f, 0.0);
	if (!step(&f, 10, 0.25, 0.125, 0.375, true, 0))
		return false;
	render_fade_retarget(&f, 7.0); /* clamped to 1 */
	if (!step(&f, 30, 0.25, 0.125, 1.0, false, 0))
		return false;
	for (int i = 0; i < 10; i++)
		render_fade_step(&p, 10, 10, 0.028, 0.03);
	return fabs(p.value - 0.28) < 1e-12 ||
	       (t_fail("picom defaults: %.17g after 100 ms", p.value), false);
}

static bool check_opacity(void)
{
	return render_opacity_from_unit(0) == 0 &&
	       render_opacity_from_unit(1) == RENDER_OPACITY_OPAQUE &&
	       render_opacity_from_unit(0.5) == 0x80000000u &&
	       render_opacity_from_unit(2) == RENDER_OPACITY_OPAQUE &&
	       render_opacity_from_unit(-1) == 0 && render_opacity_from_unit(NAN) == 0;
}

static const struct t_check checks[] = {
        {"in", check_in},
        {"out", check_out},
        {"carry", check_carry},
        {"clamp", check_clamp},
        {"finish", check_finish},
        {"retarget", check_retarget},
        {"opacity", check_opacity},
};

TEST_P(check, checks)
{
	return t_run_check(tc, "fade");
}
