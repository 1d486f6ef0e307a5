/* unit suite: shmcomp's command line and the minimal configuration loader
 * (lookup order, FILE:LINE errors, colours). Run as: test-options CASE DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compositor/options.h"
#include "config/config.h"

static int failures;
static const char *tmpdir;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                \
			failures++;                                                    \
		}                                                                      \
	} while (0)

static bool parse(struct comp_options *o, char *err, const char *a1, const char *a2,
	const char *a3)
{
	char *argv[] = {"shmcomp", (char *)a1, (char *)a2, (char *)a3, NULL};
	int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
	return comp_options_parse(argc, argv, o, err, 256);
}

static void case_options(void)
{
	struct comp_options o;
	char err[256];

	CHECK(parse(&o, err, NULL, NULL, NULL));
	CHECK(o.shm == SHM_AUTO && !o.vsync && !o.replace && o.log_level == LOG_WARN &&
		!o.config_path && !o.display);
	CHECK(parse(&o, err, "--shm=memfd", "--vsync", "--replace"));
	CHECK(o.shm == SHM_MEMFD && o.vsync && o.replace);
	CHECK(parse(&o, err, "--shm", "none", "--no-vsync"));
	CHECK(o.shm == SHM_NONE && !o.vsync);
	CHECK(parse(&o, err, "--config", "/x/y.conf", "--display=:3"));
	CHECK(o.config_path && strcmp(o.config_path, "/x/y.conf") == 0);
	CHECK(o.display && strcmp(o.display, ":3") == 0);
	CHECK(parse(&o, err, "--log-level=debug", NULL, NULL) && o.log_level == LOG_DEBUG);
	CHECK(!parse(&o, err, "--shm=posix", NULL, NULL) && strstr(err, "posix"));
	CHECK(!parse(&o, err, "--shm", NULL, NULL) && strstr(err, "needs a value"));
	CHECK(!parse(&o, err, "--shm=", NULL, NULL) && strstr(err, "needs a value"));
	CHECK(!parse(&o, err, "--log-level", "loud", NULL) && strstr(err, "loud"));
	CHECK(!parse(&o, err, "--frobnicate", NULL, NULL) && strstr(err, "--frobnicate"));
	CHECK(!parse(&o, err, "--configx", NULL, NULL));
	CHECK(parse(&o, err, "--version", NULL, NULL) && o.show_version);
	CHECK(parse(&o, err, "-h", NULL, NULL) && o.show_help);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void case_config(void)
{
	struct config c;
	char path[512], err[512];
	uint32_t v;

	CHECK(config_parse_color("#102030", &v) && v == 0xff102030u);
	CHECK(config_parse_color("#80102030", &v) && v == 0x80102030u);
	CHECK(!config_parse_color("102030", &v) && !config_parse_color("#1020", &v) &&
		!config_parse_color("#10203g", &v) && !config_parse_color(NULL, &v));

	config_defaults(&c);
	CHECK(c.background_color == 0xff000000u);
	snprintf(path, sizeof path, "%s/empty.conf", tmpdir);
	write_file(path, "");
	CHECK(config_load(path, &c, err, sizeof err) && c.background_color == 0xff000000u);
	snprintf(path, sizeof path, "%s/color.conf", tmpdir);
	write_file(path, "# comment\nbackground-color = \"#336699\";\n");
	CHECK(config_load(path, &c, err, sizeof err) && c.background_color == 0xff336699u);
	CHECK(strcmp(c.source, path) == 0);
	/* Errors name the file and the line; the running config stays. */
	snprintf(path, sizeof path, "%s/syntax.conf", tmpdir);
	write_file(path, "shadow = true;\n\nfading = ;\n");
	CHECK(!config_load(path, &c, err, sizeof err));
	CHECK(strstr(err, "syntax.conf:3:") != NULL);
	CHECK(c.background_color == 0xff336699u);
	snprintf(path, sizeof path, "%s/type.conf", tmpdir);
	write_file(path, "\nbackground-color = 12;\n");
	CHECK(!config_load(path, &c, err, sizeof err) && strstr(err, "type.conf:2:"));
	snprintf(path, sizeof path, "%s/missing.conf", tmpdir);
	CHECK(!config_load(path, &c, err, sizeof err) && strstr(err, "missing.conf"));
}

static void case_config_find(void)
{
	char home[256], dirs[1024], p[1024], out[CONFIG_PATH_MAX];

	snprintf(home, sizeof home, "%.200s/xdg-home", tmpdir);
	snprintf(p, sizeof p, "%s/shmcomp", home);
	mkdir(home, 0755);
	mkdir(p, 0755);
	snprintf(dirs, sizeof dirs, "%s/xdg-a:%s/xdg-b", tmpdir, tmpdir);
	snprintf(p, sizeof p, "%s/xdg-b", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp/shmcomp.conf", tmpdir);
	write_file(p, "");
	snprintf(out, sizeof out, "%s/shmcomp/shmcomp.conf", home);
	unlink(out); /* left by an earlier run */
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("XDG_CONFIG_DIRS", dirs, 1);
	/* Nothing in XDG_CONFIG_HOME: the second of XDG_CONFIG_DIRS. */
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	snprintf(p, sizeof p, "%s/shmcomp/shmcomp.conf", home);
	write_file(p, "");
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	/* An explicit path wins, even when missing (loading it then says so). */
	CHECK(config_find("/nonexistent.conf", out, sizeof out) &&
		strcmp(out, "/nonexistent.conf") == 0);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_DIRS", "/nonexistent", 1);
	CHECK(!config_find(NULL, out, sizeof out) && out[0] == '\0');
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	tmpdir = argv[2];
	if (strcmp(argv[1], "options") == 0)
		case_options();
	else if (strcmp(argv[1], "config") == 0)
		case_config();
	else if (strcmp(argv[1], "config-find") == 0)
		case_config_find();
	else
		return 2;
	return failures ? 1 : 0;
}
