__version__ = "0.0.1"

import logging as _logging

_KERNEL = "kernels-community/quantization-bitsandbytes"

class _DropKernelsMessages(_logging.Filter):
    def filter(self, record):
        text = record.getMessage()
        return "Failed to load CPU gemm_4bit_forward" not in text and _KERNEL not in text

# On a CPU with AVX512-BF16, bitsandbytes tries when it is imported to fetch an optional CPU kernel from the hub
# through the `kernels` package: offline, `kernels` logs that it skips the publisher check, and bitsandbytes logs
# that the kernel did not load (or that `kernels` is missing). mtift turns that kernel off (chapter 04), so neither
# message says anything about a run; both are dropped here, before anything imports bitsandbytes. Every other
# message of the two packages still shows.
for _name in ("bitsandbytes.backends.cpu.ops", "kernels._internals.hf_hub"):
    _logging.getLogger(_name).addFilter(_DropKernelsMessages())
