"""The writers: each lays out the document tree in one format, and decides nothing else."""
