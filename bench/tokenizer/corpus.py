"""Writes the tokenizer benchmark corpus: Python's own argparse, textwrap and json.decoder
sources (English docstrings and code) plus the tokenizer fixture's hand-picked strings
repeated and 20,000 seeded random strings (whitespace, digits, CJK, emoji, ...)."""
import argparse
import importlib.util
import inspect
import json.decoder
import os
import sys
import textwrap

spec = importlib.util.spec_from_file_location(
    "fixture", os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "tokenizer-fixture.py"))
fixture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixture)

parts = [inspect.getsource(m) for m in (argparse, textwrap, json.decoder)]
parts += fixture.STRINGS * 20
parts += fixture.random_strings(20000, seed=99)
sys.stdout.write("\n".join(parts))
