/* See decode.h. Every field is read through a cursor that knows how many
 * bytes are left. */
#include "tests/xsettings/decode.h"

#include <stdio.h>
#include <string.h>

struct cursor {
	const uint8_t *p;
	size_t left;
	bool msb;
	char *err;
	size_t errlen;
	bool failed;
};

static bool fail(struct cursor *c, const char *what)
{
	if (!c->failed)
		snprintf(c->err, c->errlen, "%s (%zu bytes left)", what, c->left);
	c->failed = true;
	return false;
}

static bool take(struct cursor *c, size_t n, const uint8_t **out)
{
	if (c->failed || c->left < n)
		return fail(c, "record runs past the end");
	*out = c->p;
	c->p += n;
	c->left -= n;
	return true;
}

static uint32_t card(struct cursor *c, size_t n)
{
	const uint8_t *b;
	uint32_t v = 0;

	if (!take(c, n, &b))
		return 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint32_t)b[c->msb ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

/* The unused bytes that round `n` up to a multiple of 4; the spec leaves
 * their value open, but an encoder that writes garbage there leaks memory. */
static void skip_pad(struct cursor *c, size_t n)
{
	const uint8_t *b;
	size_t pad = (4 - n % 4) % 4;

	if (!take(c, pad, &b))
		return;
	for (size_t i = 0; i < pad; i++) {
		if (b[i] != 0)
			fail(c, "nonzero padding");
	}
}

static void text(struct cursor *c, size_t len, char *out, size_t outlen)
{
	const uint8_t *b;

	if (len >= outlen) {
		fail(c, "text longer than the test's field");
		return;
	}
	if (!take(c, len, &b))
		return;
	memcpy(out, b, len);
	out[len] = '\0';
	if (strlen(out) != len)
		fail(c, "NUL inside a name or string");
	skip_pad(c, len);
}

static void setting(struct cursor *c, struct decoded_setting *s)
{
	s->type = (uint8_t)card(c, 1);
	card(c, 1); /* unused */
	text(c, card(c, 2), s->name, sizeof s->name);
	s->last_change = card(c, 4);
	switch (s->type) {
	case 0:
		s->integer = (int32_t)card(c, 4);
		break;
	case 1:
		text(c, card(c, 4), s->string, sizeof s->string);
		break;
	case 2:
		for (int i = 0; i < 4; i++)
			s->color[i] = (uint16_t)card(c, 2);
		break;
	default:
		fail(c, "unknown setting type");
	}
}

bool decode_settings(const uint8_t *data, size_t len, struct decoded *out, char *err, size_t errlen)
{
	struct cursor c = {.p = data, .left = len, .err = err, .errlen = errlen};

	memset(out, 0, sizeof *out);
	out->byte_order = (uint8_t)card(&c, 1);
	if (!c.failed && out->byte_order > 1)
		return fail(&c, "byte order neither 0 nor 1");
	c.msb = out->byte_order == 1;
	card(&c, 3); /* unused */
	out->serial = card(&c, 4);
	out->count = card(&c, 4);
	if (!c.failed && out->count > DECODED_MAX)
		return fail(&c, "more settings than the test takes");
	for (uint32_t i = 0; i < out->count && !c.failed; i++)
		setting(&c, &out->settings[i]);
	if (!c.failed && c.left)
		fail(&c, "bytes after the last setting");
	return !c.failed;
}

const struct decoded_setting *decoded_find(const struct decoded *d, const char *name)
{
	for (uint32_t i = 0; i < d->count && i < DECODED_MAX; i++) {
		if (strcmp(d->settings[i].name, name) == 0)
			return &d->settings[i];
	}
	return NULL;
}
