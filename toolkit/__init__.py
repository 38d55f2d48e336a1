"""crbd: children's rights by design, a self-assessment toolkit for products children use."""

__version__ = "0.1.0"
