#!/usr/bin/env python3
"""tests/crash.py — kill a command with SIGKILL at random moments, for the
crash tests (tests/1100-crash.bats).

  crash.py --dir DIR [--rounds N] [--seed S] [--stdin FILE] -- CMD ARG...

In CMD, "{state}" stands for a state file in DIR and "{tag}" for the
name of the run. First the reference: CMD once, uninterrupted, with
{state} = DIR/clean.db, {tag} = clean (stdout in DIR/clean.out), timed.
Then runs with {state} = DIR/st.db and {tag} = st, each sent SIGKILL
after a random delay within the time a run takes, until N of them
(default $CRASH_ROUNDS, else 50) were killed; a run that ends first is
left to end. Their stdout is appended to DIR/killed.out. Last, CMD once more,
uninterrupted, on DIR/st.db (stdout in DIR/final.out). Prints one JSON
line: rounds, killed, finished (ended before the kill), ref_ms, the
reference's and the final run's exit status, and the seconds taken.
"""
import argparse, json, os, random, signal, subprocess, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("CRASH_ROUNDS") or 50))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED") or 1))
    ap.add_argument("--stdin")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command")
    rng = random.Random(a.seed)
    start = time.monotonic()

    def argv(tag):
        st = os.path.join(a.dir, tag + ".db")
        return [c.replace("{state}", st).replace("{tag}", tag) for c in cmd]

    def spawn(tag, out):
        fin = open(a.stdin, "rb") if a.stdin else subprocess.DEVNULL
        p = subprocess.Popen(argv(tag), stdin=fin, stdout=out,
                             stderr=open(os.path.join(a.dir, tag + ".err"), "ab"))
        if a.stdin:
            fin.close()
        return p

    t0 = time.monotonic()
    with open(os.path.join(a.dir, "clean.out"), "wb") as out:
        ref_rc = spawn("clean", out).wait()
    ref = time.monotonic() - t0

    # The kill comes within the time a run takes: at first the reference's,
    # then the last uninterrupted run's (on a filled state a run is
    # shorter). A run that ends first does not count as a round.
    killed = finished = 0
    span = ref
    with open(os.path.join(a.dir, "killed.out"), "ab") as out:
        while killed < a.rounds and finished < 3 * a.rounds:
            p = spawn("st", out)
            t0 = time.monotonic()
            try:
                p.wait(timeout=rng.uniform(0, 1.1 * span))
                finished += 1
                span = time.monotonic() - t0
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                p.wait()
                killed += 1
    with open(os.path.join(a.dir, "final.out"), "wb") as out:
        final_rc = spawn("st", out).wait()
    print(json.dumps({"rounds": a.rounds, "killed": killed, "finished": finished,
                      "ref_ms": round(ref * 1000), "ref_rc": ref_rc, "final_rc": final_rc,
                      "seconds": round(time.monotonic() - start, 2)}))


if __name__ == "__main__":
    sys.exit(main())
