#!/usr/bin/env bash
# fundsim report: the league table against the baseline, in four formats, from a summary-only
# file; JSON and CSV values are those of the file's datasets; bad arguments exit 2.
FUNDSIM=$1 SRC=$2
source "$(dirname "$0")/lib.sh"
expect_exit 0 "summary-only run" -- "$FUNDSIM" run "$SRC/scenarios/small.toml" -o "$WORK/so.h5" --replicates 200 --summary-only --quiet
expect_exit 0 "report --format json" -- "$FUNDSIM" report "$WORK/so.h5" --format json
cp "$WORK/out" "$WORK/report.json"
"$PY" - "$WORK/so.h5" "$WORK/report.json" >"$WORK/check" 2>&1 <<'PYEOF' && pass "json matches the datasets: $(tail -1 "$WORK/check")" || fail "json: $(tail -15 "$WORK/check")"
import sys, json, math
import h5py
f = h5py.File(sys.argv[1], "r")
r = json.load(open(sys.argv[2]))
scen = list(f["scenario"].asstr()[:])
lv = list(f["quantile"][()])
i5, i50, i95 = lv.index(0.05), lv.index(0.5), lv.index(0.95)
assert r["study"] == "small" and r["baseline"] == "baseline" and r["replicates"] == 200 and r["summary_only"] is True
assert [s["name"] for s in r["scenarios"]] == scen
def same(a, b):
    return (a is None and math.isnan(b)) or (a is not None and a == float(b))
n = 0
for s, sc in enumerate(r["scenarios"]):
    assert same(sc["budget_gbp"], f["budget"][s])
    for m in ("referrals", "arrests", "contact_abuse", "safeguarded", "active", "backlog"):
        x = sc["metrics"][m]
        for key, ds in (("median", i50), ("p5", i5), ("p95", i95)):
            assert same(x["total"][key], f[m + "_horizon_quantile"][s, ds]), (m, key)
            assert same(x["diff"][key], f[m + "_diff_horizon_quantile"][s, ds]) if key != "median" else True
        assert same(x["diff"]["mean"], f[m + "_diff_horizon_mean"][s])
        assert same(x["diff"]["se"], f[m + "_diff_horizon_se"][s])
        assert same(x["diff"]["prob_better"], f[m + "_diff_horizon_prob_better"][s])
        # se ~ 1/sqrt(N): 4 x the replicates halve it; null where there is no se to halve (the baseline).
        se = float(f[m + "_diff_horizon_se"][s])
        want = 4 * 200 if se > 0 else None
        assert x["diff"]["replicates_to_halve_se"] == want, (sc["name"], m, x["diff"]["replicates_to_halve_se"], se)
        n += 1
    for key, var in (("arrest_gained", "cost_per_arrest_gained"), ("contact_abuse_averted", "cost_per_contact_abuse_averted"),
                     ("offender_year_averted", "cost_per_offender_year_averted")):
        c = sc["cost_per"][key]
        assert same(c["value"], f[var][s]) and same(c["se"], f[var + "_se"][s])
        assert same(c["median"], f[var + "_quantile"][s, i50]) and same(c["p5"], f[var + "_quantile"][s, i5])
        assert same(c["p95"], f[var + "_quantile"][s, i95])
        assert c["replicates_without_gain"] == int(f[var + "_nonpositive"][s])
ann = r["scenarios"][scen.index("announced-2018")]
assert ann["metrics"]["arrests"]["diff"]["mean"] > 0 and ann["cost_per"]["arrest_gained"]["value"] > 0
print(f"{n} scenario-metrics checked")
PYEOF
expect_exit 0 "report --format csv" -- "$FUNDSIM" report "$WORK/so.h5" --format csv --metric arrests,contact_abuse
"$PY" -c "
import csv
rows = list(csv.DictReader(open('$WORK/out')))
assert len(rows) == 7, len(rows)
assert rows[4]['scenario'] == 'enf-prev[enforcement=1,prevention=0]', rows[4]['scenario']
assert float(rows[1]['arrests_diff_mean']) > 0 and rows[0]['cost_per_arrest_gained'] == ''
assert 'referrals_diff_mean' not in rows[0]
# replicates to halve the se: the last columns, so the earlier ones keep their positions.
head = next(csv.reader(open('$WORK/out')))
assert head[-2:] == ['arrests_diff_replicates_to_halve_se', 'contact_abuse_diff_replicates_to_halve_se'], head[-2:]
assert head[:4] == ['scenario', 'sweep', 'budget_gbp', 'arrests_total_median'], head[:4]
assert rows[1]['arrests_diff_replicates_to_halve_se'] == '800' and rows[0]['arrests_diff_replicates_to_halve_se'] == ''
" && pass "csv: one row per scenario, names with commas quoted, NaN empty, replicates to halve the se" || fail "csv: $(head -3 "$WORK/out")"
expect_exit 0 "report --format markdown" -- "$FUNDSIM" report "$WORK/so.h5" --format markdown --named
if grep -q '^| announced-2018 ' "$WORK/out" && ! grep -q 'enf-prev\[' "$WORK/out" && grep -q '^### contact_abuse' "$WORK/out"; then
  pass "markdown tables; --named leaves out sweep points"
else fail "markdown: $(head -20 "$WORK/out")"; fi
n=$(grep -c '^se ~ 1/sqrt(replicates): 800 replicates (4 x 200) would halve each se above\.$' "$WORK/out" || true)
[ "$n" = 6 ] && pass "markdown: replicates-to-halve-se note under each of the 6 metric tables" \
  || fail "markdown: $n replicates-to-halve-se notes, wanted 6"
expect_exit 0 "report (table)" -- "$FUNDSIM" report "$WORK/so.h5" --metric contact_abuse --sort contact_abuse
if [ "$(grep -A3 '^scenario' "$WORK/out" | sed -n 3p | awk '{print $1}')" = "balanced" ]; then
  pass "table sorted by contact abuse difference, best first"
else fail "table order: $(head -12 "$WORK/out")"; fi
note=$(grep 'would halve each se' "$WORK/out" || true)
[ "$note" = "se ~ 1/sqrt(replicates): 800 replicates (4 x 200) would halve each se above." ] \
  && pass "table: replicates-to-halve-se note under the table" || fail "table note: '$note'"
# It is a note, not a column: a metric table of the named scenarios and its note fit in 100 columns.
expect_exit 0 "report --named (table)" -- "$FUNDSIM" report "$WORK/so.h5" --named --metric arrests
widest=$(awk '/^scenario/ { on = 1 } on { if (length($0) > w) w = length($0) } /would halve each se/ { exit } END { print w + 0 }' "$WORK/out")
[ "$widest" -gt 0 ] && [ "$widest" -le 100 ] && pass "table: arrests table with its note is $widest columns wide (<= 100)" \
  || fail "table: arrests table with its note is $widest columns wide"
expect_exit 2 "unknown metric" -- "$FUNDSIM" report "$WORK/so.h5" --metric arrestz
grep -q "unknown metric 'arrestz'" "$WORK/err" && pass "unknown metric is named" || fail "unknown metric message: $(cat "$WORK/err")"
expect_exit 2 "unknown format" -- "$FUNDSIM" report "$WORK/so.h5" --format xml
expect_exit 2 "missing file" -- "$FUNDSIM" report "$WORK/nope.h5"
"$PY" -c "import h5py; h5py.File('$WORK/other.h5', 'w').create_dataset('x', data=[1])"
expect_exit 2 "an HDF5 file that is not a fundsim output" -- "$FUNDSIM" report "$WORK/other.h5"
echo "not hdf5" >"$WORK/text.h5"
expect_exit 2 "a file that is not HDF5" -- "$FUNDSIM" report "$WORK/text.h5"
finish
