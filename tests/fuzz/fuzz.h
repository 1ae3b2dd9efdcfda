/* fuzz.h — what every libFuzzer target of veille shares: records go to
 * /dev/null, warnings are silenced, the XML parser is hardened as in the
 * tools. */
#ifndef VEILLE_FUZZ_H
#define VEILLE_FUZZ_H

#include "feed.h"
#include "parse.h"
#include "record.h"
#include "util.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void
fuzz_init(const char *name)
{
	veille_progname = name;
	parse_quiet = 1;
	/* Records to /dev/null; libFuzzer keeps stderr for its reports
	 * (scripts/fuzz passes -close_fd_mask to quiet the tools' own). */
	int fd = open("/dev/null", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 1);
		close(fd);
	}
	out_init(0);
	feed_xml_harden();
}

#endif
