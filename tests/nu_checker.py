"""The Nu HTML checker (vnu.jar, from the npm package vnu-jar), run over rendered pages.

bin/ensure-services installs the jar under var/tools and a Java runtime; the checker is
started once for all the pages given, since starting the JVM is most of its cost.
"""

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("VNU_JAR", ROOT / "var/tools/node_modules/vnu-jar/build/dist/vnu.jar"))


@dataclass(frozen=True)
class Problem:
    page: str
    line: int | None
    message: str
    extract: str

    def __str__(self):
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.message}\n    {self.extract.strip()}"


def command(files: list[str]) -> list[str]:
    """The checker's command line for ``files``: errors only, as JSON on stderr."""
    return ["java", "-jar", str(JAR), "--errors-only", "--format", "json", *files]


def missing() -> str:
    """What stops the checker from running here, or "" if nothing does."""
    if shutil.which("java") is None:
        return "no Java runtime (bin/ensure-services installs default-jre-headless)"
    if not JAR.is_file():
        return f"no {JAR.relative_to(ROOT)} (bin/ensure-services installs the npm vnu-jar)"
    return ""


def errors(pages: dict[str, str]) -> list[Problem]:
    """The checker's errors in ``pages`` (name → HTML), warnings left out.

    A file the checker could not read, or output it did not give, counts as an error
    too, so a broken run cannot pass as a clean one.
    """
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (page, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{index}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = page
        run = subprocess.run(
            command([str(Path(folder) / f"page-{i}.html") for i in range(len(pages))]),
            capture_output=True,
            text=True,
            timeout=300,
        )
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        return [Problem("(checker)", None, f"unreadable output, exit {run.returncode}", run.stderr)]
    return [
        Problem(
            names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?")),
            message.get("lastLine"),
            message.get("message", ""),
            message.get("extract", ""),
        )
        for message in messages
        if message.get("type") in {"error", "non-document-error"}
    ]
