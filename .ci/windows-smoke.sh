#!/usr/bin/env bash
# Windows smoke test: cross-builds the release bangfu.exe (x86_64-pc-windows-gnu) and runs
# the CLI under Wine on the sample ledger, comparing with the Linux build's output.
#
#     bash .ci/windows-smoke.sh
#
# Installs nothing. Needs (Debian 12): gcc-mingw-w64-x86-64 (brings
# x86_64-w64-mingw32-windres), wine and wine64, perl, plus
# `rustup target add x86_64-pc-windows-gnu`. poppler-utils (pdftotext) is optional: with it
# the report PDFs' text is compared too.
#
# Test-only pieces, never part of what users get, all built into a temporary folder:
#   - bcryptprimitives.dll (.ci/windows/processprng-shim.c): Debian's Wine 8.0 lacks it and
#     every Rust 1.78+ .exe imports its ProcessPrng, so without it bangfu.exe dies before main.
#   - holdfile.exe (.ci/windows/holdfile.c): holds the ledger's lock exactly as std's
#     File::try_lock does, or keeps the ledger open without delete sharing, as a second
#     program would. The CLI has no long-running command that holds a ledger.
#
# Environment: CARGO_TARGET_DIR as for cargo; BANGFU_LINUX_EXE to use an existing Linux
# binary instead of `cargo build --bin bangfu`; KEEP=1 keeps the temporary folder.
# Prints PASS/FAIL per check and ends with "N passed, M failed"; exits 1 on any failure.

set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=x86_64-pc-windows-gnu
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export LC_ALL=C.UTF-8 LANG=C.UTF-8 # Wine turns arguments and file names into UTF-16 by the locale
START=$(date +%s)

passed=0
failed=0
pass() {
    echo "PASS: $*"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL: $*"
    failed=$((failed + 1))
}
finish() {
    echo "windows smoke: $(($(date +%s) - START)) s in all (cross build ${BUILD_S:-?} s)"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

# ---- tools -----------------------------------------------------------------------------
missing=()
for tool in cargo rustc x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres \
    x86_64-w64-mingw32-objdump strings wine wineserver perl cmp timeout; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ! -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/$TARGET" ]; then
    missing+=("rust target $TARGET (rustup target add $TARGET)")
fi
if [ ${#missing[@]} -gt 0 ]; then
    fail "tools present: missing ${missing[*]}"
    finish
fi
pass "tools present"

# ---- builds ----------------------------------------------------------------------------
t0=$(date +%s)
if cargo build --release --target "$TARGET" --locked >/tmp/bangfu-winsmoke-build.log 2>&1; then
    BUILD_S=$(($(date +%s) - t0))
    pass "cross build for $TARGET (${BUILD_S} s)"
else
    BUILD_S=$(($(date +%s) - t0))
    tail -30 /tmp/bangfu-winsmoke-build.log
    fail "cross build for $TARGET"
    finish
fi
EXE=$TARGET_DIR/$TARGET/release/bangfu.exe
EXE_BYTES=$(stat -c %s "$EXE")
if [ "$EXE_BYTES" -le 24000000 ]; then
    pass "bangfu.exe is at most 24 MB ($EXE_BYTES bytes)"
else
    fail "bangfu.exe is at most 24 MB ($EXE_BYTES bytes; see [profile.release] in Cargo.toml)"
fi

if [ -n "${BANGFU_LINUX_EXE:-}" ]; then
    LINUX=$BANGFU_LINUX_EXE
elif cargo build --bin bangfu --locked >/tmp/bangfu-winsmoke-linux.log 2>&1; then
    LINUX=$TARGET_DIR/debug/bangfu
else
    tail -30 /tmp/bangfu-winsmoke-linux.log
    fail "Linux build for comparison"
    finish
fi

# The PE header and resources: a GUI-subsystem program with icon, version info, manifest.
headers=$(x86_64-w64-mingw32-objdump -p "$EXE")
if grep -q 'Subsystem.*(Windows GUI)' <<<"$headers"; then
    pass "bangfu.exe is a GUI-subsystem program"
else
    fail "bangfu.exe is a GUI-subsystem program"
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# Resource types at the top of .rsrc: 3 ICON, 0xe GROUP_ICON, 0x10 VERSION, 0x18 MANIFEST.
types=$(sed -n '/The .rsrc Resource Directory section/,$p' <<<"$headers" |
    sed -n 's/^[0-9a-f]*   Entry: ID: 0x0000\([0-9a-f][0-9a-f]\),.*/\1/p' | sort -u | tr '\n' ' ')
if [ "$types" = "03 0e 10 18 " ] &&
    strings -el "$EXE" | grep -qx "$version" && strings -el "$EXE" | grep -q 'Bangfu Ledger'; then
    pass "icon, version info ($version) and manifest embedded"
else
    fail "icon, version info ($version) and manifest embedded (resource types: $types)"
fi

# ---- the test folder and the Wine prefix -------------------------------------------------
WORK=$(mktemp -d /tmp/bangfu-winsmoke.XXXXXX)
export WINEPREFIX=$WORK/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
HOLDERS=()
cleanup() {
    for p in "${HOLDERS[@]}"; do kill -9 "$p" 2>/dev/null; done
    wineserver -k 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
BIN=$WORK/bin
mkdir -p "$BIN" "$WORK/linux"
cp "$EXE" "$BIN/bangfu.exe"
if x86_64-w64-mingw32-gcc -O2 -shared -o "$BIN/bcryptprimitives.dll" \
    .ci/windows/processprng-shim.c -ladvapi32 &&
    x86_64-w64-mingw32-gcc -O2 -municode -o "$BIN/holdfile.exe" .ci/windows/holdfile.c; then
    pass "test-only helpers built (ProcessPrng shim, holdfile.exe)"
else
    fail "test-only helpers built (ProcessPrng shim, holdfile.exe)"
    finish
fi
t0=$(date +%s)
if timeout 300 wine cmd.exe /c echo ready 2>/dev/null | grep -q ready; then
    pass "Wine prefix ready ($(($(date +%s) - t0)) s)"
else
    fail "Wine prefix ready"
    finish
fi

# Ledgers live in C:\帮扶 台账\ (Chinese and a space) on Windows, in $WORK/linux on Linux.
WDIR_UNIX="$WINEPREFIX/drive_c/帮扶 台账"
WDIR='C:\帮扶 台账'
mkdir -p "$WDIR_UNIX"
LDIR=$WORK/linux
WLEDGER="$WDIR\\2020年.ron"
LLEDGER="$LDIR/2020年.ron"

# win NAME ARGS…: runs bangfu.exe, stdout/stderr in $WORK/NAME.win.{out,err}; returns its code.
win() {
    local name=$1
    shift
    (cd "$WORK" && timeout 120 wine "$BIN/bangfu.exe" "$@" >"$WORK/$name.win.out" 2>"$WORK/$name.win.err")
}
# lin NAME ARGS…: the same with the Linux build.
lin() {
    local name=$1
    shift
    (cd "$WORK" && "$LINUX" "$@" >"$WORK/$name.lin.out" 2>"$WORK/$name.lin.err")
}
# Only CRLF and the ledger/CSV paths may differ between the two.
normalize() {
    perl -pe 's/\r\n/\n/g; s/\r$//;
        s/\Q$ENV{WDIR}\E\\/DIR\//g; s/\Q$ENV{LDIR}\E\//DIR\//g' "$1"
}
export WDIR LDIR
# both NAME WIN-ARGS… -- LINUX-ARGS…: runs both; PASS when both exit 0 and print the same.
both() {
    local name=$1
    shift
    local wargs=() largs=()
    while [ "$1" != "--" ]; do
        wargs+=("$1")
        shift
    done
    shift
    largs=("$@")
    win "$name" "${wargs[@]}"
    local wc=$?
    lin "$name" "${largs[@]}"
    local lc=$?
    if [ "$wc" -ne 0 ] || [ "$lc" -ne 0 ]; then
        fail "$name: exit codes Windows $wc, Linux $lc ($(head -c 300 "$WORK/$name.win.err"))"
        return 1
    fi
    if diff <(normalize "$WORK/$name.win.out") <(normalize "$WORK/$name.lin.out") >"$WORK/$name.diff"; then
        pass "$name: same output as Linux"
    else
        fail "$name: output differs from Linux (see below)"
        head -20 "$WORK/$name.diff"
        return 1
    fi
}
# same_bytes WHAT WIN-FILE LINUX-FILE
same_bytes() {
    if cmp -s "$2" "$3"; then pass "$1: byte-for-byte as Linux"; else fail "$1: differs from Linux"; fi
}

# ---- the CLI -------------------------------------------------------------------------
both demo demo "$WLEDGER" -- demo "$LLEDGER"
same_bytes "demo ledger file" "$WDIR_UNIX/2020年.ron" "$LLEDGER"
both check check "$WLEDGER" -- check "$LLEDGER"
both check-en check "$WLEDGER" --lang en -- check "$LLEDGER" --lang en
for by in village department,month source; do
    for format in table csv json; do
        both "summary-$by-$format" summary "$WLEDGER" --by "$by" --format "$format" -- \
            summary "$LLEDGER" --by "$by" --format "$format"
    done
    same_bytes "summary --by $by --format csv" "$WORK/summary-$by-csv.win.out" "$WORK/summary-$by-csv.lin.out"
done
both export export "$WLEDGER" --csv "$WDIR\\导出 全部.csv" -- export "$LLEDGER" --csv "$LDIR/导出 全部.csv"
same_bytes "export CSV" "$WDIR_UNIX/导出 全部.csv" "$LDIR/导出 全部.csv"

# Targets of the responsibility letter: set (saved through the store), then read back.
TARGETS=(--year 2020 --set "投入帮扶资金=10万" --set "培训基层干部=30")
both targets-set targets "$WLEDGER" "${TARGETS[@]}" -- targets "$LLEDGER" "${TARGETS[@]}"
both targets-csv targets "$WLEDGER" --year 2020 --format csv -- targets "$LLEDGER" --year 2020 --format csv
same_bytes "targets --format csv" "$WORK/targets-csv.win.out" "$WORK/targets-csv.lin.out"
if grep -q '^投入帮扶资金,元,100000.00,67000.00,0.67' "$WORK/targets-csv.win.out"; then
    pass "targets: 投入帮扶资金 67,000.00 of 100,000.00 on Windows"
else
    fail "targets: 投入帮扶资金 line on Windows"
fi

# The rectification ledger (整改台账): summary, set (saved through the store), list, import.
FS=(--by village --as-of 2020-07-01 --format csv)
both findings-summary findings summary "$WLEDGER" "${FS[@]}" -- findings summary "$LLEDGER" "${FS[@]}"
same_bytes "findings summary --format csv" "$WORK/findings-summary.win.out" "$WORK/findings-summary.lin.out"
if grep -q '^九股村,44,2,6,6,30,8,81.8' "$WORK/findings-summary.win.out"; then
    pass "findings: 九股村 44 findings, 30 verified, 8 overdue, 81.8% on Windows"
else
    fail "findings: 九股村 line on Windows"
fi
FSET=(--id 4 --status 已销号 --date 2020-07-02 --by 镇督战办)
both findings-set findings set "$WLEDGER" "${FSET[@]}" -- findings set "$LLEDGER" "${FSET[@]}"
FL=(--overdue --as-of 2020-07-01 --format csv)
both findings-list findings list "$WLEDGER" "${FL[@]}" -- findings list "$LLEDGER" "${FL[@]}"
FCSV='村,问题来源,问题类别,问题描述,整改措施,责任单位,整改时限,整改状态
九股村,第三轮督战,饮水安全,六组1户水管漏水,更换水管,妈姑镇水务站,2020-07-15,整改中'
printf '%s\n' "$FCSV" >"$WDIR_UNIX/问题清单.csv"
printf '%s\n' "$FCSV" >"$LDIR/问题清单.csv"
both findings-import findings import "$WLEDGER" --csv "$WDIR\\问题清单.csv" -- \
    findings import "$LLEDGER" --csv "$LDIR/问题清单.csv"
# The edits went to the journal: compare what a user reads back, every finding.
both findings-after findings list "$WLEDGER" --format csv -- findings list "$LLEDGER" --format csv
same_bytes "findings after set and import" "$WORK/findings-after.win.out" "$WORK/findings-after.lin.out"
if grep -q '六组1户水管漏水' "$WORK/findings-after.win.out"; then
    pass "findings import: the imported finding is listed on Windows"
else
    fail "findings import: the imported finding is not listed on Windows"
fi

ADD=(--date 2020-06-28 --village 海子村 --department 团委 --kind goods --what "书包 与 文具"
    --quantity 40 --unit 套 --value "1,200.50" --households 40 --notes "周末 送达")
both add add "$WLEDGER" "${ADD[@]}" -- add "$LLEDGER" "${ADD[@]}"

printf '日期,村,部门,帮扶形式,内容,金额\n2020-06-29,平原村,团委,物资,图书,800\n2020-06-30,九股村,医学护理系,服务,义诊,0\n' >"$WDIR_UNIX/新增 记录.csv"
cp "$WDIR_UNIX/新增 记录.csv" "$LDIR/新增 记录.csv"
both import import "$WLEDGER" --csv "$WDIR\\新增 记录.csv" -- import "$LLEDGER" --csv "$LDIR/新增 记录.csv"
both summary-after summary "$WLEDGER" --by village,kind --format csv -- summary "$LLEDGER" --by village,kind --format csv
both export-after export "$WLEDGER" --csv "$WDIR\\导出 之后.csv" -- export "$LLEDGER" --csv "$LDIR/导出 之后.csv"
same_bytes "export after add and import" "$WDIR_UNIX/导出 之后.csv" "$LDIR/导出 之后.csv"

# The journal: who changed what (history), and back to a moment (restore). Edit 1 set the
# targets, 2 signed a finding off, 3 imported a finding, 4 is the add, 5 the import;
# restoring to 4 undoes the import, to 5 redoes it.
win history history "$WLEDGER" --format csv
if [ $? -eq 0 ] && head -1 "$WORK/history.win.out" | grep -q '^seq,time,user,host,action,detail' &&
    grep -q '^4,.*,添加 书包 与 文具,' "$WORK/history.win.out"; then
    pass "history: the add is edit 4, with who and when"
else
    fail "history CSV on Windows: $(head -c 300 "$WORK/history.win.err")"
fi
win restore-4 restore "$WLEDGER" --to 4
c4=$?
win restore-5 restore "$WLEDGER" --to 5
c5=$?
both summary-restored summary "$WLEDGER" --by village,kind --format csv -- summary "$LLEDGER" --by village,kind --format csv
if [ "$c4" -eq 0 ] && [ "$c5" -eq 0 ] && grep -q '已恢复到第 4 次修改之后' "$WORK/restore-4.win.out"; then
    pass "restore --to 4 then --to 5: the ledger is as before (summary as Linux's)"
else
    fail "restore on Windows (exit $c4, $c5): $(head -c 300 "$WORK/restore-4.win.err")"
fi

# An old spreadsheet made by LibreOffice (title row, merged header, 万元 column, text and
# date-cell dates, a blank row and a 合计 row), into a fresh ledger: 5 entries, 59,500.00.
cp tests/fixtures/old_ledger.xlsx "$WDIR_UNIX/旧 台账.xlsx"
cp tests/fixtures/old_ledger.xlsx "$LDIR/旧 台账.xlsx"
both xlsx-new new "$WDIR\\旧.ron" --unit 毕节职业技术学院 -- new "$LDIR/旧.ron" --unit 毕节职业技术学院
both xlsx-import import "$WDIR\\旧.ron" --xlsx "$WDIR\\旧 台账.xlsx" -- import "$LDIR/旧.ron" --xlsx "$LDIR/旧 台账.xlsx"
both xlsx-summary summary "$WDIR\\旧.ron" --by village -- summary "$LDIR/旧.ron" --by village
if grep -qE '^合计 +5 .* 59,500\.00 ' "$WORK/xlsx-summary.win.out"; then
    pass "import --xlsx: 5 entries, 59,500.00 on Windows"
else
    fail "import --xlsx: totals on Windows: $(tail -1 "$WORK/xlsx-summary.win.out")"
fi
# Merging that ledger into the year's ledger: its 学院党委 is near our 学院党委/校领导, so the
# merge is refused (exit 2, nothing written) until it is mapped; merged twice, it is added once.
win merge-near merge "$WLEDGER" "$WDIR\\旧.ron"
code=$?
if [ "$code" -eq 2 ] && grep -q -- '--map 学院党委=学院党委/校领导' "$WORK/merge-near.win.err"; then
    pass "merge: a near-duplicate name is refused with exit 2 and named"
else
    fail "merge: near-duplicate (exit $code): $(head -c 300 "$WORK/merge-near.win.err")"
fi
MAP=(--map 学院党委=学院党委/校领导)
both merge-1 merge "$WLEDGER" "$WDIR\\旧.ron" "${MAP[@]}" -- merge "$LLEDGER" "$LDIR/旧.ron" "${MAP[@]}"
both merge-2 merge "$WLEDGER" "$WDIR\\旧.ron" "${MAP[@]}" -- merge "$LLEDGER" "$LDIR/旧.ron" "${MAP[@]}"
if grep -q '已合并 5 条记录' "$WORK/merge-1.win.out" && grep -q '已合并 0 条记录，跳过 5 条' "$WORK/merge-2.win.out"; then
    pass "merge: 5 entries the first time, none the second"
else
    fail "merge counts on Windows: $(head -c 200 "$WORK/merge-2.win.out")"
fi
both merge-summary summary "$WLEDGER" --by village --format csv -- summary "$LLEDGER" --by village --format csv

# Bad input: exit 2 and the ledger untouched.
printf '日期,村,部门,帮扶形式,内容,金额\n2020-06-01,九股村,团委,物资,坏的,-5\n' >"$WDIR_UNIX/坏.csv"
before=$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" 2>/dev/null | md5sum)
win import-bad import "$WLEDGER" --csv "$WDIR\\坏.csv"
code=$?
after=$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" 2>/dev/null | md5sum)
if [ "$code" -eq 2 ] && [ "$after" = "$before" ] &&
    grep -q '金额' "$WORK/import-bad.win.err"; then
    pass "bad CSV refused with exit 2, ledger unchanged"
else
    fail "bad CSV refused with exit 2, ledger unchanged (exit $code)"
fi

# report --pdf, once the subcommand exists in this build. (`report --help` alone is not
# proof: without the subcommand clap takes "report" as the FILE argument and shows the main
# help, so look for --pdf in what it prints.)
win report-help report --help
if [ $? -eq 0 ] && grep -q -- '--pdf' "$WORK/report-help.win.out"; then
    if both report report "$WLEDGER" --pdf "$WDIR\\汇总 报告.pdf" -- report "$LLEDGER" --pdf "$LDIR/汇总 报告.pdf"; then
        if head -c 5 "$WDIR_UNIX/汇总 报告.pdf" | grep -q '%PDF-'; then
            if command -v pdftotext >/dev/null; then
                if diff <(pdftotext "$WDIR_UNIX/汇总 报告.pdf" -) <(pdftotext "$LDIR/汇总 报告.pdf" -) >/dev/null; then
                    pass "report PDF: same text as Linux's"
                else
                    fail "report PDF: text differs from Linux's"
                fi
            else
                pass "report PDF written (pdftotext missing: text not compared)"
            fi
        else
            fail "report PDF: not a PDF"
        fi
    fi
else
    echo "SKIP: report (no report subcommand in this build)"
fi

# ---- evidence (佐证材料) --------------------------------------------------------------------
# A small PNG and a text file attached to entry 1 (one edit), listed, packed into a zip whose
# names are UTF-8 and whose bytes are the attached ones; a 60 MB file is refused with exit 2
# and nothing written. The stored files live in 2020年.files\ beside the ledger.
for d in "$WDIR_UNIX" "$LDIR"; do
    printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$d/公厕 照片.png"
    printf '32 户签收\n' >"$d/签收单.txt"
done
both attach attach "$WLEDGER" --entry 1 "$WDIR\\公厕 照片.png" "$WDIR\\签收单.txt" -- \
    attach "$LLEDGER" --entry 1 "$LDIR/公厕 照片.png" "$LDIR/签收单.txt"
if [ "$(find "$WDIR_UNIX/2020年.files" -type f | wc -l)" -eq 2 ]; then
    pass "attach: two files stored by hash in 2020年.files"
else
    fail "attach: stored files on Windows: $(find "$WDIR_UNIX/2020年.files" -type f 2>&1 | head -5)"
fi
both evidence-list evidence "$WLEDGER" --list -- evidence "$LLEDGER" --list
both evidence-missing evidence "$WLEDGER" --list --missing -- evidence "$LLEDGER" --list --missing
both evidence-zip evidence "$WLEDGER" --zip "$WDIR\\材料 包.zip" -- evidence "$LLEDGER" --zip "$LDIR/材料 包.zip"
PACKED_PNG='九股村/2020-06-05 公厕建设 #1/公厕 照片.png'
PACKED_TXT='九股村/2020-06-05 公厕建设 #1/签收单.txt'
if command -v unzip >/dev/null; then
    unzip -l "$WDIR_UNIX/材料 包.zip" >"$WORK/unzip-l.out" 2>&1
    if grep -qF "$PACKED_PNG" "$WORK/unzip-l.out" && grep -qF "$PACKED_TXT" "$WORK/unzip-l.out" &&
        grep -qF 'index.xlsx' "$WORK/unzip-l.out"; then
        pass "evidence pack: unzip lists index.xlsx and both files under the record's folder"
    else
        fail "evidence pack listing: $(head -c 400 "$WORK/unzip-l.out")"
    fi
    if cmp -s <(unzip -p "$WDIR_UNIX/材料 包.zip" "$PACKED_PNG") "$WDIR_UNIX/公厕 照片.png" &&
        cmp -s <(unzip -p "$WDIR_UNIX/材料 包.zip" "$PACKED_TXT") "$WDIR_UNIX/签收单.txt"; then
        pass "evidence pack: the packed files are byte-for-byte the attached ones"
    else
        fail "evidence pack: packed bytes differ from the attached files"
    fi
else
    fail "evidence pack: unzip missing (.ci/run installs it)"
fi
truncate -s 60M "$WDIR_UNIX/大 文件.bin"
before=$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" 2>/dev/null | md5sum)
stored_before=$(find "$WDIR_UNIX/2020年.files" -type f | wc -l)
win attach-big attach "$WLEDGER" --entry 1 "$WDIR\\大 文件.bin"
code=$?
after=$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" 2>/dev/null | md5sum)
if [ "$code" -eq 2 ] && [ "$after" = "$before" ] &&
    [ "$(find "$WDIR_UNIX/2020年.files" -type f | wc -l)" -eq "$stored_before" ] &&
    grep -q '大 文件.bin' "$WORK/attach-big.win.err" && grep -q '文件太大' "$WORK/attach-big.win.err"; then
    pass "a 60 MB file is refused with exit 2, named, nothing written"
else
    fail "60 MB file (exit $code): $(head -c 300 "$WORK/attach-big.win.err")"
fi
rm -f "$WDIR_UNIX/大 文件.bin"
win evidence-check check "$WLEDGER"
if [ $? -eq 0 ]; then pass "check: every attached file is present"; else fail "check after attach: $(head -c 300 "$WORK/evidence-check.win.err")"; fi

# ---- one writer: the lock --------------------------------------------------------------
# start_holder MODE UNIX-PATH-OF-LOG WINDOWS-FILE: starts holdfile.exe, waits until it holds.
start_holder() {
    local log=$2
    : >"$log"
    (cd "$WORK" && exec wine "$BIN/holdfile.exe" "$1" "$3" >"$log" 2>&1) &
    HOLDER=$!
    HOLDERS+=("$HOLDER")
    for _ in $(seq 1 300); do
        grep -q '^holding' "$log" && return 0
        kill -0 "$HOLDER" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log"
    return 1
}
stop_holder() {
    kill -9 "$HOLDER" 2>/dev/null
    wait "$HOLDER" 2>/dev/null
}

if start_holder lock "$WORK/holder.log" "$WLEDGER.lock"; then
    holder_pid=$(sed -n 's/^holding \([0-9]*\).*/\1/p' "$WORK/holder.log")
    # An add writes the journal, so the snapshot and the journal must both be untouched.
    before=$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" | md5sum)
    win locked add "$WLEDGER" "${ADD[@]}"
    code=$?
    if [ "$code" -eq 3 ] && [ "$(cat "$WDIR_UNIX/2020年.ron" "$WDIR_UNIX/2020年.ron.journal" | md5sum)" = "$before" ]; then
        pass "second writer refused with exit 3 while another process holds the lock"
    else
        fail "second writer refused with exit 3 (exit $code: $(cat "$WORK/locked.win.err"))"
    fi
    # holdfile.exe writes user "lock-file-content" into the lock file and "smoke-holder"
    # into the info file. Windows refuses reads of a range another process has locked, so
    # there the info file is what names the holder; Wine 8 does not enforce that, and the
    # lock file is read. Either way the refusal must name the holder's pid.
    if grep -q "smoke-holder" "$WORK/locked.win.err" && grep -q "$holder_pid" "$WORK/locked.win.err"; then
        pass "the refusal names the holder (pid $holder_pid) from NAME.ron.lock.info: the locked lock file was unreadable"
    elif grep -q "lock-file-content" "$WORK/locked.win.err" && grep -q "$holder_pid" "$WORK/locked.win.err"; then
        pass "the refusal names the holder (pid $holder_pid) from the lock file (this Wine lets a locked file be read)"
    else
        fail "the refusal names the holder: $(cat "$WORK/locked.win.err")"
    fi
    stop_holder
    win unlocked add "$WLEDGER" "${ADD[@]}"
    code=$?
    if [ "$code" -eq 0 ]; then
        pass "the lock is released when its holder is killed"
    else
        fail "the lock is released when its holder is killed (exit $code: $(cat "$WORK/unlocked.win.err"))"
    fi
else
    fail "holdfile.exe took the lock"
fi

# A ledger another program keeps open without delete sharing cannot be replaced: the save
# is retried, then reported, and the old file stays as it was (no delete-then-copy). An
# add is a journal line and replaces nothing, so `compact` (a new snapshot over the file)
# is what is tried; the journal has the adds above, so there is something to write.
if start_holder open "$WORK/opener.log" "$WLEDGER"; then
    before=$(md5sum <"$WDIR_UNIX/2020年.ron")
    t0=$(date +%s%N)
    win busy compact "$WLEDGER"
    code=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    leftovers=$(find "$WDIR_UNIX" -name '.2020年.ron.tmp-*' | wc -l)
    if [ "$code" -ne 0 ] && [ "$code" -ne 3 ] && [ "$(md5sum <"$WDIR_UNIX/2020年.ron")" = "$before" ] &&
        [ -f "$WDIR_UNIX/2020年.ron" ] && [ "$leftovers" -eq 0 ]; then
        pass "replacing a ledger held open elsewhere fails after retries (${ms} ms, exit $code), file intact"
    else
        fail "replacing a held-open ledger: exit $code, ${leftovers} temp files, $(cat "$WORK/busy.win.err")"
    fi
    stop_holder
    win after-busy compact "$WLEDGER"
    code=$?
    if [ "$code" -eq 0 ]; then
        pass "saving works again once the other program closed the ledger"
    else
        fail "saving works again once the other program closed the ledger (exit $code)"
    fi
else
    fail "holdfile.exe opened the ledger"
fi

win final-check check "$WLEDGER"
if [ $? -eq 0 ]; then pass "ledger still valid at the end"; else fail "ledger still valid at the end"; fi

finish
