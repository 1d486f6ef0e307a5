/*
 * fade: picom's fading as pure arithmetic on an injected clock: every fade-delta the value
 * moves one fade-in-step or fade-out-step toward its target. No timers, no X.
 */
#include <math.h>

#include "render/render.h"

static double clamp_unit(double v)
{
	/* written so that NaN gives 0 */
	return v > 0 ? (v < 1 ? v : 1) : 0;
}

void render_fade_finish(struct render_fade *f)
{
	f->value = f->target;
	f->carry_ms = 0;
}

void render_fade_retarget(struct render_fade *f, double target)
{
	f->target = clamp_unit(target);
	if (isnan(f->value))
		f->value = f->target;
}

static void advance(struct render_fade *f, uint64_t steps, double in_step, double out_step)
{
	if (f->value < f->target)
		f->value = fmin(f->target, f->value + (double)steps * in_step);
	else
		f->value = fmax(f->target, f->value - (double)steps * out_step);
}

bool render_fade_step(struct render_fade *f, uint64_t elapsed_ms, uint32_t delta_ms, double in_step,
        double out_step)
{
	double step = f->value < f->target ? in_step : out_step;
	uint64_t total;

	if (f->value == f->target || delta_ms == 0 || !(step > 0) || isnan(f->value)) {
		render_fade_finish(f);
		return false;
	}
	total = elapsed_ms > UINT64_MAX - f->carry_ms ? UINT64_MAX : f->carry_ms + elapsed_ms;
	f->carry_ms = total % delta_ms;
	advance(f, total / delta_ms, in_step, out_step);
	if (f->value != f->target)
		return true;
	f->carry_ms = 0;
	return false;
}

uint32_t render_opacity_from_unit(double v)
{
	return (uint32_t)(clamp_unit(v) * RENDER_OPACITY_OPAQUE + 0.5);
}
