/* Every field name of lib/fields.c is documented in man/veille.7, the
 * single source of truth. Run from the project root (tests/run does). */
#include "fields.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int
main(void)
{
	FILE *fp = fopen("man/veille.7", "r");
	ok(fp != NULL, "man/veille.7 is readable");
	if (!fp)
		return tap_done();
	struct buf b;
	buf_init(&b);
	char line[4096];
	while (fgets(line, sizeof line, fp))
		buf_adds(&b, line);
	fclose(fp);
	for (int i = 0; field_table[i].name; i++) {
		/* documented as "Cm name" (possibly in a list "name , other") */
		char *pat1 = xasprintf("Cm %s\n", field_table[i].name);
		char *pat2 = xasprintf("Cm %s ", field_table[i].name);
		char *pat3 = xasprintf(" %s ,", field_table[i].name);
		char *pat4 = xasprintf(", %s\n", field_table[i].name);
		int found = strstr(b.data, pat1) || strstr(b.data, pat2) ||
		    strstr(b.data, pat3) || strstr(b.data, pat4);
		ok(found, "field '%s' (%s) is documented in veille(7)",
		    field_table[i].name, field_table[i].record);
		free(pat1);
		free(pat2);
		free(pat3);
		free(pat4);
	}
	buf_free(&b);
	return tap_done();
}
