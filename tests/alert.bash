# tests/alert.bash — what the veille-alert suites share: synthetic
# timelines (tests/gen-timeline) and a clock at the end of their week.
# Load after lib: `load lib; load alert`.

# The timelines end on 2026-11-08; the clock is the next morning.
export VEILLE_NOW=2026-11-09T06:00:00Z

# timeline NAME: tests/gen-timeline NAME into NAME.ndjson (cached per file).
timeline() {
	local f=$BATS_FILE_TMPDIR/$1.ndjson
	[ -s "$f" ] || "$PY" "$TESTS/gen-timeline" "$1" > "$f"
	echo "$f"
}

# alerts FILE [ARGS...]: veille-alert ARGS < FILE into out, err, $status.
alerts() {
	local f=$1
	shift
	run --separate-stderr veille-alert "$@" < "$f"
	printf '%s\n' "$output" | sed '/^$/d' > out
	printf '%s\n' "$stderr" > err
}

# summary < out: "alert key window.start" a line.
summary() {
	jfields " " "-" 0 alert key window.start
}

# oneline: the lines of stdin joined by spaces.
oneline() {
	paste -sd' ' -
}
