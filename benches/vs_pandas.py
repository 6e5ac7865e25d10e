#!/usr/bin/env python3
"""Bangfu against what a user would otherwise do: pandas on the exported CSV.

Times, as whole processes (start-up included), the same totals per village × department:

    bangfu summary big.ron --by village,department --format csv
    python3 -c "pandas.read_csv(export.csv) … groupby(['村','部门']).sum()"

and checks both give the same numbers. Usage (after `cargo build --release`):

    pip install pandas
    python3 benches/vs_pandas.py [--entries 100000] [--runs 5]
"""
import argparse
import io
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BANGFU = ROOT / "target" / "release" / "bangfu"

PANDAS_SCRIPT = r"""
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], encoding="utf-8-sig", dtype={"金额": "float64", "已到位金额": "float64"})
# Delivered value: the whole value, or what has arrived of a pledge.
df["delivered"] = df["已到位金额"].fillna(df["金额"])
for kind, col in (("资金", "funds"), ("物资", "goods"), ("服务", "services")):
    df[col] = df["delivered"].where(df["帮扶形式"] == kind, 0.0)
g = df.groupby(["村", "部门"], sort=False).agg(
    entries=("内容", "size"), funds=("funds", "sum"), goods=("goods", "sum"),
    services=("services", "sum"), households=("受益户数", "sum"),
    persons=("受益人数", "sum"), person_times=("人次", "sum"))
g["total"] = g["funds"] + g["goods"] + g["services"]
g.to_csv(sys.stdout, float_format="%.2f")
"""


def timed(cmd, runs):
    times = []
    out = None
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not BANGFU.exists():
        sys.exit("build first: cargo build --release")
    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        ledger, csv = d / "big.ron", d / "big.csv"
        subprocess.run([BANGFU, "demo", ledger, "--entries", str(args.entries), "--seed", "1"], check=True, capture_output=True)
        subprocess.run([BANGFU, "export", ledger, "--csv", csv], check=True, capture_output=True)
        b_time, b_out = timed([BANGFU, "summary", ledger, "--by", "village,department", "--format", "csv"], args.runs)
        p_time, p_out = timed([sys.executable, "-c", PANDAS_SCRIPT, csv], args.runs)

        # Same totals? Compare the total value per (village, department).
        def totals(text, key_cols, total_col):
            import csv as csvmod
            rows = csvmod.DictReader(io.StringIO(text.decode("utf-8")))
            return {tuple(r[k] for k in key_cols): round(float(r[total_col]), 2) for r in rows}

        ours = totals(b_out, ["village", "department"], "total_yuan")
        theirs = totals(p_out, ["村", "部门"], "total")
        same = ours == theirs
        print(f"entries: {args.entries:,}  ledger {ledger.stat().st_size / 1e6:.1f} MB, csv {csv.stat().st_size / 1e6:.1f} MB")
        print(f"bangfu summary (loads its RON): {b_time * 1000:.0f} ms")
        print(f"pandas (loads the CSV export):  {p_time * 1000:.0f} ms")
        print(f"ratio pandas / bangfu: {p_time / b_time:.1f}x   same totals: {same}")
        if not same:
            sys.exit("totals differ")


if __name__ == "__main__":
    main()
