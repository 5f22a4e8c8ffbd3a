"""Browser cases per calculator: each module defines CASES = [(calc_id, {field: raw value})].

Values are typed into the page as a reader would (全角, 「3,000万円」, 和暦 …); the test asserts the
page then shows exactly what `calc.api.run` computes natively for the same raw inputs.
"""
import importlib
import pkgutil


def all_cases():
    cases = []
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        cases.extend(getattr(mod, "CASES", []))
    return cases
