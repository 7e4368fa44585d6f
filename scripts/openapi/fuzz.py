#!/usr/bin/env python3
"""Property-based fuzzing of a real face-server from docs/openapi.yaml (schemathesis).

    fuzz.py BIN_DIR [--max-examples N] [--seed S] [--workers W] [-- SCHEMATHESIS_RUN_OPTIONS...]

Starts a face-server (BIN_DIR holds it and facectl) on a new data directory,
creates a tenant app (library quota raised, so `create` is not refused for
quota after ten) and a fixture library holding two faces, then runs
schemathesis over every operation and phase with fuzz_hooks.py signing the
requests and putting real state into about half of them (see there).

Checks: all of schemathesis's except
- `positive_data_acceptance`: the contract answers state it cannot see in a
  schema with 400 (`INVALID_GROUP_ID` for a library that does not exist,
  `NO_FACE_FOUND`, `GROUP_EXIST`, `INVALID_FACE_TOKEN`), so well-formed
  requests are refused by design; the `validation_mismatch` warning ("mostly
  rejected") still catches an operation whose well-formed requests all fail;
- `unsupported_method`: it expects 405, the contract answers any method but
  POST with 404 `API_NOT_FOUND`.

Exit status 0 when schemathesis reports no failure, no operation is "mostly
rejected", the server logged no error and exited cleanly. Run by
`make fuzz-api` (not part of `make test`: minutes of CNN work).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import PHOTOS, ROOT, Server

sys.path.insert(0, str(ROOT / "examples"))
import facesearch_client  # noqa: E402

HERE = Path(__file__).resolve().parent
EXCLUDED_CHECKS = ["positive_data_acceptance", "unsupported_method"]
FIXTURE_FACES = ["obama.jpg", "biden.jpg"]
PHOTOS_TO_SEND = ["obama2.jpg", "biden.jpg", "obama.jpg"]


def make_fixture(server: Server, seed: int) -> dict:
    api_key, api_secret = server.create_app("fuzz")
    server.facectl("app", "set-quota", "--api-key", api_key, "--max-groups", "1000000")

    def call(endpoint: str, fields: dict, files: dict = None) -> dict:
        answer = facesearch_client.call(server.url, api_key, api_secret, endpoint, fields, files or {})
        if "error" in answer:
            sys.exit(f"fixture: {endpoint} failed: {answer}")
        return answer

    call("create", {"group_id": "fuzz-fixture", "group_name": "fixture"})
    tokens = [call("add", {"group_id": "fuzz-fixture", "user_id": Path(name).stem}, {"file": str(PHOTOS / name)})
              ["face_token"] for name in FIXTURE_FACES]
    return {"url": server.url, "api_key": api_key, "api_secret": api_secret, "seed": seed,
            "group_id": "fuzz-fixture", "face_tokens": tokens,
            "photos": [str(PHOTOS / name) for name in PHOTOS_TO_SEND]}


def summarize(report_path: Path, log_path: Path) -> tuple[list[str], bool]:
    """Figures from schemathesis's ndjson events and the server log; whether all is clean.

    Per operation: requests sent and their answers by status class; per check:
    how many responses it judged and how many failed it.
    """
    events = [json.loads(line) for line in report_path.read_text().splitlines() if line.strip()]
    completed = any(event.get("EngineFinished", {}).get("stop_reason") == "completed" for event in events)
    answers: dict[str, dict[str, int]] = {}
    checks: dict[str, list[int]] = {}
    for event in events:
        recorder = event.get("ScenarioFinished", {}).get("recorder", {})
        tally = answers.setdefault(recorder.get("label", "?").rsplit("/", 1)[-1], {})
        for interaction in recorder.get("interactions", {}).values():
            status = (interaction.get("response") or {}).get("status_code")
            kind = f"{status // 100}xx" if status else "no answer"
            tally[kind] = tally.get(kind, 0) + 1
        for results in recorder.get("checks", {}).values():
            for result in results:
                judged = checks.setdefault(result["name"], [0, 0])
                judged[0] += 1
                judged[1] += result["status"] != "success"
    log_lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    errors = [line for line in log_lines if line.get("level") in ("error", "critical")]
    total = {kind: sum(tally.get(kind, 0) for tally in answers.values())
             for kind in ("2xx", "4xx", "5xx", "no answer")}
    lines = [f"{'operation':<12} {'requests':>8} {'2xx':>6} {'4xx':>6} {'5xx':>5}"]
    for operation, tally in sorted(answers.items()):
        if tally:
            lines.append(f"{operation:<12} {sum(tally.values()):>8} {tally.get('2xx', 0):>6} {tally.get('4xx', 0):>6} "
                         f"{tally.get('5xx', 0):>5}")
    lines.append(f"{'all':<12} {sum(total.values()):>8} {total['2xx']:>6} {total['4xx']:>6} {total['5xx']:>5}")
    lines += [f"check {name}: {judged} responses, {failed} failed" for name, (judged, failed) in sorted(checks.items())]
    lines.append(f"server log: {len(log_lines)} lines, {len(errors)} at error level")
    clean = completed and not errors and not total["5xx"] and not total["no answer"]
    return lines, clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bin_dir", type=Path)
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261203)
    # One worker: Hypothesis's internals are not thread-safe (two gave spurious runtime errors).
    parser.add_argument("--workers", default="1")
    own, extra = sys.argv[1:], []
    if "--" in own:
        own, extra = own[:own.index("--")], own[own.index("--") + 1:]
    arguments = parser.parse_args(own)

    # What the run leaves for a look afterwards: schemathesis's events, the server's log.
    reports = ROOT / ".fuzz" / "api"
    reports.mkdir(parents=True, exist_ok=True)
    log_path, report_path = reports / "server.log", reports / "events.ndjson"
    with tempfile.TemporaryDirectory(prefix="fuzz-api") as scratch:
        scratch = Path(scratch)
        with log_path.open("w") as log:
            server = Server(arguments.bin_dir, str(scratch / "data"), ["--log-format", "json"], log=log)
            try:
                fixture_path = scratch / "fixture.json"
                fixture_path.write_text(json.dumps(make_fixture(server, arguments.seed)))
                environment = {**os.environ, "SCHEMATHESIS_HOOKS": "fuzz_hooks", "FUZZ_FIXTURE": str(fixture_path),
                               "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
                command = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(HERE / "schemathesis.toml"),
                           "run", str(ROOT / "docs" / "openapi.yaml"),
                           "--url", server.url, "--checks", "all", "--exclude-checks", ",".join(EXCLUDED_CHECKS),
                           "--max-examples", str(arguments.max_examples), "--seed", str(arguments.seed),
                           "--workers", arguments.workers, "--report", "ndjson", "--report-ndjson-path", str(report_path),
                           "--suppress-health-check", "too_slow", *extra]
                print("+", " ".join(command[1:]), flush=True)
                schemathesis = subprocess.run(command, env=environment, cwd=scratch)
            finally:
                status = server.stop()
    figures, clean = summarize(report_path, log_path)
    for line in figures:
        print(line)
    print(f"schemathesis exit status {schemathesis.returncode}; face-server exit status {status}")
    return 0 if schemathesis.returncode == 0 and clean and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
