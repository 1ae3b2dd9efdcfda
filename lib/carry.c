/* carry.c — see carry.h */
#include "carry.h"
#include "fields.h"
#include "record.h"
#include "util.h"

#include <string.h>

void
carry_strip(cJSON *rec, const char *keep)
{
	for (cJSON *m = rec ? rec->child : NULL, *next; m; m = next) {
		next = m->next;
		if (keep && m->string && !strcmp(m->string, keep))
			continue;
		if (!m->string || !field_is_carried(m->string))
			cJSON_Delete(cJSON_DetachItemViaPointer(rec, m));
	}
}

void
carry_source_label(cJSON *rec)
{
	cJSON *s = rec ? cJSON_GetObjectItemCaseSensitive(rec, F_SOURCE) : NULL;
	if (!cJSON_IsString(s))
		return;
	if (str_empty(s->valuestring)) {
		cJSON_Delete(cJSON_DetachItemViaPointer(rec, s));
		return;
	}
	cJSON *o = cJSON_CreateObject();
	rec_set_str(o, F_SOURCE_NAME, s->valuestring);
	cJSON_ReplaceItemInObjectCaseSensitive(rec, F_SOURCE, o);
}
