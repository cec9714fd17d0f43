__version__ = "0.0.1"

import logging as _logging

class _DropKernelsMessage(_logging.Filter):
    def filter(self, record): return "Failed to load CPU gemm_4bit_forward" not in record.getMessage()

# bitsandbytes logs when it is imported that the `kernels` package (which would download an optional AVX512-BF16 CPU
# kernel from the hub) is missing. mtift turns that kernel off (chapter 04), so the message says nothing about a run;
# it is dropped here, before anything imports bitsandbytes. Every other bitsandbytes message still shows.
_logging.getLogger("bitsandbytes.backends.cpu.ops").addFilter(_DropKernelsMessage())
