/*
 * testlib's case bodies, which take the runner's test_ctx: apart from testlib.c so that the
 * benchmark, which has a main of its own, links testlib without the runner.
 */
#include <stdio.h>

#include "tests/render/testlib.h"

int t_run_check(const struct test_ctx *tc, const char *what)
{
	const struct t_check *c = tc->data;
	bool ok = c->check();

	fprintf(stderr, "%s %s %s\n", ok ? "PASS" : "FAIL", what, c->name);
	return ok ? TEST_PASS : TEST_FAIL;
}

int t_reference_case(const struct test_ctx *tc, pixman_format_code_t fmt, int w, int h,
        unsigned tolerance, bool (*draw)(struct render_ctx *ctx, pixman_image_t *dst, void *data),
        void *data)
{
	const char *refdir = test_arg(tc, 0, "REFDIR"), *outdir = test_arg(tc, 1, "OUTDIR");
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(fmt, w, h);
	bool ok = ctx && draw(ctx, dst, data);

	if (!ok)
		t_fail("%s: no shot to compare", tc->name);
	ok = ok && t_check_reference(dst, tc->name, tolerance, refdir, outdir);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	fprintf(stderr, "%s reference %s\n", ok ? "PASS" : "FAIL", tc->name);
	return ok ? TEST_PASS : TEST_FAIL;
}
