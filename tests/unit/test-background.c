/* unit suite: the background probe's own damage is recognised by the full sequence
 * of the requests that caused it, so that damage 65536 requests later (when the
 * 16 bits an event carries come round again) is a client's drawing, not the probe's. */
#include "compositor/background.h"
#include "tests/harness/runner.h"

TEST(probe_seq)
{
	struct background b = {0};

	CHECK(!background_probe_damage(&b, 0));
	CHECK(!background_probe_damage(&b, 100));
	b.seq_first = 100;
	b.seq_last = 110;
	b.probe_sent = true;
	CHECK(background_probe_damage(&b, 100));
	CHECK(background_probe_damage(&b, 105));
	CHECK(background_probe_damage(&b, 110));
	CHECK(!background_probe_damage(&b, 99));
	CHECK(!background_probe_damage(&b, 111));
	/* the same low 16 bits, one wrap later: a client's damage (it was dropped) */
	CHECK(!background_probe_damage(&b, 100 + 65536));
	CHECK(!background_probe_damage(&b, 110 + 3 * 65536));
	/* a probe across the 32-bit wrap */
	b.seq_first = 0xfffffffeu;
	b.seq_last = 3;
	CHECK(background_probe_damage(&b, 0xffffffffu));
	CHECK(background_probe_damage(&b, 0));
	CHECK(background_probe_damage(&b, 3));
	CHECK(!background_probe_damage(&b, 4));
	CHECK(!background_probe_damage(&b, 0xfffffffdu));
	return TEST_PASS;
}
