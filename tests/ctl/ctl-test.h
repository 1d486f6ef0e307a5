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
#define FAKE_STATUS_TEXT                                                                           \
	"settled=0\nframe=17\nunpainted=0x400001 class=Never Paint name=a blank window\n"          \
	"animating=0x600003 class=Fader name=fade me fade=0.300->1.000\n"                          \
	"animating=0x600005 class=Opener name=an opening window animation=open line 12\n"          \
	"pending=damage\nfuture=something new\n"
/* CTL_STATUS of windows that keep drawing: a class, a class with blanks and a quote, only a
 * name, neither, one held to the first quiet period; a window not mapped yet. The quiet
 * periods are reported, as shmcomp does. */
#define FAKE_BUSY_TEXT                                                                             \
	"settled=0\nframe=23\nquiet_period=200\nfirst_quiet_period=1000\n"                         \
	"busy=0x600005 class=Ticker name=tick tock fps=60 quiet_ms=12\n"                           \
	"busy=0x600007 class=Bob's Clock name=it's 12:00 fps=1 quiet_ms=150\n"                     \
	"busy=0x600009 class= name=spinner fps=30 quiet_ms=3\n"                                    \
	"busy=0x60000b class= name= fps=2 quiet_ms=100\n"                                          \
	"busy=0x60000f class=XTerm name=xterm fps=1 quiet_ms=600\nnew=0x600011 created_ms=120\n"
/* ... and with window=ID in the request: that window (the id as sent, %.*s) keeps drawing */
#define FAKE_BUSY_SCOPE_TEXT                                                                       \
	"settled=0\nframe=24\nbusy=%.*s class=Scoped name=the target fps=25 quiet_ms=8\n"
#define FAKE_RELOAD_ERROR "fake.conf:3: unknown value 'sideways' for option 'backend'"

/* About 140 KiB of key=value lines whose length is not a multiple of 4, so shmcomp-ctl has to
 * read the property in several pieces and a short last one. The caller frees it. */
char *fake_stats_text(size_t *len);

#endif
