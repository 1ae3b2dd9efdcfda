/* carry.h — what crosses from one record onto the records made from it
 * (veille(7), CARRIED FIELDS): a target's labels onto its fetch result,
 * a fetch result's labels onto its items. The names that are not carried
 * are the table field_not_carried of fields.h. */
#ifndef VEILLE_CARRY_H
#define VEILLE_CARRY_H

#include <cjson/cJSON.h>

/* Remove from rec every member that is not carried (field_is_carried),
 * but those named keep (NULL: none), which stay in their place. */
void carry_strip(cJSON *rec, const char *keep);
/* One type for "source": a string label ({"source": "lwn"}, as written
 * by hand in a target list) becomes the object {"name": "lwn"}; an empty
 * one is removed. Other types are left alone. */
void carry_source_label(cJSON *rec);

#endif
