"""The pattern users write today around the vendor driver: a pre-allocated NumPy ring filled by
a producer thread (standing in for the driver callback, paced by the clock), drained every
100 ms by a writer thread into np.memmap. Prints the highest aggregate rate it sustained with no
sample lost, for each channel count. Loss is counted here; the usual pattern loses silently.
usage: numpy_ring_pattern.py DIR SECONDS CHANNELS RATE_MS_S..."""
import os
import sys
import threading
import time

import numpy as np


def run(path, seconds, n_ch, rate):
    """Streams `rate` frames/s for `seconds`; returns the frames lost to a full ring."""
    total = int(rate * seconds)
    ring_frames = 1 << max(20, int(np.ceil(np.log2(rate / 2))))  # about 0.5 s, as users size it
    ring = np.empty((ring_frames, n_ch), dtype=np.int16)
    src = (np.arange(1 << 16, dtype=np.int64) % 2000 - 1000).astype(np.int16)
    src = np.repeat(src[:, None], n_ch, axis=1)
    out = np.memmap(path, dtype=np.int16, mode="w+", shape=(total, n_ch))
    state = {"head": 0, "tail": 0, "lost": 0, "done": False}

    def producer():
        t0 = time.monotonic()
        made = 0
        while made < total:
            owed = min(total, int((time.monotonic() - t0) * rate)) - made
            if owed <= 0:
                time.sleep(0.001)
                continue
            free = ring_frames - (state["head"] - state["tail"])
            if owed > free:  # the callback would overwrite unread data: lost
                state["lost"] += owed - free
                owed = free
                if owed == 0:
                    continue
            h = state["head"]
            for k in range(0, owed, len(src)):
                m = min(len(src), owed - k)
                a = (h + k) % ring_frames
                first = min(m, ring_frames - a)
                ring[a:a + first] = src[:first]
                ring[:m - first] = src[first:m]
            state["head"] = h + owed
            made = state["head"] + state["lost"]
        state["done"] = True

    def writer():
        written = 0
        while True:
            time.sleep(0.1)
            h, t = state["head"], state["tail"]
            n = h - t
            a = t % ring_frames
            first = min(n, ring_frames - a)
            m = min(n, total - written)
            first = min(first, m)
            out[written:written + first] = ring[a:a + first]
            out[written + first:written + m] = ring[:m - first]
            written += m
            state["tail"] = t + n
            if state["done"] and state["head"] == state["tail"]:
                break
        out.flush()

    threads = [threading.Thread(target=producer), threading.Thread(target=writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    del out
    os.unlink(path)
    return state["lost"]


def main():
    d, seconds, n_ch = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    best = 0.0
    for agg in [float(r) for r in sys.argv[4:]]:
        lost = run(os.path.join(d, "numpy_ring.bin"), seconds, n_ch, agg * 1e6 / n_ch)
        if lost:
            break
        best = agg
    print(best)


if __name__ == "__main__":
    main()
