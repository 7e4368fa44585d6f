"""Schemathesis hooks for scripts/openapi/fuzz.py (loaded through SCHEMATHESIS_HOOKS).

The document describes the shape of requests; what it cannot describe is the
state and the secrets a request needs to succeed: a valid signature, a
library that exists, a face token it holds, a photo with a face. Just before
each call, this hook

- signs: a generated `sign` is replaced by a fresh valid signature when the
  case's `sign_version` is a valid one; a missing or invalid `sign_version`
  and a missing `sign` stay as generated;
- puts real state in when the generated `group_id` has the documented shape:
  `group_id` → a library that exists (for `free`, a new empty one made for
  the case, so the fixture survives; for `create`, a name not taken yet,
  since the few short names generated soon all exist), `face_token` → a face it holds, the
  image → a photo with a face (as base64 `image`, so the case stays one the
  document calls valid).

Cases the document calls valid keep their generated `sign` once in 8 and
their generated state once in 4 (never the first of an operation), so the
refusals are exercised too while every scenario has valid cases served.
Everything else (every other field, and all values that violate the
document) goes out exactly as schemathesis generated it. The
fixture is read from FUZZ_FIXTURE (a JSON file written by fuzz.py).
"""
import base64
import hashlib
import json
import os
import random
import re
import sys
from pathlib import Path

import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
import facesearch_client  # noqa: E402

FIXTURE = json.loads(Path(os.environ["FUZZ_FIXTURE"]).read_text())
RANDOM = random.Random(FIXTURE["seed"])
IDENTIFIER = re.compile(r"^[A-Za-z0-9%@#&_-]{1,48}$")
FACE_TOKEN = re.compile(r"^[0-9a-f]{32}$")
PHOTOS = [base64.b64encode(Path(path).read_bytes()).decode() for path in FIXTURE["photos"]]
SIGN_VERSIONS = {"hmac_sha1": hashlib.sha1, "hmac_sha256": hashlib.sha256}
fresh_names = 0
# Calls so far per (kind of edit, operation), for take_turn.
TURNS: dict[tuple[str, str], int] = {}


def has_shape(body: dict, name: str, pattern: re.Pattern) -> bool:
    value = body.get(name)
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def new_name() -> str:
    """A group_id no library of the fixture's app has had."""
    global fresh_names
    fresh_names += 1
    return f"fuzz-new-{fresh_names}"


def new_library() -> str:
    """A new empty library of the fixture's app, for `free` to delete."""
    group_id = new_name()
    answer = facesearch_client.call(FIXTURE["url"], FIXTURE["api_key"], FIXTURE["api_secret"], "create",
                                    {"group_id": group_id, "group_name": "to free"}, {})
    assert "error" not in answer, answer
    return group_id


def take_turn(kind: str, operation: str, every: int) -> bool:
    """False once in `every` calls for this kind and operation, never on the first."""
    count = TURNS.get((kind, operation), 0)
    TURNS[(kind, operation)] = count + 1
    return count % every != every - 1


def put_state(operation: str, body: dict, positive: bool) -> None:
    if not has_shape(body, "group_id", IDENTIFIER) or (positive and not take_turn("state", operation, 4)):
        return
    if operation == "free":
        body["group_id"] = new_library()
    elif operation == "create":
        body["group_id"] = new_name()
    else:
        body["group_id"] = FIXTURE["group_id"]
    if has_shape(body, "face_token", FACE_TOKEN):
        body["face_token"] = RANDOM.choice(FIXTURE["face_tokens"])
    # Exactly one image field as generated: the photo replaces it as base64 text.
    fields = [name for name in ("image", "file") if name in body]
    if len(fields) == 1:
        del body[fields[0]]
        body["image"] = RANDOM.choice(PHOTOS)


def sign(operation: str, body: dict, positive: bool) -> None:
    version = body.get("sign_version")
    algorithm = SIGN_VERSIONS.get(version) if isinstance(version, str) else None
    if algorithm is None or "sign" not in body or (positive and not take_turn("sign", operation, 8)):
        return
    body["sign"] = facesearch_client.sign(FIXTURE["api_key"], FIXTURE["api_secret"], algorithm=algorithm)


@schemathesis.hook
def before_call(context, case, kwargs):
    if not isinstance(case.body, dict):
        return
    # A copy: generated values are shared between cases (and operations), so an
    # edit in place would leak, e.g. the fixture's group_id into a later `free`.
    body = dict(case.body)
    operation = case.operation.path.rsplit("/", 1)[-1]
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    put_state(operation, body, positive)
    sign(operation, body, positive)
    case.body = body
