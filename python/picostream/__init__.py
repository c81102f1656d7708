"""picostream from Python: lossless streaming capture from PicoScopes (the C engine in
libpicostream, no GIL on the capture path), SigMF recordings read with NumPy, and analysis with
SciPy's names and results computed out of core by the same C code as the CLI.

    import picostream
    rec = picostream.capture("run1", device="sim", channels={"A": "2V", "B": "500mV:AC"},
                             rate="1M", duration="10s")
    f, pxx = rec.welch("A", nperseg=4096)
    peaks, props = rec.find_peaks("A", prominence=0.5)
"""
from ._native import Error, lib as _lib
from . import dask  # noqa: F401 - picostream.dask.map; imports dask only when called
from .analysis import verify
from .split import merge, partial
from .capture import Block, Capture, capture, devices
from .recording import Recording, open  # noqa: A004 - picostream.open, as the issue names it

__all__ = ["open", "Recording", "capture", "Capture", "Block", "devices", "verify", "Error",
           "partial", "merge", "dask", "version", "__version__"]


def version():
    """The version of libpicostream in use."""
    return _lib.ps_version().decode()


__version__ = version()
