/*
 * render-private: helpers shared by the files of render/, not part of its API.
 */
#ifndef SHMCOMP_RENDER_PRIVATE_H
#define SHMCOMP_RENDER_PRIVATE_H

#include <pixman.h>

/* A new a8r8g8b8 copy of img (x8 formats get alpha 0xff), or NULL when out of memory. */
pixman_image_t *render_to_argb32(pixman_image_t *img);

#endif
