"""libpicostream through ctypes: finding the library, the public structs mirrored field by field
(checked against the library's own sizes at load), prototypes, and errors as picostream.Error.
Every call releases the GIL (ctypes does), so the capture's C threads never wait for Python."""
import ctypes
import ctypes.util
import os

__all__ = ["lib", "Error", "check", "call"]


class Error(Exception):
    """A picostream failure: the library's message, and its status code in .code."""

    def __init__(self, message, code=-1):
        super().__init__(message)
        self.code = code


MAX_CHANNELS = 16


class ErrorT(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("msg", ctypes.c_char * 256)]


class ChannelConfig(ctypes.Structure):
    _fields_ = [("enabled", ctypes.c_bool), ("range_v", ctypes.c_double),
                ("coupling", ctypes.c_int), ("analog_offset_v", ctypes.c_double),
                ("bandwidth_hz", ctypes.c_double), ("sensor", ctypes.c_char * 8),
                ("differential", ctypes.c_bool), ("numbered", ctypes.c_bool)]


class TriggerConfig(ctypes.Structure):
    _fields_ = [("enabled", ctypes.c_bool), ("channel", ctypes.c_uint),
                ("direction", ctypes.c_int), ("level_v", ctypes.c_double),
                ("delay_samples", ctypes.c_uint32), ("auto_ms", ctypes.c_uint32),
                ("pre_samples", ctypes.c_uint64), ("post_samples", ctypes.c_uint64)]


class DeviceConfig(ctypes.Structure):
    _fields_ = [("channel", ChannelConfig * MAX_CHANNELS), ("downsample", ctypes.c_int),
                ("downsample_ratio", ctypes.c_uint32), ("downsample_keep_raw", ctypes.c_bool),
                ("resolution_bits", ctypes.c_uint),
                ("rate_hz", ctypes.c_double), ("trigger", TriggerConfig),
                ("driver_buffer_samples", ctypes.c_size_t), ("mains_60hz", ctypes.c_bool),
                ("conversion_s", ctypes.c_double)]


class CaptureConfig(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("overwrite", ctypes.c_bool),
                ("device", DeviceConfig), ("max_samples", ctypes.c_uint64),
                ("duration_s", ctypes.c_double), ("trigger_wait_s", ctypes.c_double),
                ("lossless", ctypes.c_bool), ("no_data_timeout_s", ctypes.c_double),
                ("split_s", ctypes.c_double), ("split_bytes", ctypes.c_uint64),
                ("ring_frames", ctypes.c_size_t), ("sync_interval_s", ctypes.c_double),
                ("throttle_bytes_per_s", ctypes.c_uint64), ("poll_delay_s", ctypes.c_double),
                ("no_backpressure", ctypes.c_bool), ("buffered_io", ctypes.c_bool),
                ("no_overview", ctypes.c_bool)]


class StreamParams(ctypes.Structure):
    _fields_ = [("n_enabled", ctypes.c_uint), ("channel_index", ctypes.c_uint * MAX_CHANNELS),
                ("n_columns", ctypes.c_uint), ("downsample", ctypes.c_int),
                ("downsample_ratio", ctypes.c_uint32), ("interval_s", ctypes.c_double),
                ("rate_hz", ctypes.c_double), ("resolution_bits", ctypes.c_uint),
                ("adc_max", ctypes.c_int16), ("data_8bit", ctypes.c_bool),
                ("driver_buffer_samples", ctypes.c_size_t), ("keep_raw", ctypes.c_bool),
                ("raw_driver_buffer_samples", ctypes.c_size_t), ("notice", ctypes.c_char * 256),
                ("format", ctypes.c_int), ("unit", (ctypes.c_char * 8) * MAX_CHANNELS),
                ("unit_scale", ctypes.c_double * MAX_CHANNELS),
                ("unit_offset", ctypes.c_double * MAX_CHANNELS),
                ("full_scale", ctypes.c_double * MAX_CHANNELS),
                ("code_max", ctypes.c_int32 * MAX_CHANNELS),
                ("code_min", ctypes.c_int32 * MAX_CHANNELS),
                ("run_before_unix", ctypes.c_double), ("run_after_unix", ctypes.c_double)]


class CaptureStats(ctypes.Structure):
    _fields_ = [("elapsed_s", ctypes.c_double), ("samples", ctypes.c_uint64),
                ("recorded", ctypes.c_uint64), ("written", ctypes.c_uint64),
                ("lost", ctypes.c_uint64), ("n_bytes", ctypes.c_uint64), ("gaps", ctypes.c_uint64),
                ("ring_fill", ctypes.c_size_t), ("ring_capacity", ctypes.c_size_t),
                ("overflow", ctypes.c_uint16), ("triggered", ctypes.c_bool),
                ("waiting_for_trigger", ctypes.c_bool), ("direct_io", ctypes.c_bool),
                ("running", ctypes.c_bool)]


class DeviceInfo(ctypes.Structure):
    _fields_ = [("family", ctypes.c_char * 16), ("model", ctypes.c_char * 32),
                ("serial", ctypes.c_char * 32), ("driver_path", ctypes.c_char * 512),
                ("driver_version", ctypes.c_char * 64), ("usb_version", ctypes.c_char * 16),
                ("n_channels", ctypes.c_uint), ("is_simulator", ctypes.c_bool),
                ("sim_spec", ctypes.c_char * 2048), ("notice", ctypes.c_char * 256),
                ("probe", (ctypes.c_char * 24) * MAX_CHANNELS)]


class VerifyReport(ctypes.Structure):
    _fields_ = [("samples", ctypes.c_uint64), ("meta_samples", ctypes.c_uint64),
                ("n_channels", ctypes.c_uint), ("n_captures", ctypes.c_uint64),
                ("lost_samples", ctypes.c_uint64), ("trailing_bytes", ctypes.c_uint64),
                ("resynced", ctypes.c_uint64), ("mismatch", ctypes.c_bool),
                ("sample", ctypes.c_uint64), ("global_index", ctypes.c_uint64),
                ("channel", ctypes.c_char), ("got", ctypes.c_int16),
                ("expected", ctypes.c_int16)]


class Span(ctypes.Structure):
    _fields_ = [("from_", ctypes.c_uint64), ("to", ctypes.c_uint64)]


class WelchConfig(ctypes.Structure):
    _fields_ = [("fs_hz", ctypes.c_double), ("window", ctypes.c_char_p),
                ("nperseg", ctypes.c_size_t), ("noverlap", ctypes.c_size_t),
                ("noverlap_set", ctypes.c_bool), ("detrend", ctypes.c_int),
                ("density", ctypes.c_bool), ("median", ctypes.c_bool),
                ("tmp_dir", ctypes.c_char_p)]


class Stats(ctypes.Structure):
    _fields_ = [("n", ctypes.c_uint64), ("min", ctypes.c_double), ("max", ctypes.c_double),
                ("mean", ctypes.c_double), ("m2", ctypes.c_double), ("sumsq", ctypes.c_double)]


class Cond(ctypes.Structure):
    _fields_ = [("set", ctypes.c_bool), ("has_min", ctypes.c_bool), ("has_max", ctypes.c_bool),
                ("min", ctypes.c_double), ("max", ctypes.c_double)]


class PeaksConfig(ctypes.Structure):
    _fields_ = [("height", Cond), ("threshold", Cond), ("prominence", Cond), ("width", Cond),
                ("plateau_size", Cond), ("distance_set", ctypes.c_bool),
                ("distance", ctypes.c_double), ("wlen_set", ctypes.c_bool),
                ("wlen", ctypes.c_double), ("rel_height", ctypes.c_double),
                ("tmp_dir", ctypes.c_char_p)]


class Peak(ctypes.Structure):
    _fields_ = [("index", ctypes.c_uint64), ("value", ctypes.c_double),
                ("plateau_size", ctypes.c_uint64), ("left_edge", ctypes.c_uint64),
                ("right_edge", ctypes.c_uint64), ("left_threshold", ctypes.c_double),
                ("right_threshold", ctypes.c_double), ("prominence", ctypes.c_double),
                ("left_base", ctypes.c_uint64), ("right_base", ctypes.c_uint64),
                ("width", ctypes.c_double), ("width_height", ctypes.c_double),
                ("left_ip", ctypes.c_double), ("right_ip", ctypes.c_double)]


class EventRule(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("a", ctypes.c_double), ("b", ctypes.c_double),
                ("t_s", ctypes.c_double), ("label", ctypes.c_char * 48)]


class EventsConfig(ctypes.Structure):
    _fields_ = [("rule", EventRule * 16), ("n_rules", ctypes.c_size_t),
                ("hysteresis_v", ctypes.c_double), ("level_v", ctypes.c_double),
                ("holdoff_s", ctypes.c_double)]


class Event(ctypes.Structure):
    _fields_ = [("start", ctypes.c_uint64), ("end", ctypes.c_uint64), ("rule", ctypes.c_uint),
                ("peak_v", ctypes.c_double)]


class OutputInput(ctypes.Structure):
    _fields_ = [("dev", ctypes.c_uint64), ("ino", ctypes.c_uint64), ("tree", ctypes.c_bool),
                ("name", ctypes.c_char * 240)]


class OutputRules(ctypes.Structure):
    _fields_ = [("overwrite", ctypes.c_bool), ("inputs", OutputInput * 16),
                ("n_inputs", ctypes.c_size_t)]


class FilterJob(ctypes.Structure):
    _fields_ = [("btype", ctypes.c_int), ("f1_hz", ctypes.c_double), ("f2_hz", ctypes.c_double),
                ("order", ctypes.c_uint), ("causal", ctypes.c_bool), ("output", ctypes.c_char_p),
                ("datatype", ctypes.c_char_p), ("rules", ctypes.POINTER(OutputRules)),
                ("threads", ctypes.c_uint), ("piece", Span)]


class ResampleJob(ctypes.Structure):
    _fields_ = [("up", ctypes.c_uint64), ("down", ctypes.c_uint64), ("output", ctypes.c_char_p),
                ("datatype", ctypes.c_char_p), ("rules", ctypes.POINTER(OutputRules)),
                ("piece", Span)]


class ReportConfig(ctypes.Structure):
    _fields_ = [("events", EventsConfig), ("nperseg", ctypes.c_size_t),
                ("name", ctypes.c_char_p), ("max_listed", ctypes.c_size_t)]


class Merged(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("recording", ctypes.c_char * 4096),
                ("n_channels", ctypes.c_size_t), ("channels", ctypes.c_int * 16),
                ("whole", Span), ("gaps", ctypes.c_uint64), ("lost", ctypes.c_uint64),
                ("stats", Stats * 16), ("n_freq", ctypes.c_size_t),
                ("freq", ctypes.POINTER(ctypes.c_double)),
                ("psd", ctypes.POINTER(ctypes.c_double)), ("lag_lo", ctypes.c_int64),
                ("lag_hi", ctypes.c_int64), ("corr", ctypes.POINTER(ctypes.c_double)),
                ("events_cfg", EventsConfig), ("events", ctypes.POINTER(Event)),
                ("n_events", ctypes.c_size_t), ("peaks_cfg", PeaksConfig),
                ("peaks", ctypes.POINTER(Peak)), ("n_peaks", ctypes.c_size_t)]


class PartialParams(ctypes.Structure):
    _fields_ = [("welch", ctypes.POINTER(WelchConfig)), ("max_lag", ctypes.c_uint64),
                ("events", ctypes.POINTER(EventsConfig)), ("overlap", ctypes.c_uint64),
                ("peaks", ctypes.POINTER(PeaksConfig))]


_SIZES = {"ps_capture_config": CaptureConfig, "ps_device_config": DeviceConfig,
          "ps_stream_params": StreamParams, "ps_capture_stats": CaptureStats,
          "ps_error": ErrorT, "ps_peak": Peak, "ps_peaks_config": PeaksConfig,
          "ps_welch_config": WelchConfig, "ps_stats": Stats, "ps_events_config": EventsConfig,
          "ps_event": Event, "ps_device_info": DeviceInfo, "ps_verify_report": VerifyReport,
          "ps_output_rules": OutputRules, "ps_filter_job": FilterJob,
          "ps_resample_job": ResampleJob, "ps_report_config": ReportConfig, "ps_merged": Merged,
          "ps_partial_params": PartialParams}


def _candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    env = os.environ.get("PICOSTREAM_LIB")  # an override for tests of other builds only
    if env:
        yield env
    yield os.path.join(here, "_lib", "libpicostream.so.0")  # pip install copied it here
    yield os.path.join(here, "..", "..", "build", "libpicostream.so.0")  # the source tree
    for libdir in ("lib", "lib64", "lib/x86_64-linux-gnu"):  # make install: PREFIX/share/…
        yield os.path.join(here, "..", "..", "..", "..", libdir, "libpicostream.so.0")
    found = ctypes.util.find_library("picostream")  # make install
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("picostream: libpicostream.so not found (tried %s); build it with `make` "
                      "or install the package with `pip install ./python`" % ", ".join(tried))


lib = _load()

P = ctypes.POINTER
c_int, c_double, c_size_t, c_uint64 = ctypes.c_int, ctypes.c_double, ctypes.c_size_t, ctypes.c_uint64
PROGRESS = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, ctypes.c_double)
STATS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint, c_uint64, c_uint64, c_uint64,
                            P(Stats))
PEAK_FN = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, P(Peak))
EVENT_FN = ctypes.CFUNCTYPE(c_int, ctypes.c_void_p, P(Event))

_PROTOS = {
    "ps_version": (ctypes.c_char_p, []),
    "ps_struct_size": (c_size_t, [ctypes.c_char_p]),
    "ps_error_text": (ctypes.c_char_p, [P(ErrorT)]),
    "ps_capture_config_init": (None, [P(CaptureConfig)]),
    "ps_config_channel": (c_int, [P(DeviceConfig), ctypes.c_char_p, P(ErrorT)]),
    "ps_config_trigger": (c_int, [P(TriggerConfig), ctypes.c_char_p, P(ErrorT)]),
    "ps_config_downsample": (c_int, [P(DeviceConfig), ctypes.c_char_p, P(ErrorT)]),
    "ps_parse_rate": (c_int, [ctypes.c_char_p, P(c_double), P(ErrorT)]),
    "ps_parse_time": (c_int, [ctypes.c_char_p, P(c_double), P(ErrorT)]),
    "ps_parse_volts": (c_int, [ctypes.c_char_p, P(c_double), P(ErrorT)]),
    "ps_parse_count": (c_int, [ctypes.c_char_p, P(c_double), P(ErrorT)]),
    "ps_device_open": (c_int, [P(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_char_p, P(ErrorT)]),
    "ps_device_open_sim": (c_int, [P(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_char_p,
                                   ctypes.c_char_p, P(ErrorT)]),
    "ps_device_get_info": (None, [ctypes.c_void_p, P(DeviceInfo)]),
    "ps_device_close": (None, [ctypes.c_void_p]),
    "ps_capture_start": (c_int, [P(ctypes.c_void_p), ctypes.c_void_p, P(CaptureConfig),
                                 P(StreamParams), P(ErrorT)]),
    "ps_capture_request_stop": (None, [ctypes.c_void_p]),
    "ps_capture_done": (ctypes.c_bool, [ctypes.c_void_p]),
    "ps_capture_get_stats": (None, [ctypes.c_void_p, P(CaptureStats)]),
    "ps_capture_finish": (c_int, [ctypes.c_void_p, P(CaptureStats), P(ErrorT)]),
    "ps_capture_destroy": (None, [ctypes.c_void_p]),
    "ps_verify_recording": (c_int, [ctypes.c_char_p, P(VerifyReport), P(ErrorT)]),
    "ps_reader_open": (c_int, [P(ctypes.c_void_p), ctypes.c_char_p, P(ErrorT)]),
    "ps_reader_close": (None, [ctypes.c_void_p]),
    "ps_reader_frames": (c_uint64, [ctypes.c_void_p]),
    "ps_reader_rate": (c_double, [ctypes.c_void_p]),
    "ps_reader_channel": (c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "ps_run_stats": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, c_uint64, STATS_FN,
                             ctypes.c_void_p, PROGRESS, ctypes.c_void_p, P(ErrorT)]),
    "ps_run_psd": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(WelchConfig),
                           P(c_double), P(P(c_double)), P(c_size_t), PROGRESS, ctypes.c_void_p,
                           P(ErrorT)]),
    "ps_run_xcorr": (c_int, [ctypes.c_void_p, c_int, Span, ctypes.c_void_p, c_int, Span,
                             ctypes.c_int64, ctypes.c_int64, P(c_double), PROGRESS,
                             ctypes.c_void_p, P(ErrorT)]),
    "ps_find_peaks": (c_int, [ctypes.c_void_p, c_int, Span, P(PeaksConfig), PEAK_FN,
                              ctypes.c_void_p, P(c_uint64), PROGRESS, ctypes.c_void_p, P(ErrorT)]),
    "ps_find_events": (c_int, [ctypes.c_void_p, c_int, Span, P(EventsConfig), EVENT_FN,
                               ctypes.c_void_p, P(c_uint64), PROGRESS, ctypes.c_void_p,
                               P(ErrorT)]),
    "ps_reader_meta_path": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ps_reader_data_path": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ps_reader_name": (ctypes.c_char_p, [ctypes.c_void_p]),
    "ps_output_rules_protect": (c_int, [P(OutputRules), ctypes.c_char_p, P(ErrorT)]),
    "ps_output_rules_protect_recording": (c_int, [P(OutputRules), ctypes.c_char_p, P(ErrorT)]),
    "ps_run_filter": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(FilterJob), PROGRESS,
                              ctypes.c_void_p, P(ErrorT)]),
    "ps_run_resample": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(ResampleJob),
                                PROGRESS, ctypes.c_void_p, P(ErrorT)]),
    "ps_plot_waveform": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, c_int, c_int,
                                 ctypes.c_char_p, P(OutputRules), PROGRESS, ctypes.c_void_p,
                                 P(ErrorT)]),
    "ps_export": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, c_int, ctypes.c_char_p,
                          P(OutputRules), ctypes.c_char_p, c_size_t, PROGRESS, ctypes.c_void_p,
                          P(ErrorT)]),
    "ps_report_write": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(ReportConfig),
                                ctypes.c_char_p, P(OutputRules), PROGRESS, ctypes.c_void_p,
                                P(ErrorT)]),
    "ps_device_family": (ctypes.c_char_p, [ctypes.c_uint, P(ctypes.c_char_p)]),
    "ps_stats_rms": (c_double, [P(Stats)]),
    "ps_plan_piece": (Span, [c_uint64, c_uint64, c_uint64]),
    "ps_partial_run": (c_int, [ctypes.c_void_p, c_int, P(c_int), c_size_t, Span,
                               P(PartialParams), P(ctypes.c_void_p), P(ErrorT)]),
    "ps_partial_filter": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(FilterJob),
                                  P(ctypes.c_void_p), P(ErrorT)]),
    "ps_partial_resample": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(ResampleJob),
                                    P(ctypes.c_void_p), P(ErrorT)]),
    "ps_partial_concat": (c_int, [P(ctypes.c_char_p), c_size_t, ctypes.c_char_p, P(OutputRules),
                                  P(ErrorT)]),
    "ps_partial_report": (c_int, [ctypes.c_void_p, P(c_int), c_size_t, Span, P(ReportConfig),
                                  P(ctypes.c_void_p), P(ErrorT)]),
    "ps_partial_free": (None, [ctypes.c_void_p]),
    "ps_partial_merge": (c_int, [P(ctypes.c_char_p), c_size_t, P(Merged), P(ErrorT)]),
    "ps_merged_clear": (None, [P(Merged)]),
    "ps_stats_std": (c_double, [P(Stats)]),
}
for _name, (_res, _args) in _PROTOS.items():
    _f = getattr(lib, _name)
    _f.restype, _f.argtypes = _res, _args

for _name, _struct in _SIZES.items():
    _want = lib.ps_struct_size(_name.encode())
    if _want != ctypes.sizeof(_struct):  # a library from another version: refuse, never guess
        raise ImportError("picostream: %s is %d bytes in %s but %d in this package"
                          % (_name, _want, lib._name, ctypes.sizeof(_struct)))


# The library names its parameters as `name`; here they are keyword arguments.
_ARGUMENTS = {"overwrite": "overwrite=True", "lossless": "lossless=True",
              "causal": "zero_phase=False", "overlap": "overlap=", "rel-height": "rel_height"}


def python_names(text):
    """A library message with its `parameter` names spelled as this package's arguments."""
    import re
    text = text.replace("`driver` PATH", "driver=PATH")
    return re.sub(r"`([a-z-]+)`", lambda m: _ARGUMENTS.get(m.group(1), m.group(1)), text)


def check(status, err):
    """Raises Error with the library's message unless status is PS_OK."""
    if status != 0:
        raise Error(python_names(lib.ps_error_text(ctypes.byref(err)).decode("utf-8", "replace")),
                    status)


def path_of(value, what):
    """A file or recording name as str (bytes and os.PathLike too); Error for anything else."""
    if not isinstance(value, (str, bytes, os.PathLike)):
        raise Error("%s must be a file name (str, bytes or os.PathLike), not %r" % (what, value))
    return os.fsdecode(value)


def call(fn, *args):
    """fn(*args, &err), raising Error on failure."""
    err = ErrorT()
    check(fn(*args, ctypes.byref(err)), err)

