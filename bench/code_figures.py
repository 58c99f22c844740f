"""Figures about the code itself, as `name: value unit` lines (the first of `make bench`).

- largest_module_lines: the longest Python module of the domain app (migrations aside).
- post_reads_in_views: places a view reads request.POST itself instead of a form.
- vote_scale_definitions: modules that spell out the whole vote scale (all four values as
  string literals); the vocabulary should be the only one.
- import_contracts_broken: the import contracts in pyproject.toml that lint-imports finds
  broken.
- nu_html_errors: what the Nu HTML checker finds on 31 pages of the demo
  (tests/test_valid_html.py, run here against the test database).
"""

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "loops"
sys.path.insert(0, str(ROOT))
from loops.vocabulary import Vote  # noqa: E402

SCALE = set(Vote.values)


def figure(name: str, value: int, unit: str) -> None:
    print(f"{name}: {value} {unit}", flush=True)


def python_files(*folders: Path):
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def string_literals(path: Path) -> set[str]:
    """The string constants of a module, docstrings and comments left out."""
    found, previous = set(), tokenize.NEWLINE
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    for token in tokens:
        if token.type == tokenize.STRING and previous not in (
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            found.add(token.string.strip("\"'"))
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type
    return found


def broken_contracts() -> int:
    lint = ROOT / ".venv" / "bin" / "lint-imports"
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    match = re.search(r"(\d+) broken", run.stdout)
    if match is None and run.returncode:
        sys.exit(f"lint-imports failed:\n{run.stdout}{run.stderr}")
    return int(match[1]) if match else 0


def nu_html_errors() -> int:
    pytest = ROOT / ".venv" / "bin" / "pytest"
    run = subprocess.run(
        [str(pytest), "-q", "tests/test_valid_html.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 0:
        return 0
    match = re.search(r"(\d+) HTML errors", run.stdout)
    if match is None:
        sys.exit(f"the HTML check did not run:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return int(match[1])


def main() -> None:
    modules = list(python_files(APP))
    figure("largest_module_lines", max(len(p.read_text().splitlines()) for p in modules), "lines")
    views = list(python_files(APP / "views"))
    reads = sum(len(re.findall(r"request\.POST\b", p.read_text())) for p in views)
    figure("post_reads_in_views", reads, "reads")
    everywhere = python_files(APP, ROOT / "debrief", ROOT / "bench")
    definitions = [p for p in everywhere if string_literals(p) >= SCALE]
    figure("vote_scale_definitions", len(definitions), "modules")
    figure("import_contracts_broken", broken_contracts(), "contracts")
    figure("nu_html_errors", nu_html_errors(), "errors")


if __name__ == "__main__":
    main()
