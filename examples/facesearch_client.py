#!/usr/bin/env python3
"""A minimal FaceSearch client: signs a request and calls one endpoint.

    facesearch_client.py URL API_KEY API_SECRET ENDPOINT [field=value ...] [file=@PATH]

Example:
    facesearch_client.py http://127.0.0.1:8080 "$API_KEY" "$API_SECRET" search group_id=students file=@photo.jpg limit=5

Standard library only. A value starting with @ is sent as a file part.
Prints the JSON answer. Exit status: 0 on success; 1 when the API answers an
error (the JSON is still printed, and one line on stderr says which); 2 when
the server cannot be reached or does not answer JSON (one line on stderr).
"""
import base64
import hashlib
import hmac
import http.client
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
import uuid


def sign(api_key: str, api_secret: str, valid_for: int = 600, algorithm=hashlib.sha1) -> str:
    """sign = base64(HMAC(api_secret, raw) || raw), raw = a=<key>&b=<expires>&c=<now>&d=<random>."""
    now = int(time.time())
    raw = f"a={api_key}&b={now + valid_for}&c={now}&d={secrets.randbelow(10**10):010d}"
    digest = hmac.new(api_secret.encode(), raw.encode(), algorithm).digest()
    return base64.b64encode(digest + raw.encode()).decode()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, path in files.items():
        with open(path, "rb") as f:
            content = f.read()
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path}"\r\n'
                 'Content-Type: application/octet-stream\r\n\r\n').encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"


def call(url: str, api_key: str, api_secret: str, endpoint: str, fields: dict, files: dict) -> dict:
    """The JSON answer, for success and API errors alike (an error answer carries "error").

    Raises OSError (urllib.error.URLError included) when a file cannot be read
    or the server cannot be reached, http.client.HTTPException when it does
    not speak HTTP, ValueError when what comes back is not JSON.
    """
    fields = {"sign_version": "hmac_sha1", "sign": sign(api_key, api_secret), **fields}
    body, content_type = multipart(fields, files)
    request = urllib.request.Request(f"{url}/finauth/search/group/{endpoint}", data=body,
                                     headers={"Content-Type": content_type}, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return json.load(error)


def main(arguments: list[str]) -> int:
    if len(arguments) < 4:
        sys.exit(__doc__)
    url, key, secret, endpoint = arguments[:4]
    fields, files = {}, {}
    for argument in arguments[4:]:
        name, _, value = argument.partition("=")
        if value.startswith("@"):
            files[name] = value[1:]
        else:
            fields[name] = value
    try:
        answer = call(url, key, secret, endpoint, fields, files)
    except urllib.error.URLError as error:
        print(f"facesearch_client: cannot reach {url}: {error.reason}", file=sys.stderr)
        return 2
    except (OSError, http.client.HTTPException) as error:
        print(f"facesearch_client: {error}", file=sys.stderr)
        return 2
    except ValueError:
        print(f"facesearch_client: {url} did not answer JSON", file=sys.stderr)
        return 2
    print(json.dumps(answer))
    if "error" in answer:
        reason = f" ({answer['reason']})" if "reason" in answer else ""
        print(f"facesearch_client: {endpoint} failed: {answer['error']}{reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
