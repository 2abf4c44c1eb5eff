"""The top layer: the `peerscan` command line, the run summary, the demo and other reader-facing text.

Imports every stage; no stage imports it (tests/test_layers.py checks that with import-linter).
"""
