#!/bin/sh
# A fleet's recordings through Slurm: one array task per piece (picostream plan), each writing
# the piece's partial PSD; then one merge per recording into OUT/<n>.csv, equal to
# `picostream psd REC --nperseg 4096` run on one machine.
#
#   examples/slurm/fleet_psd.sh OUT REC…      (the recordings on storage every node sees)
#
# Environment: PICOSTREAM (the binary, default picostream), PIECE_SIZE (1G), NPERSEG (4096),
# SBATCH_ARGS (extra sbatch options: partition, time, …). Recording names without spaces, each
# once. More pieces than the cluster's MaxArraySize (1001 by default) need a larger PIECE_SIZE.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 OUT REC…" >&2; exit 2; }
out=$1
shift
ps=${PICOSTREAM:-picostream}
mkdir -p "$out/parts"
"$ps" plan "$@" --piece-size "${PIECE_SIZE:-1G}" > "$out/plan.txt"
n=$(wc -l < "$out/plan.txt")
[ "$n" -gt 0 ] || { echo "$0: nothing to do" >&2; exit 1; }
[ "$n" -le 1000 ] || { echo "$0: $n pieces: more than an array takes; raise PIECE_SIZE" >&2; exit 2; }

# the array task: line SLURM_ARRAY_TASK_ID (from 0) of the plan
cat > "$out/task.sh" <<TASK
#!/bin/sh
set -eu
line=\$(sed -n "\$((SLURM_ARRAY_TASK_ID + 1))p" "$out/plan.txt")
set -- \$line
exec "$ps" psd "\$1" --from "\$2" --to "\$3" --nperseg "${NPERSEG:-4096}" --quiet \\
    --overwrite --partial "$out/parts/\$SLURM_ARRAY_TASK_ID.json"
TASK
chmod +x "$out/task.sh"
# shellcheck disable=SC2086
sbatch --wait --array="0-$((n - 1))" --job-name=picostream-psd ${SBATCH_ARGS:-} "$out/task.sh"

# one merge per recording, over the pieces the plan gave it
k=0
for rec in "$@"; do
    parts=$(awk -v r="$rec" -v d="$out/parts" '$1 == r { print d "/" (NR - 1) ".json" }' \
        "$out/plan.txt")
    # shellcheck disable=SC2086
    "$ps" merge $parts -o "$out/$k.csv" --overwrite
    echo "$rec → $out/$k.csv"
    k=$((k + 1))
done
