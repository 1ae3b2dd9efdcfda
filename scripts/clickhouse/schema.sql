-- scripts/clickhouse/schema.sql: veille's records in ClickHouse (written
-- for Debian 12's 18.16; later versions take it as it is).
--
--   clickhouse-client --multiquery < scripts/clickhouse/schema.sql
--
-- Tables, one per kind of record of veille(7):
--   veille.items     ITEM RECORDS (veille-parse ... veille-classify,
--                    veille-dedupe, veille-store query)
--   veille.alerts    ALERT RECORDS (veille-alert)
--   veille.failures  records with "error": a failed fetch or parse passed
--                    down the pipeline (veille-report counts them apart too)
--   veille.stream    takes any of them: three materialized views send each
--                    record to its table, so the output of a whole pipeline
--                    loads with one INSERT. It keeps nothing itself (Null).
--
-- Run again, it leaves the three tables as they are and makes the stream
-- and its views anew.
--
-- Load with the settings of scripts/clickhouse/client.xml:
--   ... | clickhouse-client --config-file scripts/clickhouse/client.xml \
--         --query "INSERT INTO veille.items FORMAT JSONEachRow"
--
-- The mapping of the JSON fields (FORMAT JSONEachRow, no flattening step):
-- - A field is a column of the same name; a member of an object field
--   (source, sentiment, engagement, window) is a column with a dotted name,
--   `source.name`, which input_format_import_nested_json=1 fills from
--   {"source": {"name": ...}}.
-- - Fields that are not columns are skipped, at any depth
--   (input_format_skip_unknown_fields=1): labels of your own, enclosures,
--   matches, and the items and sources of an alert (arrays of objects,
--   which 18.16 cannot load into columns; add a column and a jq step such
--   as jq -c '. + {item_ids: [.items[]?.id]}' if you need them).
-- - veille leaves out a field with no value, never writes null (veille(7)).
--   A text or array left out is '' or []; a date or number left out is
--   NULL (Nullable), so that 0 likes and no figure stay apart and avg()
--   skips the items without a tone.
-- - Dates are RFC 3339 UTC with whole seconds: DateTime, read by
--   date_time_input_format=best_effort (give the server <timezone>UTC).
-- - Numbers are doubles in veille(7): Float64, except counts.
-- - `time` is the item's own time as veille-report(1) takes it: published,
--   else fetched_at; 1970-01-01 00:00:00 for an undated item.
--
-- Items are upserted by id as veille-store does, approximately:
-- ReplacingMergeTree keeps the last version of a (time, id) when it merges
-- parts, so loading the same items twice (a migration run again) does not
-- count them twice once merged; until then, count with FINAL or
-- uniqExact(id).

CREATE DATABASE IF NOT EXISTS veille;

CREATE TABLE IF NOT EXISTS veille.items (
	id String,
	url String,
	title String,
	summary String,
	content String,
	author String,
	handle String,
	published Nullable(DateTime),
	updated Nullable(DateTime),
	fetched_at Nullable(DateTime),
	categories Array(String),
	image String,
	lang String,
	lang_declared String,
	lang_confidence Nullable(Float32),
	`source.name` String,
	`source.title` String,
	`source.url` String,
	`source.site_url` String,
	site_name String,
	links Array(String),
	platform String,
	`engagement.likes` Nullable(Float64),
	`engagement.reposts` Nullable(Float64),
	`engagement.replies` Nullable(Float64),
	`engagement.views` Nullable(Float64),
	`engagement.score` Nullable(Float64),
	kind String,
	tags Array(String),
	`sentiment.score` Nullable(Float32),
	`sentiment.label` String,
	severity String,
	duplicate_of String,
	stored_at Nullable(DateTime),
	audience Nullable(Float64),
	`group` String,
	time DateTime MATERIALIZED ifNull(published, ifNull(fetched_at, toDateTime(0)))
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (time, id);

CREATE TABLE IF NOT EXISTS veille.alerts (
	alert String,
	alert_id String,
	resolves String,
	`key` String,
	`by` String,
	`group` String,
	severity String,
	`window.start` DateTime,
	`window.end` DateTime,
	count UInt32,
	baseline Nullable(Float64),
	score Nullable(Float64),
	first_seen Nullable(DateTime),
	repeat UInt8,
	terms Array(String),
	message String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(`window.end`)
ORDER BY (`window.end`, alert_id);

CREATE TABLE IF NOT EXISTS veille.failures (
	url String,
	final_url String,
	status Nullable(UInt16),
	error String,
	error_code String,
	fetched_at Nullable(DateTime),
	`source.name` String,
	`source.title` String,
	`source.url` String,
	platform String,
	tags Array(String),
	loaded_at DateTime DEFAULT now()
) ENGINE = MergeTree
PARTITION BY toYYYYMM(loaded_at)
ORDER BY (loaded_at, url);

-- The router holds no data, so it is made again on each run of this file:
-- the stream takes the columns of items as they are now, plus those of
-- alerts and failures (one type per name), and the views send each record
-- on. Run it again after adding a column to a table (and loading nothing
-- meanwhile).
DROP TABLE IF EXISTS veille.stream_items;
DROP TABLE IF EXISTS veille.stream_alerts;
DROP TABLE IF EXISTS veille.stream_failures;
DROP TABLE IF EXISTS veille.stream;
CREATE TABLE veille.stream AS veille.items ENGINE = Null;
ALTER TABLE veille.stream
	ADD COLUMN alert String,
	ADD COLUMN alert_id String,
	ADD COLUMN resolves String,
	ADD COLUMN `key` String,
	ADD COLUMN `by` String,
	ADD COLUMN `window.start` Nullable(DateTime),
	ADD COLUMN `window.end` Nullable(DateTime),
	ADD COLUMN count Nullable(UInt32),
	ADD COLUMN baseline Nullable(Float64),
	ADD COLUMN score Nullable(Float64),
	ADD COLUMN first_seen Nullable(DateTime),
	ADD COLUMN repeat UInt8,
	ADD COLUMN terms Array(String),
	ADD COLUMN message String,
	ADD COLUMN final_url String,
	ADD COLUMN status Nullable(UInt16),
	ADD COLUMN error String,
	ADD COLUMN error_code String;

CREATE MATERIALIZED VIEW veille.stream_items TO veille.items AS
SELECT id, url, title, summary, content, author, handle, published, updated,
	fetched_at, categories, image, lang, lang_declared, lang_confidence,
	`source.name`, `source.title`, `source.url`, `source.site_url`, site_name,
	links, platform, `engagement.likes`, `engagement.reposts`,
	`engagement.replies`, `engagement.views`, `engagement.score`, kind, tags,
	`sentiment.score`, `sentiment.label`, severity, duplicate_of, stored_at,
	audience, `group`, time
FROM veille.stream
WHERE alert = '' AND error = '';

CREATE MATERIALIZED VIEW veille.stream_alerts TO veille.alerts AS
SELECT alert, alert_id, resolves, `key`, `by`, `group`, severity,
	ifNull(`window.start`, toDateTime(0)) AS `window.start`,
	ifNull(`window.end`, toDateTime(0)) AS `window.end`,
	ifNull(count, 0) AS count, baseline, score, first_seen, repeat, terms,
	message
FROM veille.stream
WHERE alert != '';

CREATE MATERIALIZED VIEW veille.stream_failures TO veille.failures AS
SELECT url, final_url, status, error, error_code, fetched_at, `source.name`,
	`source.title`, `source.url`, platform, tags, now() AS loaded_at
FROM veille.stream
WHERE alert = '' AND error != '';
