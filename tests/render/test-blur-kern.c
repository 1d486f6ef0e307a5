/*
 * The blur-kern parser: picom's named kernels (values of picom's own table), custom matrices
 * with the centre left out, separators as picom reads them, several kernels, and an error
 * naming the column for every malformed text.
 * Usage: test-blur-kern CHECK (named, custom, errors).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

static bool parse(const char *text, struct render_kernel **k, size_t *n)
{
	char err[160];

	if (render_kernels_parse(text, k, n, err, sizeof(err)))
		return true;
	t_fail("'%s' did not parse: %s", text, err);
	return false;
}

static double at(const struct render_kernel *k, uint32_t x, uint32_t y)
{
	return k->values[y * k->width + x];
}

/* Values from picom's own table (src/config.c, CONV_KERN_PREDEF), by kernel and position. */
static bool check_named(void)
{
	static const struct {
		const char *name;
		uint32_t side, x, y;
		double value;
	} want[] = {
	        {"3x3box", 3, 0, 0, 1},
	        {"5x5box", 5, 4, 3, 1},
	        {"7x7box", 7, 6, 6, 1},
	        {"3x3gaussian", 3, 0, 0, 0.243117},
	        {"3x3gaussian", 3, 1, 0, 0.493069},
	        {"5x5gaussian", 5, 0, 0, 0.003493},
	        {"5x5gaussian", 5, 1, 0, 0.029143},
	        {"5x5gaussian", 5, 2, 0, 0.059106},
	        {"5x5gaussian", 5, 2, 1, 0.493069},
	        {"7x7gaussian", 7, 0, 0, 0.000003},
	        {"7x7gaussian", 7, 3, 0, 0.001723},
	        {"7x7gaussian", 7, 2, 1, 0.029143},
	        {"9x9gaussian", 9, 4, 0, 0.000012},
	        {"9x9gaussian", 9, 3, 0, 0.000006},
	        {"9x9gaussian", 9, 2, 0, 0.000001},
	        {"9x9gaussian", 9, 1, 0, 0},
	        {"11x11gaussian", 11, 5, 1, 0.000012},
	        {"11x11gaussian", 11, 3, 2, 0.000102},
	        {"11x11gaussian", 11, 4, 2, 0.000849},
	        {"11x11gaussian", 11, 5, 0, 0},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct render_kernel *k;
		size_t n;
		bool ok;

		if (!parse(want[i].name, &k, &n))
			return false;
		ok = n == 1 && k[0].width == want[i].side && k[0].height == want[i].side &&
		     at(&k[0], want[i].side / 2, want[i].side / 2) == 1 &&
		     fabs(at(&k[0], want[i].x, want[i].y) - want[i].value) < 1e-12 &&
		     at(&k[0], want[i].x, want[i].y) == at(&k[0], want[i].y, want[i].x) &&
		     at(&k[0], want[i].x, want[i].y) ==
		             at(&k[0], want[i].side - 1 - want[i].x, want[i].side - 1 - want[i].y);
		if (!ok)
			t_fail("%s: %zu kernels, %ux%u, value at (%u,%u) %.9f, want %.6f",
			        want[i].name, n, n ? k[0].width : 0, n ? k[0].height : 0, want[i].x,
			        want[i].y, n ? at(&k[0], want[i].x, want[i].y) : 0, want[i].value);
		render_kernels_free(k, n);
		if (!ok)
			return false;
	}
	return true;
}

static bool same(const char *text, size_t count, const uint32_t *sides, const double *values)
{
	struct render_kernel *k;
	size_t n, v = 0;
	bool ok;

	if (!parse(text, &k, &n))
		return false;
	ok = n == count;
	for (size_t i = 0; ok && i < n; i++) {
		ok = k[i].width == sides[2 * i] && k[i].height == sides[2 * i + 1];
		for (size_t j = 0; ok && j < (size_t)k[i].width * k[i].height; j++)
			ok = k[i].values[j] == values[v++];
	}
	if (!ok)
		t_fail("'%s' parsed to something else (%zu kernels)", text, n);
	render_kernels_free(k, n);
	return ok;
}

static bool check_custom(void)
{
	struct render_kernel *k = (void *)1;
	size_t n = 7;

	if (!render_kernels_parse("", &k, &n, NULL, 0) || k || n) {
		t_fail("the empty text is not 0 kernels");
		return false;
	}
	render_kernels_free(NULL, 0);
	return same("3,3,1,2,3,4,5,6,7,8", 1, (const uint32_t[]){3, 3},
	               (const double[]){1, 2, 3, 4, 1, 5, 6, 7, 8}) &&
	       /* spaces and commas are separators, any number of them, as picom reads them */
	       same(" 3 , 3 ,0.5 .25,,,+1.\t-2\n7,8 9,10 ,", 1, (const uint32_t[]){3, 3},
	               (const double[]){0.5, 0.25, 1, -2, 1, 7, 8, 9, 10}) &&
	       same("1,1", 1, (const uint32_t[]){1, 1}, (const double[]){1}) &&
	       same("1,3,0.5,0.25;3,1,2,3; 1,1;", 3, (const uint32_t[]){1, 3, 3, 1, 1, 1},
	               (const double[]){0.5, 1, 0.25, 2, 1, 3, 1}) &&
	       /* the centre is 1 whatever the neighbours */
	       same("3,1,0,0", 1, (const uint32_t[]){3, 1}, (const double[]){0, 1, 0}) &&
	       /* picom's 7x7 example from its man page parses, centre 1 */
	       same("5,1,0.1,0.2,0.3,0.4", 1, (const uint32_t[]){5, 1},
	               (const double[]){0.1, 0.2, 1, 0.3, 0.4});
}

static bool fails(const char *text, const char *want)
{
	struct render_kernel *k = (void *)1;
	size_t n = 3;
	char err[160];

	if (render_kernels_parse(text, &k, &n, err, sizeof(err))) {
		t_fail("'%s' parsed (%zu kernels); want \"%s\"", text, n, want);
		render_kernels_free(k, n);
		return false;
	}
	if (strcmp(err, want) != 0 || k || n) {
		t_fail("'%s': \"%s\", want \"%s\"", text, err, want);
		return false;
	}
	/* no buffer for the message is fine too */
	return !render_kernels_parse(text, &k, &n, NULL, 0) && !k;
}

static bool check_errors(void)
{
	char many[128] = "", big[512] = "3,3,1";

	for (int i = 0; i < 17; i++)
		strcat(many, "1,1;");
	for (int i = 0; i < 400; i++)
		strcat(big, "0");
	return fails("x", "column 1: expected width, found 'x'") &&
	       fails("3", "column 2: expected height, found the end of the kernel") &&
	       fails("2,3,1,1,1,1,1", "column 1: the kernel width must be an odd whole number from "
	                              "1 to 127") &&
	       fails("3,4",
	               "column 3: the kernel height must be an odd whole number from 1 to 127") &&
	       fails("3.5,3",
	               "column 1: the kernel width must be an odd whole number from 1 to 127") &&
	       fails("-3,3",
	               "column 1: the kernel width must be an odd whole number from 1 to 127") &&
	       fails("129,1",
	               "column 1: the kernel width must be an odd whole number from 1 to 127") &&
	       fails("3,3,1,1", "column 8: a 3x3 kernel takes 8 values (the centre left out), "
	                        "found 2") &&
	       fails("3,3,1,1,1,1,1,1,1;1,1",
	               "column 18: a 3x3 kernel takes 8 values (the centre left out), found 7") &&
	       fails("3,3,1,1,1,1,1,1,1,1,1",
	               "column 21: more values than the 8 a 3x3 kernel takes") &&
	       fails("3,3,1,1,1,1,1,1,1,1;x", "column 21: expected width, found 'x'") &&
	       fails("3,3,1,1,1,1e3,1,1,1", "column 12: expected a kernel value, found 'e'") &&
	       fails("1,1;;", "column 5: expected width, found the end of the kernel") &&
	       fails("3,3,1,+,1", "column 7: expected a kernel value, found '+'") &&
	       fails("3x3 box", "column 2: expected height, found 'x'") &&
	       fails(" 3x3box", "column 3: expected height, found 'x'") &&
	       fails(many, "column 65: more than 16 kernels") &&
	       fails(big, "column 5: a kernel value is too large");
}

TEST(named)
{
	return check_named() ? TEST_PASS : TEST_FAIL;
}

TEST(custom)
{
	return check_custom() ? TEST_PASS : TEST_FAIL;
}

TEST(errors)
{
	return check_errors() ? TEST_PASS : TEST_FAIL;
}
