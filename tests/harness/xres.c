/* X-Resource counts of a client's server-side resources (see harness.h). */
#include "tests/harness/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/res.h>

bool xres_count(xcb_connection_t *observer, xcb_connection_t *client, struct xres_counts *out)
{
	uint32_t base = xcb_get_setup(client)->resource_id_base;
	xcb_atom_t pixmap = x_atom(observer, "PIXMAP");
	xcb_atom_t shmseg = x_atom(observer, "ShmSeg");
	xcb_atom_t gc = x_atom(observer, "GC");

	memset(out, 0, sizeof *out);
	x_sync(client);
	xcb_res_query_client_resources_reply_t *r = xcb_res_query_client_resources_reply(
	        observer, xcb_res_query_client_resources(observer, base), NULL);
	if (!r)
		return false;
	xcb_res_type_iterator_t it = xcb_res_query_client_resources_types_iterator(r);
	for (; it.rem; xcb_res_type_next(&it)) {
		out->total += it.data->count;
		if (it.data->resource_type == pixmap)
			out->pixmaps = it.data->count;
		else if (it.data->resource_type == shmseg)
			out->shm_segments = it.data->count;
		else if (it.data->resource_type == gc)
			out->gcs = it.data->count;
	}
	free(r);
	return true;
}

bool xres_same(const struct xres_counts *a, const struct xres_counts *b, const char *what)
{
	if (a->pixmaps == b->pixmaps && a->shm_segments == b->shm_segments && a->gcs == b->gcs &&
	        a->total == b->total)
		return true;
	fprintf(stderr,
	        "LEAK (%s): server resources pixmaps %u->%u shmsegs %u->%u gcs %u->%u total "
	        "%u->%u\n",
	        what, a->pixmaps, b->pixmaps, a->shm_segments, b->shm_segments, a->gcs, b->gcs,
	        a->total, b->total);
	return false;
}
