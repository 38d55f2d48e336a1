"""crbd: children's rights by design, a self-assessment toolkit for products children use."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("crbd")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
