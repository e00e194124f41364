#!/usr/bin/env python3
"""Consistency audit of a mini-Nova SQLite database (what Tests/IntegrationTests/Services/StackAudit.swift
checks, for scripts): servers left building or mid-task, ERROR servers without a fault, allocations with
no live instance or migration behind them, and per compute node the usage the compute reported and the
allocations claimed against the sum of the flavors of its instances.

Usage: audit.py DB [--settled]   prints one line per problem, exits 1 when there is any (2: cannot read DB).
Without --settled, servers building or mid-task are not problems (a run in progress has them).
"""
import sqlite3
import sys


def problems(path, settled):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    out = []
    if settled:
        for uuid, vm, task, host in db.execute(
            "SELECT uuid, vm_state, task_state, host FROM instances WHERE deleted = 0 "
            "AND (vm_state = 'building' OR task_state IS NOT NULL)"
        ):
            out.append(f"instance {uuid} is {vm}/{task or '-'} on {host or 'no host'}")
    for (uuid,) in db.execute(
        "SELECT uuid FROM instances i WHERE deleted = 0 AND vm_state = 'error' AND NOT EXISTS "
        "(SELECT 1 FROM instance_faults f WHERE f.instance_uuid = i.uuid AND f.deleted = 0)"
    ):
        out.append(f"instance {uuid} is in ERROR without a fault")
    for consumer, node, rc, used in db.execute(
        "SELECT a.consumer_id, n.hypervisor_hostname, a.resource_class, a.used FROM allocations a "
        "JOIN compute_nodes n ON n.id = a.compute_node_id "
        "WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.uuid = a.consumer_id AND i.deleted = 0) "
        "AND NOT EXISTS (SELECT 1 FROM migrations m WHERE m.uuid = a.consumer_id AND m.deleted = 0)"
    ):
        out.append(f"allocation of {used} {rc} on {node} belongs to no live instance: consumer {consumer}")
    nodes = db.execute(
        "SELECT n.id, n.host, n.hypervisor_hostname, n.vcpus_used, n.memory_mb_used, n.local_gb_used, "
        "COALESCE((SELECT reserved FROM inventories v WHERE v.compute_node_id = n.id "
        "AND v.resource_class = 'MEMORY_MB'), 0), "
        "COALESCE((SELECT reserved FROM inventories v WHERE v.compute_node_id = n.id "
        "AND v.resource_class = 'DISK_GB'), 0) FROM compute_nodes n WHERE n.deleted = 0"
    ).fetchall()
    for nid, host, name, vcpus, mem, disk, res_mb, res_gb in nodes:
        count, want_v, want_m, want_d = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(vcpus), 0), COALESCE(SUM(memory_mb), 0), "
            "COALESCE(SUM(root_gb + ephemeral_gb), 0) FROM instances WHERE deleted = 0 AND host = ? "
            "AND node = ? AND vm_state NOT IN ('deleted', 'shelved_offloaded')",
            (host, name),
        ).fetchone()
        alloc = dict(
            db.execute(
                "SELECT resource_class, SUM(used) FROM allocations WHERE compute_node_id = ? "
                "GROUP BY resource_class",
                (nid,),
            ).fetchall()
        )
        want = (want_v, want_m, want_d)
        reported = (vcpus or 0, (mem or 0) - res_mb, (disk or 0) - res_gb)
        claimed = (alloc.get("VCPU", 0), alloc.get("MEMORY_MB", 0), alloc.get("DISK_GB", 0))
        if reported != want:
            out.append(f"node {name}: compute reports {reported} (vcpus, MB, GB) used, its {count} instances "
                       f"add up to {want}")
        if claimed != want:
            out.append(f"node {name}: allocations hold {claimed} (vcpus, MB, GB), its {count} instances "
                       f"add up to {want}")
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        found = problems(sys.argv[1], "--settled" in sys.argv[2:])
    except sqlite3.Error as e:
        print(f"audit.py: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    for p in found:
        print(p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
