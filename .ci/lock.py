"""Write requirements.lock: the exact versions, from this environment, of every distribution that
hanoi-ceremony[dev] needs (its dependency closure), for `pip install -c requirements.lock`."""

import re
import sys
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

with open("pyproject.toml", "rb") as fh:
    project = tomllib.load(fh)["project"]
todo = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]
seen: dict[str, str] = {}
while todo:
    req = todo.pop()
    name = canonicalize_name(req.name)
    if req.marker is not None and not req.marker.evaluate({"extra": ""}):
        continue
    try:
        dist = metadata.distribution(req.name)
    except metadata.PackageNotFoundError:
        sys.exit(f"not installed: {req.name}")
    extras = set(req.extras)
    key = name + ("[" + ",".join(sorted(extras)) + "]" if extras else "")
    if key in seen:
        continue
    seen[key] = dist.version
    seen.setdefault(name, dist.version)
    for raw in dist.requires or []:
        sub = Requirement(raw)
        if sub.marker is not None:
            env_ok = any(sub.marker.evaluate({"extra": e}) for e in (extras or {""}))
            if not env_ok:
                continue
        todo.append(Requirement(re.sub(r";.*$", "", raw)))
names = sorted({k for k in seen if "[" not in k})
lines = [
    "# Exact versions for CI and production: pip install -c requirements.lock -e '.[dev]' (or -e .).",
    "# Regenerate after changing pyproject.toml: .venv/bin/python .ci/lock.py (reads the installed environment).",
    "",
]
lines += [f"{n}=={seen[n]}" for n in names]
with open("requirements.lock", "w") as fh:
    fh.write("\n".join(lines) + "\n")
print(len(names), "pins")
