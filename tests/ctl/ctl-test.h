/* Shared by the shmcomp-ctl tests and fake-owner, their stand-in compositor: what the fake
 * answers with, so that the tests can check that shmcomp-ctl passes it on unchanged. */
#ifndef SHMCOMP_TESTS_CTL_TEST_H
#define SHMCOMP_TESTS_CTL_TEST_H

#include <stddef.h>

#define FAKE_VERSION "0.0-fake"
#define FAKE_OTHER_NAME "othercomp"
#define FAKE_OTHER_CLASS "otherclass\0OtherClass" /* WM_CLASS: instance, class */
#define FAKE_WAIT_DELAY_MS 200
/* CTL_STATUS of a screen that does not settle, with blanks in names and a key we do not know */
#define FAKE_STATUS_TEXT                                                             \
	"settled=0\nframe=17\nunpainted=0x400001 class=Never Paint name=a blank window\n" \
	"animating=0x600003 class=Fader name=fade me fade=0.300->1.000\n"                   \
	"pending=damage\nfuture=something new\n"
#define FAKE_RELOAD_ERROR "fake.conf:3: unknown value 'sideways' for option 'backend'"

/* About 140 KiB of key=value lines whose length is not a multiple of 4, so shmcomp-ctl has to
 * read the property in several pieces and a short last one. The caller frees it. */
char *fake_stats_text(size_t *len);

#endif
