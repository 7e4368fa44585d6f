#!/usr/bin/env python3
"""Checks docs/openapi.yaml against itself and against the real server.

    check.py BIN_DIR      (BIN_DIR holds the built face-server and facectl)

1. The document is valid OpenAPI 3.1 (openapi-spec-validator).
2. A face-server started on a new data directory answers a fixed series of
   requests (every endpoint's success, and argument, library, image,
   signature, size and unknown-path errors); each answer must have the
   status the series expects and match the schema the document declares for
   that endpoint and status (openapi-schema-validator, OAS 3.1 dialect).

Requests are signed with examples/facesearch_client.py, so that example runs
here too. Run by `make openapi-check` (part of `make test`) in the venv of
scripts/openapi/requirements.txt. Exit status 0 when everything matched.
"""
import json
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from harness import PHOTOS, ROOT, Server

sys.path.insert(0, str(ROOT / "examples"))
import facesearch_client  # noqa: E402  (the example under test)

MAX_BODY = 1_500_000


class Checker:
    """Sends requests and checks each answer against the document."""

    def __init__(self, spec: dict, url: str, api_key: str, api_secret: str):
        self.spec, self.url = spec, url
        self.api_key, self.api_secret = api_key, api_secret
        self.failures: list[str] = []
        self.checked = 0

    def schema(self, path: str, status: int):
        operation = self.spec["paths"].get(path, {}).get("post")
        if operation is None:
            return {"$ref": "#/components/schemas/Error404"}
        response = operation["responses"].get(str(status))
        if response is None:
            return None
        if "$ref" in response:
            response = self.spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
        return response["content"]["application/json"]["schema"]

    def post(self, endpoint: str, fields: dict, files: dict = None, secret: str = None, path: str = None):
        signed = {"sign_version": "hmac_sha1",
                  "sign": facesearch_client.sign(self.api_key, secret or self.api_secret), **fields}
        body, content_type = facesearch_client.multipart(signed, files or {})
        path = path or f"/finauth/search/group/{endpoint}"
        request = urllib.request.Request(self.url + path, data=body, headers={"Content-Type": content_type},
                                         method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                return path, response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return path, error.code, error.headers.get("Content-Type", ""), error.read()

    def expect(self, label: str, status: int, answer, error: str = None) -> dict:
        path, actual, content_type, raw = answer
        self.checked += 1
        try:
            body = json.loads(raw)
        except ValueError:
            self.failures.append(f"{label}: not JSON: {raw[:200]!r}")
            return {}
        problems = []
        if actual != status:
            problems.append(f"status {actual}, expected {status}")
        if not content_type.startswith("application/json"):
            problems.append(f"Content-Type {content_type!r}")
        if error is not None and body.get("error") != error:
            problems.append(f"error {body.get('error')!r}, expected {error!r}")
        schema = self.schema(path, actual)
        if schema is None:
            problems.append(f"the document declares no {actual} answer for {path}")
        else:
            # Local $refs resolve against a root that carries the document's components.
            validator = OAS31Validator({"components": self.spec["components"], **schema})
            problems += [f"schema: {e.message} at {list(e.absolute_path)}" for e in validator.iter_errors(body)]
        if problems:
            self.failures.append(f"{label}: " + "; ".join(problems) + f"; body {body}")
        return body


def run_series(check: Checker) -> None:
    photo = lambda name: {"file": str(PHOTOS / name)}  # noqa: E731
    check.expect("create", 200, check.post("create", {"group_id": "g1", "group_name": "One", "group_data": "d"}))
    check.expect("create again", 400, check.post("create", {"group_id": "g1", "group_name": "One"}), "GROUP_EXIST")
    check.expect("create without name", 400, check.post("create", {"group_id": "g2"}), "MISSING_ARGUMENTS:group_name")
    check.expect("group_list", 200, check.post("group_list", {}))
    check.expect("group_info", 200, check.post("group_info", {"group_id": "g1"}))
    check.expect("group_info unknown", 400, check.post("group_info", {"group_id": "nope"}), "INVALID_GROUP_ID")
    check.expect("get_size", 200, check.post("get_size", {"group_id": "g1"}))
    added = check.expect("add", 200, check.post("add", {"group_id": "g1", "user_id": "barack"}, photo("obama.jpg")))
    somebody = {"group_id": "g1", "user_id": "u"}
    check.expect("add without a face", 400, check.post("add", somebody, photo("coffee.png")), "NO_FACE_FOUND")
    check.expect("add a non-image", 400, check.post("add", somebody, {"file": __file__}),
                 "IMAGE_ERROR_UNSUPPORTED_FORMAT:file")
    check.expect("search", 200, check.post("search", {"group_id": "g1", "limit": "3"}, photo("obama2.jpg")))
    check.expect("search without image", 400, check.post("search", {"group_id": "g1"}), None)
    check.expect("search with image and file", 400,
                 check.post("search", {"group_id": "g1", "image": "aGk="}, photo("obama2.jpg")), "COEXISTENCE_ARGUMENTS")
    check.expect("list", 200, check.post("list", {"group_id": "g1"}))
    past_end = check.expect("list past the end", 200, check.post("list", {"group_id": "g1", "start": "1" + "0" * 30}))
    if past_end.get("face_tokens") != []:
        check.failures.append(f"list past the end: face_tokens {past_end.get('face_tokens')!r}, expected []")
    token = added.get("face_token", "0" * 32)
    check.expect("face_info", 200, check.post("face_info", {"group_id": "g1", "face_token": token}))
    check.expect("face_info malformed", 400, check.post("face_info", {"group_id": "g1", "face_token": "x"}),
                 "BAD_ARGUMENTS:face_token")
    check.expect("delete", 200, check.post("delete", {"group_id": "g1", "face_tokens": token}))
    check.expect("free with a flag not 0 or 1", 400, check.post("free", {"group_id": "g1", "check_empty": "00"}),
                 "BAD_ARGUMENTS:check_empty")
    check.expect("free", 200, check.post("free", {"group_id": "g1", "check_empty": "0"}))
    check.expect("wrong secret", 403, check.post("group_list", {}, secret="not-the-secret"), "AUTHORIZATION_ERROR")
    check.expect("unknown path", 404, check.post("", {}, path="/finauth/search/group/nothing"), "API_NOT_FOUND")
    check.expect("path with a trailing slash", 404, check.post("", {}, path="/finauth/search/group/group_list/"),
                 "API_NOT_FOUND")
    check.expect("too large", 413, check.post("create", {"group_id": "g3", "group_name": "x" * (MAX_BODY + 1)}),
                 "REQUEST_ENTITY_TOO_LARGE")


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    spec = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
    validate(spec)
    print("docs/openapi.yaml: valid OpenAPI", spec["openapi"])
    bin_dir = Path(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="openapi-check") as data_dir:
        server = Server(bin_dir, data_dir, ["--max-body-bytes", str(MAX_BODY)])
        try:
            check = Checker(spec, server.url, *server.create_app("openapi"))
            run_series(check)
        finally:
            status = server.stop()
    for failure in check.failures:
        print("MISMATCH", failure)
    print(f"{check.checked} answers checked, {len(check.failures)} mismatches; face-server exit status {status}")
    return 0 if not check.failures and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
