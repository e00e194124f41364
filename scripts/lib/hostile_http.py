#!/usr/bin/env python3
"""Throws a catalogue of hostile raw HTTP requests at a running nova-api (scripts/hostile-http.sh starts
one) and checks that each gets the status HTTP and Nova's API give it, with Nova's error body where the
API answers, that the API process stays up (no worker crashed or restarted), and that a well-behaved client
running alongside keeps getting 200s.

Usage: hostile_http.py PORT STATE_DIR. Standard library only. Prints PASS/FAIL lines and
"N passed, N failed"; exits 1 when anything failed.
"""
import json
import os
import re
import socket
import sys
import threading
import time

PORT = int(sys.argv[1])
STATE = sys.argv[2]
TOKEN = b"demo:demo"
IMAGE = "70a599e0-31e7-49b7-b260-868f441e862b"
TIMEOUT = 10.0

# Fault names by status, as Nova's fault wrapper picks them (shared/API.md).
FAULTS = {400: "badRequest", 401: "unauthorized", 403: "forbidden", 404: "itemNotFound", 405: "badMethod",
          409: "conflictingRequest", 413: "overLimit", 415: "badMediaType", 429: "overLimit"}

passed = 0
failed = 0


def report(ok, what, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS  {what}", flush=True)
    else:
        failed += 1
        print(f"FAIL  {what}: {why}", flush=True)


# ---------------------------------------------------------------------------------------------------------
# Raw HTTP


class Response:
    def __init__(self, raw):
        self.raw = raw
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3}) ", lines[0] + b" ")
        self.status = int(m.group(1)) if m else None
        self.headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            self.headers[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
        length = self.headers.get("content-length")
        if length is not None and length.isdigit():
            self.body = self.body[: int(length)]

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self):
        return f"{self.status} {self.body[:160]!r}"


def exchange(data, read_all=True, timeout=TIMEOUT):
    """Sends raw bytes on a new connection and reads until the server closes (or one response, if not
    read_all). Returns the raw bytes received."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        try:
            s.sendall(data)
            # Nothing more is coming: a server waiting for the rest of a head sees the end at once.
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # refused before the whole request was sent (a 413 on a huge body): read the answer
        out = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
            if not read_all and complete(out):
                break
        return out
    finally:
        s.close()


def complete(buf):
    head, sep, body = buf.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return m is not None and len(body) >= int(m.group(1))


def request(method, path, body=None, headers=None, token=TOKEN, version=b"2.37", close=True,
            content_type=b"application/json"):
    """A well-formed request around possibly hostile parts."""
    h = b"Host: 127.0.0.1\r\n"
    if token is not None:
        h += b"X-Auth-Token: " + token + b"\r\n"
    if version is not None:
        h += b"OpenStack-API-Version: compute " + version + b"\r\n"
    if body is not None:
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        h += b"Content-Type: " + content_type + b"\r\nContent-Length: %d\r\n" % len(body)
    for k, v in (headers or {}).items():
        h += k + b": " + v + b"\r\n"
    if close:
        h += b"Connection: close\r\n"
    return method + b" " + path + b" HTTP/1.1\r\n" + h + b"\r\n" + (body or b"")


def send(data):
    return Response(exchange(data))


def server_body(name="hostile", **extra):
    s = {"name": name, "flavorRef": "1", "imageRef": IMAGE, "networks": "none"}
    s.update(extra)
    return {"server": s}


# ---------------------------------------------------------------------------------------------------------
# What an answer must look like


def fault_problem(r):
    """Why r is not a proper error answer, or None. JSON bodies must have Nova's fault shape; plain text
    (the HTTP layer's and webob's answers) must start with the status line."""
    if r.status is None:
        return f"no HTTP response ({r.raw[:80]!r})"
    ctype = r.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        doc = r.json()
        if not isinstance(doc, dict) or len(doc) != 1:
            return f"JSON body is not a single fault: {r.body[:120]!r}"
        name, fault = next(iter(doc.items()))
        want = FAULTS.get(r.status, "computeFault")
        if name != want:
            return f"fault name {name}, Nova says {want} for {r.status}"
        if not isinstance(fault, dict) or fault.get("code") != r.status or not isinstance(fault.get("message"), str):
            return f"fault body {fault!r} lacks code {r.status} and a message"
        return None
    if r.body and not r.body.startswith(b"%d " % r.status):
        return f"plain body does not start with the status: {r.body[:80]!r}"
    return None


# ---------------------------------------------------------------------------------------------------------
# The API process must stay up: the master alive, no worker crashed or restarted.


def api_pid():
    with open(os.path.join(STATE, "run", "nova-api.pid")) as f:
        return int(f.read().strip())


def log_marks():
    marks = 0
    for name, pattern in (("nova-api.log", b"exited with status"), ("nova-api.out", b"Fatal error")):
        try:
            with open(os.path.join(STATE, "logs", name), "rb") as f:
                marks += f.read().count(pattern)
        except FileNotFoundError:
            pass
    return marks


def alive_problem(marks_before):
    try:
        os.kill(api_pid(), 0)
    except (OSError, ValueError) as e:
        return f"nova-api is gone ({e})"
    if log_marks() != marks_before:
        return "an API worker crashed or was restarted (see logs/nova-api.out)"
    return None


# ---------------------------------------------------------------------------------------------------------
# A well-behaved client, running throughout on one keep-alive connection.


class Bystander(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.statuses = []
        self.errors = []
        self.slowest = 0.0

    def run(self):
        sock = None
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                if sock is None:
                    sock = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
                sock.sendall(request(b"GET", b"/v2.1/flavors", close=False))
                buf = b""
                while not complete(buf):
                    chunk = sock.recv(65536)
                    if not chunk:
                        raise ConnectionError("server closed the keep-alive connection")
                    buf += chunk
                self.statuses.append(Response(buf).status)
            except OSError as e:
                self.errors.append(str(e))
                if sock:
                    sock.close()
                sock = None
            self.slowest = max(self.slowest, time.monotonic() - t0)
            time.sleep(0.02)
        if sock:
            sock.close()


# ---------------------------------------------------------------------------------------------------------
# The catalogue: (name, raw request, allowed statuses). Every one of these is refused.

H = b"Host: 127.0.0.1\r\nX-Auth-Token: demo:demo\r\n"
SRV = b"/v2.1/servers"


def post_servers(extra_headers, body):
    return b"POST " + SRV + b" HTTP/1.1\r\n" + H + b"Content-Type: application/json\r\n" + extra_headers + b"\r\n" + body


REFUSED = [
    # Header injection and malformed fields.
    ("header value with a bare CR", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"X-Foo: a\rSet-Cookie: x\r\n\r\n", {400}),
    ("header value folded onto a second line", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"X-Foo: a\r\n Set-Cookie: x\r\n\r\n", {400}),
    ("NUL inside a header value", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"X-Foo: a\x00b\r\n\r\n", {400}),
    ("space inside a header name", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"X Foo: a\r\n\r\n", {400}),
    ("CRLF smuggled into the request target", b"GET /v2.1/servers\r\nX-Injected: 1 HTTP/1.1\r\n" + H + b"\r\n", {400}),
    ("control characters in the auth token", b"GET /v2.1/servers HTTP/1.1\r\nHost: h\r\nX-Auth-Token: demo\x01:demo\r\n\r\n", {400}),
    ("no Host header", b"GET /v2.1/servers HTTP/1.1\r\nX-Auth-Token: demo:demo\r\n\r\n", {400}),
    ("two Host headers", b"GET /v2.1/servers HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-Auth-Token: demo:demo\r\n\r\n", {400}),
    ("HTTP/2 preface on an HTTP/1 port", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {400}),
    ("TLS ClientHello on a plain port", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40, {400}),
    ("an unknown method", b"BREW /v2.1/servers HTTP/1.1\r\n" + H + b"\r\n", {405}),
    ("an expectation other than 100-continue", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"Expect: 200-ok\r\n\r\n", {417}),
    # Invalid UTF-8.
    ("raw invalid UTF-8 in the path", b"GET /v2.1/servers/\xff\xfe HTTP/1.1\r\n" + H + b"\r\n", {400}),
    ("percent-encoded invalid UTF-8 as a server id", request(b"GET", b"/v2.1/servers/%ff%fe%fd"), {404}),
    ("invalid UTF-8 inside a JSON string", request(b"POST", SRV, b'{"server": {"name": "a\xff\xfe", "flavorRef": "1"}}'), {400}),
    ("a lone surrogate escape in JSON", request(b"POST", SRV, b'{"server": {"name": "a\\ud800", "flavorRef": "1"}}'), {400}),
    ("invalid UTF-8 in the microversion header", request(b"GET", SRV, version=b"\xff\xfe"), {400}),
    # Framing: lengths.
    ("two different Content-Lengths", post_servers(b"Content-Length: 2\r\nContent-Length: 3\r\n", b"{}x"), {400}),
    ("Content-Length with Transfer-Encoding", post_servers(b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", b"2\r\n{}\r\n0\r\n\r\n"), {400}),
    ("a negative Content-Length", post_servers(b"Content-Length: -1\r\n", b"{}"), {400}),
    # Past 2^64 is still 1*DIGIT: too large (413) or unreadable (400) are both right.
    ("a Content-Length past 2^64", post_servers(b"Content-Length: 99999999999999999999999\r\n", b"{}"), {400, 413}),
    ("a Content-Length of 10 GB", post_servers(b"Content-Length: 10000000000\r\n", b"{}"), {413}),
    ("a body one byte over max_request_body_size", request(b"POST", SRV, b"{" + b" " * 114688 + b"}"), {413}),
    ("a chunk size past 2^64", post_servers(b"Transfer-Encoding: chunked\r\n", b"fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), {400, 413}),
    ("a chunk size that is not hex", post_servers(b"Transfer-Encoding: chunked\r\n", b"zz\r\n{}\r\n0\r\n\r\n"), {400}),
    ("a transfer coding other than chunked", post_servers(b"Transfer-Encoding: gzip, chunked\r\n", b"0\r\n\r\n"), {501}),
    # Sizes of the head.
    ("a 20 KB request target", b"GET /v2.1/servers?name=" + b"a" * 20000 + b" HTTP/1.1\r\n" + H + b"\r\n", {414}),
    ("a 20 KB header line", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"X-Big: " + b"b" * 20000 + b"\r\n\r\n", {431}),
    ("500 header fields", b"GET /v2.1/servers HTTP/1.1\r\n" + H + b"".join(b"X-H%d: v\r\n" % i for i in range(500)) + b"\r\n", {431}),
    # JSON that is not data.
    ("100000 levels of nested arrays", request(b"POST", SRV, b"[" * 100000), {400}),
    ("200 levels of nested objects in metadata", request(b"POST", SRV, json.dumps(server_body()).encode()[:-2] + b', "metadata": ' + b'{"a":' * 200 + b"1" + b"}" * 200 + b"}}"), {400}),
    ("a number past Double (1e400)", request(b"POST", SRV, b'{"server": {"name": "a", "flavorRef": 1e400, "imageRef": "' + IMAGE.encode() + b'", "networks": "none"}}'), {400}),
    ("min_count 1e23 (used to kill the API worker)", request(b"POST", SRV, server_body(min_count=1e23)), {403}),
    ("min_count 2^63-1 (used to exhaust memory)", request(b"POST", SRV, server_body(min_count=2**63 - 1)), {403}),
    ("min_count as a 20-digit string", request(b"POST", SRV, server_body(min_count="99999999999999999999")), {403}),
    ("flavorRef 10^26", request(b"POST", SRV, server_body(flavorRef=10**26)), {400}),
    ("a JSON body that is not JSON", request(b"POST", SRV, b"{not json"), {400}),
    ("a JSON body of another type", request(b"POST", SRV, b"[1, 2, 3]"), {400}),
    ("an XML body", request(b"POST", SRV, b"<server/>", content_type=b"application/xml"), {415}),
    ("a microversion past Int (2.99999999999999999999)", request(b"GET", SRV, version=b"2.99999999999999999999"), {400}),
    ("a microversion out of range (2.9999)", request(b"GET", SRV, version=b"2.9999"), {406}),
    ("no auth token", request(b"GET", SRV, token=None), {401}),
    # Unicode names Nova refuses.
    ("a server name with NUL", request(b"POST", SRV, server_body(name="a\u0000b")), {400}),
    ("a server name with a right-to-left override", request(b"POST", SRV, server_body(name="\u202egnp.exe")), {400}),
    ("a server name of 256 emoji", request(b"POST", SRV, server_body(name="\U0001F4A5" * 256)), {400}),
    ("a server name with leading space", request(b"POST", SRV, server_body(name=" lead")), {400}),
    # SQL metacharacters where the filters are typed.
    ("limit=1;DROP TABLE", request(b"GET", b"/v2.1/servers?limit=1%3BDROP%20TABLE%20instances"), {400}),
    ("limit past Int", request(b"GET", b"/v2.1/servers?limit=99999999999999999999"), {400}),
    ("sort_key with SQL", request(b"GET", b"/v2.1/servers?sort_key=name%3BDROP%20TABLE%20instances"), {400}),
    ("marker with SQL", request(b"GET", b"/v2.1/servers?marker=%27%20OR%201%3D1%20--"), {400}),
    ("changes-since with SQL", request(b"GET", b"/v2.1/servers?changes-since=2020%27%20OR%201%3D1"), {400}),
    ("changes-since in year 99999", request(b"GET", b"/v2.1/servers?changes-since=99999-01-01T00:00:00Z"), {400}),
    ("a name filter that is not a regex", request(b"GET", b"/v2.1/servers?name=%28"), {400}),
    ("flavors minRam with SQL", request(b"GET", b"/v2.1/flavors?minRam=1%20OR%201%3D1"), {400}),
    ("image marker with SQL", request(b"GET", b"/image/v2/images?marker=%27%20OR%201%3D1"), {400}),
    ("image sort_key with SQL", request(b"GET", b"/image/v2/images?sort_key=name%3BDROP"), {400}),
    ("aggregate id past Int", request(b"GET", b"/v2.1/os-aggregates/99999999999999999999999", token=b"admin:admin"), {400}),
    ("extra spec key with SQL", request(b"POST", b"/v2.1/flavors/1/os-extra_specs", {"extra_specs": {"'; DROP TABLE flavors;--": "1"}}, token=b"admin:admin"), {400}),
    # Path traversal in ids.
    ("../ in a server id", request(b"GET", b"/v2.1/servers/../../../etc/passwd"), {404}),
    ("%2F-encoded ../ in a server id", request(b"GET", b"/v2.1/servers/..%2F..%2F..%2Fetc%2Fpasswd"), {404}),
    ("%2e%2e segments in a server id", request(b"GET", b"/v2.1/servers/%2e%2e/%2e%2e/etc/passwd"), {404}),
    ("../ in a flavor id", request(b"GET", b"/v2.1/flavors/..%2F..%2F..%2Fetc%2Fpasswd"), {404}),
    ("../ in a key pair name", request(b"GET", b"/v2.1/os-keypairs/..%2F..%2Fetc%2Fshadow"), {404}),
    ("../ in an image id", request(b"GET", b"/image/v2/images/..%2F..%2F..%2Fetc%2Fpasswd"), {404}),
    # Nova answers any path outside /v2 and /v2.1 with its version choices (300), reading no file.
    ("../ above the root", request(b"GET", b"/../../../../etc/passwd"), {300}),
    ("NUL as a server id", request(b"GET", b"/v2.1/servers/%00"), {404}),
    ("a flavor id with ../ on create", request(b"POST", b"/v2.1/flavors", {"flavor": {"name": "t", "ram": 512, "vcpus": 1, "disk": 1, "id": "../../x"}}, token=b"admin:admin"), {400}),
]


def run_refused(marks):
    for name, data, allowed in REFUSED:
        try:
            r = send(data)
        except OSError as e:
            report(False, name, f"connection failed: {e}")
            continue
        problem = None
        if r.status not in allowed:
            problem = f"status {r.status}, wanted {sorted(allowed)}: {r!r}"
        elif b"root:x:0:0" in r.raw:
            problem = "the answer holds /etc/passwd"
        elif r.status >= 400:
            problem = fault_problem(r)
        problem = problem or alive_problem(marks)
        report(problem is None, f"{name} -> {r.status}", problem)
        marks = log_marks()
    return marks


# ---------------------------------------------------------------------------------------------------------
# Hostile input that is accepted: it must be stored and returned byte for byte, and hurt nothing.


def created_id(r):
    doc = r.json() or {}
    return (doc.get("server") or {}).get("id")


def run_accepted(marks):
    ids = []
    sql = "x'); DROP TABLE instances;--"
    names = [sql, "e\u0301t\u00e9 \u4e16\u754c", "\U0001F4A5" * 255, "Robert\"; DELETE FROM flavors; --"]
    for n in names:
        r = send(request(b"POST", SRV, server_body(name=n)))
        sid = created_id(r)
        ok = r.status == 202 and sid is not None
        if ok:
            ids.append(sid)
            shown = send(request(b"GET", b"/v2.1/servers/" + sid.encode())).json() or {}
            ok = (shown.get("server") or {}).get("name") == n
        report(ok and alive_problem(marks) is None, f"name {n[:24]!r} is stored and shown byte for byte",
               f"{r!r}")
    listed = send(request(b"GET", b"/v2.1/servers")).json() or {}
    got = {s.get("name") for s in listed.get("servers", [])}
    report(set(names) <= got, "the servers table survives the SQL in names (all listed)", f"listed {got}")
    r = send(request(b"GET", b"/v2.1/servers?name=%27%20OR%201%3D1%20--"))
    report(r.status == 200 and (r.json() or {}).get("servers") == [],
           "name=' OR 1=1 -- matches no server (a regex, not SQL)", f"{r!r}")
    r = send(request(b"GET", b"/v2.1/servers?name=DROP%20TABLE"))
    report(r.status == 200 and [s["name"] for s in (r.json() or {}).get("servers", [])] == [sql],
           "name=DROP TABLE finds exactly the server whose name holds it", f"{r!r}")
    r = send(request(b"GET", b"/v2.1/servers?status=ACTIVE%27%20OR%20%271%27%3D%271"))
    report(r.status == 200 and (r.json() or {}).get("servers") == [],
           "status=ACTIVE' OR '1'='1 matches no server", f"{r!r}")
    r = send(request(b"GET", b"/v2.1/flavors/detail", token=b"admin:admin"))
    report(r.status == 200 and len((r.json() or {}).get("flavors", [])) >= 4, "the flavors table is intact", f"{r!r}")
    for sid in ids:
        send(request(b"DELETE", b"/v2.1/servers/" + sid.encode()))
    return log_marks()


# ---------------------------------------------------------------------------------------------------------
# Connection-level abuse.


def run_connections(marks):
    # A good request pipelined before a bad one: the first is answered, then the connection is refused.
    data = (request(b"GET", b"/v2.1/flavors", close=False)
            + b"GET /v2.1/servers HTTP/1.1\r\nHost: h\r\nX-Auth-Token: demo:demo\r\nContent-Length: -5\r\n\r\n")
    raw = exchange(data)
    statuses = [int(s) for s in re.findall(rb"HTTP/1\.1 (\d{3}) ", raw)]
    report(statuses == [200, 400], "a good request pipelined before a bad one: 200 then 400", f"got {statuses}")

    # Slowloris: 50 connections send half a head and stall; other clients must not notice.
    stalled = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
        s.sendall(b"GET /v2.1/servers HTTP/1.1\r\nHost: h\r\nX-Slow: ")
        stalled.append(s)
    t0 = time.monotonic()
    oks = sum(send(request(b"GET", b"/v2.1/flavors")).status == 200 for _ in range(20))
    took = time.monotonic() - t0
    for s in stalled:
        s.close()
    report(oks == 20 and took < 10, "20 requests answered while 50 connections stall mid-head",
           f"{oks}/20 in {took:.1f}s")

    # Connections opened and dropped at once, and requests cut off mid-body.
    for _ in range(100):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
        s.close()
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
        s.sendall(post_servers(b"Content-Length: 1000\r\n", b'{"server": {"na'))
        s.close()
    r = send(request(b"GET", b"/v2.1/flavors"))
    problem = alive_problem(marks)
    report(r.status == 200 and problem is None, "100 dropped connections and 20 cut-off bodies hurt nothing",
           problem or f"{r!r}")
    return log_marks()


def main():
    marks = log_marks()
    bystander = Bystander()
    bystander.start()
    try:
        marks = run_refused(marks)
        marks = run_accepted(marks)
        marks = run_connections(marks)
    finally:
        bystander.stop.set()
        bystander.join(TIMEOUT)
    st = bystander.statuses
    report(len(st) >= 5 and all(s == 200 for s in st) and not bystander.errors,
           f"a well-behaved client got 200 on all {len(st)} requests meanwhile (slowest {bystander.slowest:.2f}s)",
           f"statuses {sorted(set(st))}, errors {bystander.errors[:3]}")
    report(bystander.slowest < 5, "the well-behaved client never waited 5 s", f"slowest {bystander.slowest:.2f}s")
    problem = alive_problem(marks)
    report(problem is None, "nova-api is still up, no worker crashed", problem)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
