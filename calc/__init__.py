"""calc — the single source of truth for every figure on the site.

Pure Python, standard library only; runs in CPython >= 3.11 and in Pyodide (Python 3.14).
Entry point: `calc.api.run(calc_id, raw_inputs)`.
"""
__version__ = "0.1.0"
