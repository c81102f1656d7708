# One rule for every output of every command: never a file of an input recording (by any name or
# link), never an existing file without --overwrite, and atomic: an error leaves nothing behind
# and the file that was there untouched.
source "$(dirname "$0")/lib.sh"

run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 100k --samples 20k -o base --quiet
run 0 "$PS" capture -d sim -c A:2V -c B:1V --rate 100k --samples 20k -o other --quiet
ln -s base.sigmf-data link.csv
ln base.sigmf-meta hard.png
sum=$(md5sum base.sigmf-data base.sigmf-meta other.sigmf-data other.sigmf-meta)
unchanged() { [ "$(md5sum base.sigmf-data base.sigmf-meta other.sigmf-data other.sigmf-meta)" = "$sum" ] || fail "an input changed after: $*"; }
no_temp() { ! ls -A | grep -q '^\.[^.]' || { ls -A; fail "a temporary file was left: $*"; }; }

# every output option, pointed at each file of the input: refused with exit 2, nothing touched
for target in base.sigmf-data base.sigmf-meta link.csv hard.png; do
    for cmd in "stats base --csv $target" "psd base --csv $target" "psd base --plot $target" \
               "xcorr base --a A --b B --csv $target" "peaks base -c A --height 1 --csv $target" \
               "events base -c A --above 1 --csv $target" "plot base -o $target" \
               "export base -o $target --format csv" "export base -o $target --format npy" \
               "export base -o $target --format wav" "xcorr other --a A --b base:B --csv $target"; do
        run 2 "$PS" $cmd --overwrite
        grep -q "is the input recording's file .*: refused$" err.txt || { cat err.txt; fail "$cmd"; }
        unchanged "$cmd"
    done
done
# recordings named as an input: refused, even with --overwrite
for cmd in filter resample envelope; do
    opt="--lowpass 1k"; [ $cmd = resample ] && opt="--rate 10k"; [ $cmd = envelope ] && opt="--rate 1k"
    run 2 "$PS" $cmd base -o base $opt --overwrite
    expect_err "picostream $cmd: base.sigmf-meta is the input recording's file base.sigmf-meta: refused"
    run 2 "$PS" $cmd base -o base.sigmf-data $opt --overwrite
    unchanged "$cmd -o base"
done
expect_err "picostream envelope: base.sigmf-meta is the input recording's file base.sigmf-meta: refused"

# an existing file is refused without --overwrite, replaced with it
echo keep > keep.csv
for cmd in "stats base --csv keep.csv" "psd base --csv keep.csv" "psd base --plot keep.csv" \
           "plot base -o keep.csv" "export base -o keep.csv --format csv" \
           "peaks base -c A --height 1 --csv keep.csv" "events base -c A --above 1 --csv keep.csv" \
           "xcorr base --a A --b B --csv keep.csv"; do
    run 2 "$PS" $cmd
    expect_err "picostream ${cmd%% *}: keep.csv already exists (pass --overwrite to replace it)"
    [ "$(cat keep.csv)" = keep ] || fail "keep.csv changed by $cmd"
done
run 0 "$PS" stats base --csv keep.csv --overwrite
head -1 keep.csv | grep -q "^channel,start_s" || fail "--overwrite did not replace"
run 0 "$PS" filter base -o lp --lowpass 1k --quiet
run 2 "$PS" filter base -o lp --lowpass 2k --quiet
expect_err "picostream filter: lp.sigmf-meta already exists (pass --overwrite to replace it)"
run 0 "$PS" filter base -o lp --lowpass 2k --quiet --overwrite
grep -q "lowpass 2000 Hz" lp.sigmf-meta || fail "filter --overwrite"
# a directory is never an output
mkdir adir
run 2 "$PS" plot base -o adir --overwrite
expect_err "picostream plot: adir is a directory"

# atomic: an output whose command fails leaves neither a partial file nor a temporary one
echo keep > keep2.csv
run 2 "$PS" psd base --nperseg 30k --csv keep2.csv --overwrite
[ "$(cat keep2.csv)" = keep ] || fail "a failed psd touched its output"
run 2 "$PS" filter base -o lp --lowpass 60k --overwrite
grep -q "lowpass 2000 Hz" lp.sigmf-meta || fail "a failed filter touched the old recording"
no_temp "failed commands"
# a successful output leaves no temporary file either
run 0 "$PS" export base -o ok.csv --format csv
no_temp "export"

# a file inside an input recording's sidecar folder is the input too, by any name
run 0 "$PS" overview base --quiet
side=$(md5sum base.picostream-overview/*)
for target in base.picostream-overview/L08.f32 ./base.picostream-overview/new.csv; do
    run 2 "$PS" stats base --csv $target --overwrite
    expect_err "picostream stats: $target is inside the input recording's base.picostream-overview: refused"
done
[ "$(md5sum base.picostream-overview/*)" = "$side" ] || fail "the sidecar changed"
[ ! -e base.picostream-overview/new.csv ] || fail "a file was made in the sidecar"
# special files are written in place, never replaced; a FIFO nobody reads is refused at once
run 0 "$PS" stats base --csv /dev/null
run 0 "$PS" plot base -o /dev/null
if [ "$(id -u)" = 0 ]; then # where a rename over it would succeed, it must not happen
    run 0 "$PS" stats base --csv /dev/null --overwrite
fi
[ -c /dev/null ] || fail "/dev/null is no longer a device"
mkfifo pipe
cat pipe > from_pipe.txt &
reader=$!
run 0 "$PS" stats base --csv pipe --overwrite
wait $reader
[ -p pipe ] || fail "the FIFO was replaced"
head -1 from_pipe.txt | grep -q "^channel,start_s" || fail "nothing came through the FIFO"
run 1 "$PS" stats base --csv pipe
expect_err "picostream stats: cannot write pipe: nothing reads it"
run 0 "$PS" plot base -o pipe.png
rm -f pipe pipe.png from_pipe.txt
# a killed run's temporary file is removed by the next run on that output; a live one is not
touch .swept.csv.ps-tmp-Ab12Cd .swept.csv.backup
exec 9>.held.csv.ps-tmp-Zz99Yy
flock 9
run 0 "$PS" stats base --csv swept.csv
run 0 "$PS" stats base --csv held.csv
[ ! -e .swept.csv.ps-tmp-Ab12Cd ] || fail "a stale temporary file was kept"
[ -e .swept.csv.backup ] || fail "a file that is not ours was removed"
[ -e .held.csv.ps-tmp-Zz99Yy ] || fail "a temporary file being written was removed"
exec 9>&-
rm -f .held.csv.ps-tmp-Zz99Yy .swept.csv.backup swept.csv held.csv
# merged pieces never write over their source recording (report pages included)
run 0 "$PS" report base --partial piece.json --from 0 --to 10000 --quiet
run 0 "$PS" report base --partial piece2.json --from 10000 --quiet
for target in base.sigmf-meta base.sigmf-data base.picostream-overview/L08.f32; do
    run 2 "$PS" merge piece.json piece2.json -o $target --overwrite
    grep -q "refused$" err.txt || { cat err.txt; fail "merge -o $target"; }
done
rm -f piece.json piece2.json
unchanged "merge"
unchanged "all"
true
