/* alert_state.h — the state file of veille-alert (SQLite through db.h):
 * the position of the stream, the baselines, open buckets and alerts in
 * progress of every series, the items already alerted on, and the
 * outbox of alerts not yet accepted by their channel (deliver.h). */
#ifndef VEILLE_ALERT_STATE_H
#define VEILLE_ALERT_STATE_H

#include <stddef.h>
#include "db.h"

struct alert;
struct series;

extern const struct db_schema alert_state_schema;

/* v: first bucket, next bucket to close, watermark. 1 and v, 0 for a
 * fresh state, -1 on error (reported). */
int alert_state_meta(struct db *d, long long v[3]);
/* Every series into a (alert_series_add): 0 or -1. */
int alert_state_load(struct db *d, struct alert *a);
/* Replace the saved series and position (v NULL: not started) in one
 * transaction: 0 or -1. */
int alert_state_save(struct db *d, const long long *v, struct series *const *all, size_t n);
/* Has the item id already raised an alert of this kind? If not, record
 * it (at stream time t; records older than 30 days are forgotten) and
 * return 0. d NULL: always 0. */
int alert_state_fired(struct db *d, int kind, const char *id, long long t);

#endif
