#!/usr/bin/python3
# mc-bench-analytics.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The analytics benchmark (never run by `meson test`):
#
#   build/bench/mc-bench-analytics.py --db /work/bench-data/1m.mcdb --as-of 2026-12-01
#
# 1. KPIs + monthly cohorts + RFM together: `member-console-cli report all --json`, a cold
#    start of the CLI each run (a new process; the file may be in the page cache), timed
#    from the start of the process to its end, --runs times.
# 2. The same computations in pandas on the same workspace (read with Python's sqlite3
#    into DataFrames, then the same definitions as data/metrics.md), timed the same way,
#    and the ratio. The figures of both are compared, so the pandas code is checked too.
# 3. The BG/NBD fit on the CDNOW sample: the fit time the CLI reports, and the whole
#    process.
#
# Days are counted in UTC+8 (Asia/Shanghai has had no daylight saving since 1991).

import argparse
import json
import math
import os
import resource
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pandas as pd

OFFSET = 8 * 3600


def local_day(at):
    return (at + OFFSET) // 86400


def day_of_date(text):
    d = pd.Timestamp(text)
    return int((d - pd.Timestamp("1970-01-01")).days)


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_ours(cli, db, as_of):
    cpu = children_cpu()
    start = time.perf_counter()
    out = subprocess.run([cli, "--db", db, "report", "all", "--json", "--as-of", as_of],
                         check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, children_cpu() - cpu, json.loads(out)


def quintile_scores(values):
    """1 + the number of cut points (values at ranks ceil(s n / 5)) a value exceeds."""
    n = len(values)
    s = np.sort(values)
    cuts = [s[max((k * n + 4) // 5, 1) - 1] for k in range(1, 5)]
    scores = np.ones(n, dtype=np.int64)
    for c in cuts:
        scores += values > c
    return scores


SEGMENTS = ["important_value", "important_development", "important_retention", "important_recall",
            "general_value", "general_development", "general_retention", "general_recall"]


def run_pandas(db, as_of_text):
    start = time.perf_counter()
    cpu = time.process_time()
    as_of_day = day_of_date(as_of_text)
    as_of = as_of_day * 86400 + 86399 - OFFSET
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    members = pd.read_sql_query("SELECT id, joined_at FROM member WHERE deleted = 0 AND joined_at <= ?",
                                con, params=(as_of,))
    orders = pd.read_sql_query("SELECT id, member_id, amount_fen, at, refund_of FROM orders "
                               "WHERE deleted = 0 AND at <= ?", con, params=(as_of,))
    events = pd.read_sql_query("SELECT member_id, kind, at FROM member_event WHERE deleted = 0 AND at <= ?",
                               con, params=(as_of,))
    points = pd.read_sql_query("SELECT member_id, kind, delta, at FROM points_ledger "
                               "WHERE deleted = 0 AND at <= ?", con, params=(as_of,))
    con.close()
    read_seconds = time.perf_counter() - start

    members["day"] = local_day(members["joined_at"])
    live = set(members["id"])
    refunds = orders[orders["refund_of"].notna()].groupby("refund_of")["amount_fen"].sum()
    sales = orders[orders["refund_of"].isna()].copy()
    sales["net"] = sales["amount_fen"] + sales["id"].map(refunds).fillna(0).astype(np.int64)
    sales = sales[sales["net"] > 0]
    sales["day"] = local_day(sales["at"])
    msales = sales[sales["member_id"].isin(live)]
    events = events[events["member_id"].isin(live)].copy()
    events["day"] = local_day(events["at"])

    # KPIs over the whole history up to as_of (what `report all --as-of` shows)
    k = {}
    k["members"] = len(members)
    k["orders"] = len(msales)
    k["revenue_fen"] = int(msales["net"].sum())
    per = msales.groupby("member_id")["day"].agg(["count", "min", "max"])
    k["buyers"] = len(per)
    k["repurchase_rate"] = float((per["count"] > 1).sum() / len(per))
    rep = per[per["count"] > 1]
    k["purchase_interval_days"] = float((rep["max"] - rep["min"]).sum() / (rep["count"] - 1).sum())
    active = pd.concat([msales[["member_id", "day"]], events[["member_id", "day"]]])
    k["active_members"] = active["member_id"].nunique()
    k["mau"] = active[active["day"] >= as_of_day - 29]["member_id"].nunique()
    k["benefit_users"] = events[events["kind"] == "benefit_used"]["member_id"].nunique()
    k["anonymous_sales_fen"] = int(sales[sales["member_id"].isna()]["net"].sum())
    points = points[points["member_id"].isin(live)]
    by_kind = points.groupby("kind")["delta"].sum()
    k["points_outstanding"] = int(points["delta"].sum())
    k["points_issued"] = int(by_kind.get("earn", 0) + by_kind.get("reward", 0)
                             + points[(points["kind"] == "adjust") & (points["delta"] > 0)]["delta"].sum())
    k["points_redeemed"] = int(-by_kind.get("redeem", 0))

    # Monthly cohorts: share of the join month's members active in month + k
    def month(day):
        d = pd.to_datetime(day, unit="D")
        return d.dt.year * 12 + d.dt.month - 1

    members["month"] = month(members["day"])
    act = active.drop_duplicates().copy()
    act["month"] = month(act["day"])
    act = act.merge(members[["id", "month", "day"]].rename(columns={"id": "member_id", "month": "join_month",
                                                                    "day": "join_day"}), on="member_id")
    act = act[act["day"] >= act["join_day"]]
    act["k"] = act["month"] - act["join_month"]
    matrix = act.drop_duplicates(["member_id", "k"]).groupby(["join_month", "k"]).size()
    sizes = members.groupby("month").size()
    cohorts = {}
    for jm, size in sizes.items():
        row = matrix.get(jm)
        cohorts[f"{jm // 12:04d}-{jm % 12 + 1:02d}"] = (int(size), {} if row is None else row.to_dict())

    # RFM over the whole history
    agg = msales.groupby("member_id").agg(last=("day", "max"), f=("net", "size"), m=("net", "sum"))
    recency = as_of_day - agg["last"].to_numpy()
    r = quintile_scores(recency.max() - recency)
    f = quintile_scores(agg["f"].to_numpy())
    m = quintile_scores(agg["m"].to_numpy())
    rh, fh, mh = r > r.mean(), f > f.mean(), m > m.mean()
    seg = np.where(mh, 0, 4) + np.where(rh, np.where(fh, 0, 1), np.where(fh, 2, 3))
    segments = {SEGMENTS[s]: (int((seg == s).sum()), int(agg["m"].to_numpy()[seg == s].sum()))
                for s in range(8)}
    return time.perf_counter() - start, time.process_time() - cpu, read_seconds, k, cohorts, segments


def compare(ours, k, cohorts, segments):
    problems = []
    ok = ours["kpis"]
    for key, value in k.items():
        mine = ok.get(key)
        if isinstance(value, float):
            if mine is None or not math.isclose(mine, value, rel_tol=1e-9):
                problems.append(f"kpis.{key}: ours {mine}, pandas {value}")
        elif mine != value:
            problems.append(f"kpis.{key}: ours {mine}, pandas {value}")
    for c in ours["cohorts"]:
        size, row = cohorts.get(c["cohort"], (0, {}))
        if c["size"] != size or any(c["active"][i] != row.get(i, 0) for i in range(len(c["active"]))):
            problems.append(f"cohort {c['cohort']} differs")
    for s in ours["rfm"]["segments"]:
        if (s["members"], s["revenue_fen"]) != segments[s["name"]]:
            problems.append(f"rfm {s['name']}: ours {(s['members'], s['revenue_fen'])}, pandas {segments[s['name']]}")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Analytics benchmark: the CLI against pandas")
    parser.add_argument("--db", required=True)
    parser.add_argument("--as-of", default="2026-12-01")
    parser.add_argument("--cli", default=os.path.join(here, "..", "src", "cli", "member-console-cli"))
    parser.add_argument("--cdnow", default=os.path.join(here, "..", "..", "..", "shared", "data", "cdnow",
                                                        "CDNOW_sample.txt"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pandas-runs", type=int, default=1, help="0: ours alone, no comparison")
    args = parser.parse_args()

    print(f"workspace {args.db}, as of {args.as_of}")
    print(f"  machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    times = []
    cpus = []
    ours = None
    for i in range(args.runs):
        t, cpu, ours = run_ours(args.cli, args.db, args.as_of)
        times.append(t)
        cpus.append(cpu)
        print(f"  ours   run {i + 1}: {t:.3f} s, CPU {cpu:.3f} s  (KPIs + monthly cohorts + RFM, cold CLI process)")
    ptimes = []
    pcpus = []
    for i in range(args.pandas_runs):
        t, cpu, read, k, cohorts, segments = run_pandas(args.db, args.as_of)
        ptimes.append(t)
        pcpus.append(cpu)
        print(f"  pandas run {i + 1}: {t:.3f} s, CPU {cpu:.3f} s  (reading SQLite into DataFrames: {read:.3f} s)")
    problems = compare(ours, k, cohorts, segments) if ptimes else []
    if not ptimes:
        print(f"  ours {min(times):.3f}–{max(times):.3f} s, CPU {min(cpus):.3f}–{max(cpus):.3f} s (pandas not run)")
    elif problems:
        print("  the figures differ:")
        for p in problems[:20]:
            print("    " + p)
    else:
        print(f"  same figures: {len(k)} KPIs, {len(ours['cohorts'])} cohorts, 8 RFM segments")
    if ptimes:
        print(f"  ours {min(times):.3f}–{max(times):.3f} s; pandas {min(ptimes):.3f}–{max(ptimes):.3f} s; "
              f"pandas / ours = {min(ptimes) / max(times):.1f}–{max(ptimes) / min(times):.1f}×")
        print(f"  CPU: ours {min(cpus):.3f}–{max(cpus):.3f} s; pandas {min(pcpus):.3f}–{max(pcpus):.3f} s; "
              f"pandas / ours = {min(pcpus) / max(cpus):.1f}–{max(pcpus) / min(cpus):.1f}×")

    if os.path.exists(args.cdnow):
        fits = []
        walls = []
        for i in range(args.runs):
            start = time.perf_counter()
            out = subprocess.run([args.cli, "report", "clv", "--json", "--model", "bgnbd",
                                  "--import-transactions", args.cdnow, "--calibration-end", "1997-09-30"],
                                 check=True, capture_output=True, text=True).stdout
            walls.append(time.perf_counter() - start)
            fits.append(json.loads(out)["fit_seconds"])
        print(f"BG/NBD on CDNOW: fit {min(fits) * 1000:.1f}–{max(fits) * 1000:.1f} ms; "
              f"whole CLI process (read, summarise, fit) {min(walls) * 1000:.0f}–{max(walls) * 1000:.0f} ms")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
