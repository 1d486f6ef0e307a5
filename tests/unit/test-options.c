/* unit suite: shmcomp's command line (the configuration loader's cases are in
 * tests/config/). Run as: test-options CASE DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/options.h"
#include "tests/harness/runner.h"

static bool parse(struct comp_options *o, char *err, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {"shmcomp", (char *)a1, (char *)a2, (char *)a3, NULL};
	int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
	return comp_options_parse(argc, argv, o, err, 256);
}

TEST(options)
{
	struct comp_options o;
	char err[256];

	CHECK(parse(&o, err, NULL, NULL, NULL));
	CHECK(o.shm == SHM_AUTO && !o.vsync && !o.replace && o.log_level == COMP_LOG_WARN &&
	        !o.config_path && !o.display);
	CHECK(parse(&o, err, "--shm=memfd", "--vsync", "--replace"));
	CHECK(o.shm == SHM_MEMFD && o.vsync && o.replace);
	CHECK(parse(&o, err, "--shm", "none", "--no-vsync"));
	CHECK(o.shm == SHM_NONE && !o.vsync);
	CHECK(parse(&o, err, "--config", "/x/y.conf", "--display=:3"));
	CHECK(o.config_path && strcmp(o.config_path, "/x/y.conf") == 0);
	CHECK(o.display && strcmp(o.display, ":3") == 0);
	CHECK(parse(&o, err, "--log-level=debug", NULL, NULL) && o.log_level == COMP_LOG_DEBUG);
	CHECK(!parse(&o, err, "--shm=posix", NULL, NULL) && strstr(err, "posix"));
	CHECK(!parse(&o, err, "--shm", NULL, NULL) && strstr(err, "needs a value"));
	CHECK(!parse(&o, err, "--shm=", NULL, NULL) && strstr(err, "needs a value"));
	CHECK(!parse(&o, err, "--log-level", "loud", NULL) && strstr(err, "loud"));
	CHECK(!parse(&o, err, "--frobnicate", NULL, NULL) && strstr(err, "--frobnicate"));
	CHECK(!parse(&o, err, "--configx", NULL, NULL));
	CHECK(parse(&o, err, "--version", NULL, NULL) && o.show_version);
	CHECK(parse(&o, err, "-h", NULL, NULL) && o.show_help);
	return TEST_PASS;
}
