#!/usr/bin/env python3
"""nova-bench: what a user of a Compute API feels, against any endpoint (ours or OpenStack Nova's).

Boots N servers with C builds in flight (each of C workers posts a server, waits until it is ACTIVE or
ERROR, then posts the next) and measures POST -> ACTIVE per server, deletes them and measures
DELETE -> gone, then measures GET latency and requests/s at 1, 16 and 64 connections, and (given pids)
the RSS of the service processes. Prints a table and writes the same figures as JSON. Python standard library only.
"""
import argparse
import http.client
import json
import os
import queue
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone

MICROVERSION = "2.37"  # networks: "none" needs 2.37; Nova 34 accepts it too.


class Endpoint:
    """One keep-alive connection to the Compute API."""

    def __init__(self, url, token, timeout=60):
        u = urllib.parse.urlsplit(url.rstrip("/"))
        self.https = u.scheme == "https"
        self.host, self.port = u.hostname, u.port or (443 if self.https else 80)
        self.base = u.path
        self.token, self.timeout = token, timeout
        self.conn = None

    def request(self, method, path, body=None):
        for attempt in (1, 2):
            if self.conn is None:
                cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
                self.conn = cls(self.host, self.port, timeout=self.timeout)
            headers = {"X-Auth-Token": self.token, "Accept": "application/json",
                       "X-OpenStack-Nova-API-Version": MICROVERSION}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            try:
                self.conn.request(method, self.base + path, body=data, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, (json.loads(raw) if raw else None)
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def summary(ms):
    return {"count": len(ms), "p50_ms": pct(ms, 50), "p90_ms": pct(ms, 90), "p99_ms": pct(ms, 99),
            "max_ms": max(ms) if ms else None}


def run_pool(n_jobs, concurrency, make_job, args):
    """Runs job(i, endpoint) for i in range(n_jobs) on `concurrency` threads, each with its own connection."""
    jobs = queue.Queue()
    for i in range(n_jobs):
        jobs.put(i)
    errors = []

    def worker():
        ep = Endpoint(args.endpoint, args.token)
        job = make_job()
        while True:
            try:
                i = jobs.get_nowait()
            except queue.Empty:
                break
            try:
                job(i, ep)
            except Exception as e:  # noqa: BLE001 - reported, not fatal to the run
                errors.append(str(e))
        ep.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


class RSSSampler(threading.Thread):
    """Samples VmRSS of named pids every 100 ms: idle (before the first request), peak and final."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.stop_flag = pids, {n: 0 for n in pids}, threading.Event()
        self.idle = self.sample()
        self.idle_pss = {n: self.pss_kib(pid) for n, pid in pids.items()}

    @staticmethod
    def pss_kib(pid):
        """Proportional set size: shared pages (the Swift runtime's libraries) divided among their users."""
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    @staticmethod
    def rss_kib(pid):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def run(self):
        while not self.stop_flag.is_set():
            self.sample()
            time.sleep(0.1)

    def sample(self):
        now = {}
        for name, pid in self.pids.items():
            kib = self.rss_kib(pid)
            if kib is not None:
                self.peak[name] = max(self.peak[name], kib)
                now[name] = kib
        return now

    def finish(self):
        self.stop_flag.set()
        final = self.sample()
        return {n: {"idle_mib": round(self.idle[n] / 1024, 1) if n in self.idle else None,
                    "idle_pss_mib": round(self.idle_pss[n] / 1024, 1) if self.idle_pss.get(n) else None,
                    "peak_mib": round(self.peak[n] / 1024, 1),
                    "final_mib": round(final[n] / 1024, 1) if n in final else None} for n in self.pids}


def boot_and_delete(args):
    """Boots N servers, waits for ACTIVE; deletes them, waits until gone. Returns the figures."""
    posted, active, failed, settled = {}, {}, {}, {}
    lock = threading.Lock()
    start_wall = time.time()
    since = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = int(start_wall)

    def boot_job():
        def job(i, ep):
            body = {"server": {"name": f"bench-{stamp}-{i}", "flavorRef": args.flavor, "imageRef": args.image,
                               "networks": "none"}}
            t0 = time.monotonic()
            status, doc = ep.request("POST", "/servers", body)
            if status != 202:
                raise RuntimeError(f"POST /servers -> {status}: {doc}")
            sid = doc["server"]["id"]
            ev = threading.Event()
            with lock:
                posted[sid] = t0
                settled[sid] = ev
                if sid in active or sid in failed:
                    ev.set()
            # C is builds in flight: the next POST waits until this server is ACTIVE or ERROR.
            if not ev.wait(args.timeout):
                raise RuntimeError(f"server {sid} not ACTIVE after {args.timeout} s")
        return job

    done = threading.Event()
    pool_done = threading.Event()  # every POST answered: from then on only the accepted ones are awaited

    def poll_active():
        ep = Endpoint(args.endpoint, args.token)
        poll_since = since
        while not done.is_set():
            # Only what changed lately: each poll asks from 2 s before the previous one (clock steps and
            # second-granular timestamps), so a poll stays small however many servers are already done.
            asked = datetime.now(timezone.utc)
            status, doc = ep.request("GET", f"/servers/detail?changes-since={poll_since}&limit=100000")
            now = time.monotonic()
            poll_since = max(since, (asked - timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ"))
            if status == 200:
                with lock:
                    for s in doc.get("servers", []):
                        sid = s["id"]
                        if sid in posted and sid not in active and sid not in failed:
                            if s["status"] == "ACTIVE":
                                active[sid] = now - posted[sid]
                                settled[sid].set()
                            elif s["status"] == "ERROR":
                                failed[sid] = s.get("fault", {}).get("message", "ERROR")
                                settled[sid].set()
                    if pool_done.is_set() and len(active) + len(failed) >= len(posted):
                        done.set()
            time.sleep(args.poll)
        ep.close()

    poller = threading.Thread(target=poll_active, daemon=True)
    poller.start()
    t0 = time.monotonic()
    errors = run_pool(args.servers, args.concurrency, boot_job, args)
    pool_done.set()
    if not posted:
        done.set()
    deadline = time.monotonic() + args.timeout
    while not done.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    boot_wall = time.monotonic() - t0
    done.set()
    poller.join()
    boot = summary([v * 1000 for v in active.values()])
    boot.update({"requested": args.servers, "active": len(active), "error": len(failed),
                 "post_errors": len(errors), "wall_s": round(boot_wall, 3),
                 "servers_per_s": round(len(active) / boot_wall, 1) if boot_wall > 0 else None,
                 "first_errors": (errors + list(failed.values()))[:3]})
    return posted, boot


def measure_gets(args, paths):
    out = {}
    for path in paths:
        for conns in args.connections:
            lat, lock = [], threading.Lock()

            def get_job():
                def job(_, ep):
                    t = time.monotonic()
                    status, _doc = ep.request("GET", path)
                    ms = (time.monotonic() - t) * 1000
                    if status != 200:
                        raise RuntimeError(f"GET {path} -> {status}")
                    with lock:
                        lat.append(ms)
                return job
            t0 = time.monotonic()
            errs = run_pool(args.requests, conns, get_job, args)
            wall = time.monotonic() - t0
            out[f"GET {path} c={conns}"] = {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "count": len(lat),
                                            "errors": len(errs),
                                            "requests_per_s": round(len(lat) / wall, 1) if wall > 0 else None}
    return out


def delete_all(args, ids):
    deleted_at, gone = {}, {}
    lock = threading.Lock()
    id_list = list(ids)

    def del_job():
        def job(i, ep):
            sid = id_list[i]
            t = time.monotonic()
            status, doc = ep.request("DELETE", f"/servers/{sid}")
            if status not in (204, 404):
                raise RuntimeError(f"DELETE -> {status}: {doc}")
            with lock:
                deleted_at[sid] = t
        return job

    t0 = time.monotonic()
    errors = run_pool(len(id_list), args.concurrency, del_job, args)
    ep = Endpoint(args.endpoint, args.token)
    deadline = time.monotonic() + args.timeout
    while len(gone) < len(deleted_at) and time.monotonic() < deadline:
        status, doc = ep.request("GET", "/servers?limit=100000")
        now = time.monotonic()
        present = {s["id"] for s in doc.get("servers", [])} if status == 200 else set(deleted_at)
        for sid, t in deleted_at.items():
            if sid not in present and sid not in gone:
                gone[sid] = now - t
        time.sleep(args.poll)
    ep.close()
    wall = time.monotonic() - t0
    res = summary([v * 1000 for v in gone.values()])
    res.update({"requested": len(id_list), "gone": len(gone), "delete_errors": len(errors), "wall_s": round(wall, 3),
                "servers_per_s": round(len(gone) / wall, 1) if wall > 0 else None})
    return res


def fmt(v):
    if v is None:
        return "-"
    return f"{v:.1f}" if isinstance(v, float) else str(v)


def print_table(res):
    print(f"\nnova-bench against {res['endpoint']}  N={res['servers']} C={res['concurrency']}")
    print(f"{'phase':<44}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}{'wall s':>9}{'per s':>8}  ok/req")
    for phase in ("boot", "delete"):
        r = res.get(phase)
        if r:
            ok = r.get("active", r.get("gone"))
            print(f"{phase + ' (POST/DELETE -> ACTIVE/gone)':<44}{fmt(r['p50_ms']):>9}{fmt(r['p90_ms']):>9}"
                  f"{fmt(r['p99_ms']):>9}{fmt(r['max_ms']):>9}{fmt(r['wall_s']):>9}{fmt(r['servers_per_s']):>8}"
                  f"  {ok}/{r['requested']}")
            errs = r.get("post_errors", r.get("delete_errors", 0))
            if errs or r.get("error"):
                print(f"  {phase}: {errs} request error(s), {r.get('error', 0)} ERROR; first: "
                      f"{'; '.join(r.get('first_errors', []))[:300]}")
    for name, r in res.get("gets", {}).items():
        print(f"{name:<44}{fmt(r['p50_ms']):>9}{'':>9}{fmt(r['p99_ms']):>9}{'':>9}{'':>9}"
              f"{fmt(r.get('requests_per_s')):>8}"
              f"  {r['count']}/{r['count'] + r['errors']}")
    for name, r in res.get("rss", {}).items():
        print(f"RSS {name:<40} idle {fmt(r.get('idle_mib'))} MiB (PSS {fmt(r.get('idle_pss_mib'))}), "
              f"peak {fmt(r['peak_mib'])} MiB, final {fmt(r['final_mib'])} MiB")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True, help="Compute API URL, e.g. http://127.0.0.1:8774/v2.1")
    p.add_argument("--token", default="admin:admin", help="X-Auth-Token value (noauth2: user:project)")
    p.add_argument("--flavor", default="1")
    p.add_argument("--image", default="70a599e0-31e7-49b7-b260-868f441e862b")
    p.add_argument("-n", "--servers", type=int, default=50)
    p.add_argument("-c", "--concurrency", type=int, default=8)
    p.add_argument("--poll", type=float, default=0.005, help="poll interval in seconds")
    p.add_argument("--requests", type=int, default=500, help="GETs per latency measurement")
    p.add_argument("--connections", default="1,16,64",
                   type=lambda v: [int(c) for c in v.split(",") if c.strip()],
                   help="connection counts for the GET measurements (comma-separated)")
    p.add_argument("--timeout", type=float, default=300, help="give up waiting for ACTIVE/gone after this")
    p.add_argument("--unlimited-quota", metavar="PROJECT_ID", default="",
                   help="first lift the instances/cores/ram quotas of this project (admin token needed)")
    p.add_argument("--pids", default="", help="name=pid,... of service processes whose RSS to record")
    p.add_argument("--json", default="", help="also write the figures to this file")
    p.add_argument("--skip-gets", action="store_true")
    args = p.parse_args()

    pids = {}
    for item in filter(None, args.pids.split(",")):
        name, _, pid = item.partition("=")
        pids[name] = int(pid)
    sampler = RSSSampler(pids)
    if args.unlimited_quota:
        body = {"quota_set": {"instances": -1, "cores": -1, "ram": -1}}
        status, doc = Endpoint(args.endpoint, args.token).request(
            "PUT", f"/os-quota-sets/{args.unlimited_quota}", body)
        if status != 200:
            print(f"error: PUT /os-quota-sets/{args.unlimited_quota} -> {status}: {doc}", file=sys.stderr)
            return 1
    sampler.start()
    res = {"endpoint": args.endpoint, "servers": args.servers, "concurrency": args.concurrency,
           "when": datetime.now(timezone.utc).isoformat()}
    posted, res["boot"] = boot_and_delete(args)
    if not args.skip_gets:
        res["gets"] = measure_gets(args, ["/flavors", "/servers/detail", "/os-hypervisors/detail"])
    res["delete"] = delete_all(args, posted.keys())
    res["rss"] = sampler.finish()
    print_table(res)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2, sort_keys=True)
        print(f"\nfigures written to {args.json}")
    ok = res["boot"]["active"] == args.servers and res["delete"]["gone"] == len(posted)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
