#!/usr/bin/env python3
"""Writes the seed corpora in corpus/<harness>/: real origins and Chromium's request shapes, and
the hostile forms each parser must refuse. Run it again after changing the lists below; files
named regression-* (inputs that once broke an invariant) are kept as they are."""
import hashlib
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIELD, LINE = b"\x1f", b"\x1e"

ORIGINS = [
    b"https://app.example.com", b"https://api.example.com", b"https://a.b.example.com",
    b"https://example.com", b"https://app.example.com:8443", b"https://x.example.org:9000",
    b"http://localhost:8080", b"http://localhost", b"http://127.0.0.1:3000", b"https://[::1]:8443",
    b"https://[2001:db8::1]", b"http://[::ffff:7f00:1]", b"https://xn--bcher-kva.example",
    b"chrome-extension://abcdefghijklmnop", b"null", b"https://x.dev.example.net:8443",
    b"https://api.trusted.test",
    # look-alikes and malformed forms
    b"https://app.example.com.evil.com", b"https://evilexample.com", b"HTTPS://APP.EXAMPLE.COM",
    b"https://app.example.com:443", b"https://app.example.com/", b"https://app.example.com/path",
    b"https://user@app.example.com", b"https://app.example.com\r\nSet-Cookie: a=b",
    b"https://app.example.com\x00.evil", b"https://app.example.com%2eevil.com",
    b"https://b\xc3\xbccher.example", b"http://0x7f.0.0.1", b"http://127.1", b"http://010.0.0.1",
    b"https://[::0:1]", b"https://[0:0:0:0:0:0:0:1]", b"https://[::1", b"http://a..example.com",
    b"https://app.example.com.", b"https://app.example.com:0", b"https://app.example.com:65536",
    b"https://app.example.com:08443", b"https://" + b"a." * 140 + b"com", b"://app.example.com",
    b"https:/app.example.com", b"https://*.example.com", b"https://app.example.com, https://x.com",
]

ACRH = [
    b"content-type", b"content-type,x-custom-header", b"authorization", b"x-requested-with",
    b"content-type, x-custom-header", b"Content-Type,X-Custom-Header", b"a,,b", b"x-other",
    b"content-type,\tx-custom-header", b"  content-type  ", b"   content-type", b",,,,,,,,,,,,,,,,,,",
    b"x-custom-header\r\nx-injected: 1", b"content-type\x00", b"a b", b"x" * 257,
    b",".join([b"h%d" % i for i in range(130)]), b"content-type;x-custom-header",
]


def write(harness, name, data):
    folder = HERE / "corpus" / harness
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    (folder / f"{name}-{digest}").write_bytes(data)


def field(lines):
    """A request header in the evaluate harness's encoding: absent, one line, or several."""
    if lines is None:
        return b""
    if isinstance(lines, bytes):
        return lines
    return b"".join(LINE + line for line in lines)


def request(policy, method, origin=None, acrm=None, acrh=None, pna=None):
    return bytes([policy]) + FIELD.join([method, field(origin), field(acrm), field(acrh), field(pna)])


def main():
    for harness in ("origin", "request_headers", "evaluate", "config", "policy_file"):
        folder = HERE / "corpus" / harness
        if folder.exists():
            for old in folder.iterdir():
                if not old.name.startswith("regression-"):
                    old.unlink()

    for i, origin in enumerate(ORIGINS):
        write("origin", "origin", origin)
    for origin, pattern in [
        (b"https://a.example.com", b"https://example.com"),
        (b"https://example.com", b"https://example.com"),
        (b"http://localhost:9999", b"http://localhost:3000"),
        (b"https://a.b.c.example.com:8443", b"https://example.com:8443"),
        (b"https://[::1]:1234", b"https://[::1]"),
        (b"https://x.127.0.0.1", b"http://127.0.0.1"),
    ]:
        write("origin", "pattern", origin + b"\n" + pattern)

    for rule in range(5):
        for acrh in ACRH[:8] if rule else ACRH:
            write("request_headers", f"rule{rule}", bytes([rule]) + acrh)
    write("request_headers", "lines", b"\x00content-type\nx-custom-header\n\nauthorization")
    write("request_headers", "many-lines", b"\x01" + b"\n".join([b"a"] * 17))

    policies = range(8)
    for p in policies:
        write("evaluate", "actual", request(p, b"GET", b"https://app.example.com"))
        write("evaluate", "preflight", request(p, b"OPTIONS", b"https://app.example.com", b"PUT",
                                               b"content-type,x-custom-header"))
        write("evaluate", "no-origin", request(p, b"GET"))
    hostile = [
        request(0, b"OPTIONS", b"https://app.example.com", b"PUT", [b"content-type", b"x-custom-header"]),
        request(0, b"OPTIONS", b"https://app.example.com", b"patch", b"content-type"),
        request(0, b"OPTIONS", [b"https://app.example.com", b"https://evil.example"], b"PUT"),
        request(0, b"POST", b"https://app.example.com\r\nX-Injected: 1"),
        request(0, b"OPTIONS", b"https://app.example.com", b"PUT\r\n", b"content-type"),
        request(0, b"OPTIONS", b"https://app.example.com", b"DELETE", b"authorization"),
        request(0, b"OPTIONS", b"http://localhost:8080", b"PUT", None, b"true"),
        request(1, b"OPTIONS", b"https://a.b.example.com", b"PUT", b"x-custom-header", b"true"),
        request(1, b"OPTIONS", b"https://evilexample.com", b"PUT"),
        request(1, b"GET", b"https://app.example.com.evil.com"),
        request(1, b"OPTIONS", b"https://x.example.org:1", b"GET", b",,,,,,,,,,,,,,,,,,"),
        request(2, b"OPTIONS", b"https://anything.example", b"PURGE", b"authorization"),
        request(2, b"OPTIONS", b"null", b"PUT", b"x-a,x-b"),
        request(3, b"OPTIONS", b"https://api.example.com", b"PURGE", b"x-a, x-b", b"true"),
        request(3, b"OPTIONS", b"https://api.example.com", b"PUT", [b"x-a", b"x-b\r\nx-c: 1"]),
        request(3, b"OPTIONS", b"https://api.example.com", b"PUT", [b"x-a", b"", b"  x-b"]),
        request(4, b"OPTIONS", b"https://app.example.com", b"DELETE", b"x-custom-header"),
        request(4, b"OPTIONS", b"https://app.example.com", b"PUT", b"x-other"),
        request(4, b"OPTIONS", b"https://app.example.com", b"PUT", None, b"true"),
        request(4, b"OPTIONS", b"https://evil.example", b"PUT"),
        request(5, b"OPTIONS", b"null", b"PUT", b"authorization"),
        request(5, b"OPTIONS", b"null", b"PUT", b"x-anything"),
        request(5, b"GET", b"NULL"),
        request(6, b"OPTIONS", b"http://localhost:5173", b"PUT", b"x-a"),
        request(7, b"GET", b"https://api.trusted.test"),
        request(7, b"GET", b"https://API.trusted.test"),
        request(7, b"OPTIONS", b"https://x.trusted.test:8443", b"PUT"),
        request(0, b"OPTIONS", b"https://app.example.com", b"PUT", b"x" * 300),
        request(0, b"OPTIONS", b"https://app.example.com", b"PUT", [b"a"] * 20),
    ]
    for data in hostile:
        write("evaluate", "case", data)

    configs = [
        (0x00, [b"https://app.example.com"], [b"PUT"], [b"Content-Type"], [], b"600", b""),
        (0x02, [b"https://*.example.com", b"http://localhost:*"], [b"*"], [b"*"], [b"X-Request-Id"], b"", b""),
        (0x02, [b"*"], [], [], [], b"", b""),
        (0x02, [b"http://app.example.com"], [], [], [], b"", b""),
        (0x06, [b"http://app.example.com"], [], [], [], b"", b""),
        (0x00, [b"https://*.com", b"https://*", b"https://*.github.io"], [], [], [], b"", b""),
        (0x00, [b"null", b"HTTPS://APP.EXAMPLE.COM", b"https://a.example.com/", b"https://a.example.com:443"], [], [], [], b"", b""),
        (0x00, [b"https://a.example.com", b"https://a.example.com"], [b"put", b"PUT", b"CONNECT", b"bad method"], [b"Cookie", b"x y", b"Sec-Foo"], [b"Set-Cookie"], b"-1", b"302"),
        (0x03, [], [], [], [], b"", b""),
        (0x20, [b"https://app.example.com", b"https://*.example.com:*"], [b"PATCH"], [b"*", b"Authorization"], [b"*"], b"86401", b""),
        (0x5f, [b"https://[::1]:8443", b"http://127.0.0.1:*", b"https://*.localhost"], [b"patch", b"*"], [b"x-a"], [], b"0", b"200"),
        (0x02, [b"*", b"https://app.example.com"], [], [], [b"*"], b"", b""),
        (0x00, [b"https://*.127.0.0.1", b"https://a.*.example.com", b"https://app.example.com:*:*"], [], [], [], b"", b""),
    ]
    for flags, origins, methods, headers, exposed, max_age, status in configs:
        data = bytes([flags]) + FIELD.join([LINE.join(origins), LINE.join(methods), LINE.join(headers),
                                            LINE.join(exposed), max_age, status])
        write("config", "config", data)

    # Policy files: every JSON example of the docs, and the problems the loader's tests report.
    for doc in ("configuration.md", "operations.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for body in re.findall(r"```json\n(.*?)```", text, re.S):
            if body.lstrip().startswith("{"):
                write("policy_file", "docs", body.encode())
    for data in POLICY_FILES:
        write("policy_file", "case", data)


# The shapes of tests/unit/policy_file_test.cpp's rows: each kind of problem the loader reports.
POLICY_FILES = [
    b'{"allowed_origins": ["https://app.example.com"]}',
    b'{\n  "allowed_origins": [\n    "https://a.example.com",\n    "https://app.example.com/"\n  ]\n}\n',
    b'{"allowed_origins": ["https://*.com", "null"],\n "allowed_methods": ["CONNECT"], "max_age_seconds": 86401}',
    b'{"allowed_origins": ["a\\"b\\\\", "https://x.example.com:443"]}',
    b'{"allowed_methods": ["PUT"]}',
    b'{"allowed_origins": []}',
    b'{"allowed_origins": ["https://a.example.com", 7, null, {"x": 1}, ["y"]]}',
    b'{"allowedOrigins": ["https://a.example.com"], "max_age": 10, "allowed_origins": ["https://a.example.com"]}',
    b'{"allowed_origins": ["https://a.example.com"], "allowed_origins": ["https://b.example.com"]}',
    b'{"allowed_origins": "https://a.example.com", "allow_credentials": "yes", "max_age_seconds": 1.5}',
    b'{"allowed_origins": ["https://a.example.com"], "max_age_seconds": 99999999999999999999}',
    b'{"allowed_origins": ["https://a.example.com"], "max_age_seconds": null, "preflight_success_status": 200}',
    b'{"allowed_origins": ["https://a.example.com"], "rejected_preflight_answer": "partial_headers",'
    b' "preflight_passthrough": true, "allow_private_network": true, "allow_null_origin": false}',
    b'{"allowed_origins": ["http://a.example.com"], "allow_credentials": true,'
    b' "allow_insecure_origins_with_credentials": true, "exposed_headers": ["X-Total", "*"]}',
    b'{"$schema": "https://example.com/cors-policy.schema.json", "allowed_origins": ["*"],'
    b' "allowed_headers": ["*", "Authorization"], "allowed_methods": ["*"]}',
    b'{"allowed_origins": ["https://a.example.com"],',
    b'{"allowed_origins": ["\xff"]}',
    b'{"allowed_origins": ["\\ud800"]}',
    b'  ["https://a.example.com"]',
    b'{"x": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}',
    b'\xef\xbb\xbf{"allowed_origins": ["https://a.example.com"]}',
    b'{"allowed_origins": ["https://a.example.com"]} trailing',
    b'',
]


if __name__ == "__main__":
    main()
