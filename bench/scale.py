"""Scale benchmark (issue 15): psd (nperseg 4096) over 8 recordings of SIZE samples × 2
channels (default 1e8; the 8 share one data file through hard links, so after the first read
they come from the page cache, as on a warm shared store): one process running the command
per recording, picostream.dask.map on a LocalCluster of 2 worker processes, and the Slurm-style
pieces (picostream plan, one psd --partial per piece, 2 at a time, then merge). Prints wall
times and the cost per GB of data; asserts nothing.
usage: /usr/bin/python3 bench/scale.py [BUILD_DIR] [WORK_DIR]   (SIZE=1e7 for a quick run)"""
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
WORK = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "bench-tmp")
PS = os.path.join(BUILD, "picostream")
SIZE = int(float(os.environ.get("SIZE", "1e8")))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
os.environ["PICOSTREAM_LIB"] = os.path.join(BUILD, "libpicostream.so")
sys.path.insert(0, HERE)
import analysis  # noqa: E402 - bench/analysis.py's recording maker (it runs nothing on import)


def wall(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    import picostream
    from dask.distributed import Client, LocalCluster
    os.makedirs(WORK, exist_ok=True)
    base = analysis.make(SIZE)
    recs = []
    for i in range(8):
        name = os.path.join(WORK, "fleet_%d_%d" % (SIZE, i))
        for ext in (".sigmf-data", ".sigmf-meta"):
            if not os.path.exists(name + ext):
                os.link(base + ext, name + ext)
        recs.append(name)
    gb = 8 * os.path.getsize(base + ".sigmf-data") / 1e9
    print("psd (nperseg 4096) over 8 recordings of %.0e samples × 2 channels (%.1f GB), %d cores"
          % (SIZE, gb, os.cpu_count()))
    subprocess.run([PS, "psd", base, "--nperseg", "4096", "--quiet"], capture_output=True)
    one = wall(lambda: [subprocess.run([PS, "psd", r, "--nperseg", "4096", "--quiet", "--csv",
                                        os.path.join(WORK, "one.csv"), "--overwrite"],
                                       check=True) for r in recs])
    print("%-40s %7.2f s  %5.2f s/GB" % ("one process, psd per recording", one, one / gb))
    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        up = time.perf_counter() - t0
        d = wall(lambda: picostream.dask.map("welch", recs, client, nperseg=4096,
                                             piece_bytes=1 << 28))
    print("%-40s %7.2f s  %5.2f s/GB  (+%.1f s cluster start)"
          % ("dask.map, 2 worker processes", d, d / gb, up))
    parts = os.path.join(WORK, "parts")
    os.makedirs(parts, exist_ok=True)

    def slurm_style():
        plan = subprocess.run([PS, "plan", *recs, "--piece-size", "256M"], check=True,
                              capture_output=True, text=True).stdout.splitlines()
        for f in glob.glob(os.path.join(parts, "*.json")):
            os.unlink(f)
        script = "set -- $1; exec %s psd $1 --from $2 --to $3 --nperseg 4096 --quiet " \
                 "--partial %s/$(basename $1)_$2.json" % (PS, parts)
        subprocess.run(["xargs", "-P", "2", "-d", "\n", "-n", "1", "sh", "-c", script, "-"],
                       input="\n".join(plan), text=True, check=True)
        for r in recs:
            subprocess.run([PS, "merge", *glob.glob(os.path.join(parts, os.path.basename(r)
                                                                 + "_*.json")),
                            "-o", os.path.join(WORK, "merged.csv"), "--overwrite"], check=True)
        return len(plan)
    n = [0]
    s = wall(lambda: n.__setitem__(0, slurm_style()))
    print("%-40s %7.2f s  %5.2f s/GB  (%d pieces of 256 MB)"
          % ("pieces, 2 at a time (plan/partial/merge)", s, s / gb, n[0]))
    print("(warm page cache: the 8 names share one data file. A fleet read from disks takes "
          "the longer of its data / (nodes × disk speed) and its pieces' CPU time / all cores.)")


if __name__ == "__main__":
    main()
