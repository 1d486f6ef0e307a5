/* Typed values of settings: each getter checks the libconfig type (and range) and fails
 * with "FILE:LINE: NAME must be ..." otherwise. */
#include <math.h>

#include "config/config-private.h"

const char *config_type_name(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a floating-point number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array";
	case CONFIG_TYPE_LIST:
		return "a list";
	case CONFIG_TYPE_GROUP:
		return "a group";
	default:
		return "nothing";
	}
}

bool config_get_bool(struct loader *l, const config_setting_t *s, const char *name, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return config_fail(
		        l, s, "%s must be true or false, not %s", name, config_type_name(s));
	*out = config_setting_get_bool(s);
	return true;
}

static bool get_number(struct loader *l, const config_setting_t *s, const char *name,
        const char *what, double *out)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		*out = config_setting_get_int(s);
		return true;
	case CONFIG_TYPE_INT64:
		*out = (double)config_setting_get_int64(s);
		return true;
	case CONFIG_TYPE_FLOAT:
		*out = config_setting_get_float(s);
		return true;
	default:
		return config_fail(l, s, "%s must be %s, not %s", name, what, config_type_name(s));
	}
}

static bool in_range(struct loader *l, const config_setting_t *s, const char *name, double v,
        double min, double max)
{
	if (v >= min && v <= max)
		return true;
	return config_fail(l, s, "%s must be between %g and %g, not %g", name, min, max, v);
}

bool config_get_double(struct loader *l, const config_setting_t *s, const char *name, double min,
        double max, double *out)
{
	double v = 0;

	if (!get_number(l, s, name, "a number", &v) || !in_range(l, s, name, v, min, max))
		return false;
	*out = v;
	return true;
}

bool config_get_int(struct loader *l, const config_setting_t *s, const char *name, double min,
        double max, int *out)
{
	double v = 0;

	if (!get_number(l, s, name, "an integer", &v))
		return false;
	if (v != floor(v))
		return config_fail(l, s, "%s must be an integer, not %g", name, v);
	if (!in_range(l, s, name, v, min, max))
		return false;
	*out = (int)v;
	return true;
}

bool config_get_string(struct loader *l, const config_setting_t *s, const char *name,
        const char *what, const char **out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return config_fail(l, s, "%s must be %s, not %s", name, what, config_type_name(s));
	*out = config_setting_get_string(s);
	return true;
}

bool config_get_color(struct loader *l, const config_setting_t *s, const char *name, uint32_t *out)
{
	const char *v = NULL;

	if (!config_get_string(l, s, name, "a color \"#rrggbb\"", &v))
		return false;
	if (!config_parse_color(v, out))
		return config_fail(l, s,
		        "%s must be a color \"#rrggbb\" or \"#aarrggbb\", not \"%s\"", name, v);
	return true;
}
