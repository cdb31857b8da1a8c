"""The spine, checked: every import of every module (at module level or inside a function)
points down the order that docs/architecture.md gives between its spine markers, and no two
modules import each other, however indirectly.

What fails:
- an app importing an app above it (core, at the bottom, imports no app);
- a plain library (`synthesis`, `statistics`) importing Django or any app;
- production code importing the test tools (`quartier.testing`, `quartier.tests`);
- an app importing the project modules (`quartier.settings`, `quartier.urls`: read settings
  through `django.conf.settings`);
- a cycle between modules.

Tests next to an app's code follow its rules too; they may also import the test tools and the
demo story (the whole project's data, as a fixture). `quartier/testing` and `quartier/tests`
may import anything. An app listed in the spine but not installed yet (built in another
branch) simply has no module to check.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE_DOC = Path(
    os.environ.get("QUARTIER_ARCHITECTURE_DOC", ROOT / "docs" / "architecture.md")
)
# Django and the Django plug-ins the project uses: what a plain library must not import.
DJANGO_PACKAGES = {
    "django",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "dj_database_url",
    "rules",
    "whitenoise",
}
PROJECT = "project"  # quartier/settings.py, urls.py, wsgi.py...: above every app
TEST_TOOLS = {"testing", "tests"}
FIXTURES_FOR_TESTS = {"demo"}  # the whole story, which app tests may build


@dataclass(frozen=True)
class Spine:
    """Apps bottom to top, and the plain libraries any app may use."""

    apps: tuple[str, ...]
    libraries: frozenset[str]

    def level(self, package: str) -> int | None:
        return self.apps.index(package) if package in self.apps else None


def read_spine(doc: Path = ARCHITECTURE_DOC) -> Spine:
    """The table between the spine markers: first column `library`, a number, or `tests`."""
    text = doc.read_text(encoding="utf-8")
    block = re.search(r"<!-- spine:start -->(.*?)<!-- spine:end -->", text, re.S)
    assert block, f"{doc} has no spine table between <!-- spine:start/end --> markers"
    rows = [line for line in block.group(1).splitlines() if line.startswith("|")][2:]
    apps: list[tuple[int, str]] = []
    libraries: set[str] = set()
    for row in rows:
        layer, name = (cell.strip().strip("`") for cell in row.strip("|").split("|")[:2])
        if layer == "library":
            libraries.add(name)
        elif layer.isdigit():
            apps.append((int(layer), name))
    return Spine(apps=tuple(name for _, name in sorted(apps)), libraries=frozenset(libraries))


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name
    path: Path
    line: int
    target: str  # dotted module (or name) imported
    text: str  # the statement as written, for the message


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_imports(root: Path) -> tuple[dict[str, Path], list[Import]]:
    """Every module below `root/quartier` and every import statement in it."""
    modules = {module_name(root, path): path for path in sorted((root / "quartier").rglob("*.py"))}
    imports: list[Import] = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(source, filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from a import b` imports the module a.b when there is one, else a.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            else:
                continue
            text = ast.get_source_segment(source, node) or ""
            for target in dict.fromkeys(targets):
                imports.append(Import(name, path, node.lineno, target, " ".join(text.split())))
    return modules, imports


def _component(module: str, root: Path, spine: Spine) -> str:
    """`quartier.consultation.actions.capture` -> `consultation`; the modules beside the apps
    (`quartier.settings`, `quartier.urls`...) -> PROJECT."""
    parts = module.split(".")
    if len(parts) < 2:
        return PROJECT
    name = parts[1]
    known = {*spine.apps, *spine.libraries, *TEST_TOOLS}
    return name if name in known or (root / "quartier" / name).is_dir() else PROJECT


def _is_test(path: Path) -> bool:
    return path.name.startswith("test_") or path.name == "conftest.py"


def check_layering(root: Path, spine: Spine) -> list[str]:
    """One readable line per import that breaks the spine, and one per import cycle."""
    modules, imports = read_imports(root)
    problems: list[str] = []
    for imp in imports:
        if problem := _judge(imp, spine, root):
            problems.append(f"{imp.path.relative_to(root)}:{imp.line}: `{imp.text}`: {problem}")
    problems += _cycles(root, modules, imports)
    return problems


def _judge(imp: Import, spine: Spine, root: Path) -> str | None:
    source = _component(imp.source, root, spine)
    top = imp.target.split(".")[0]
    if source in TEST_TOOLS or source == PROJECT:
        return None
    if source in spine.libraries and top in DJANGO_PACKAGES:
        return f"`{source}` is a plain library: it imports no Django"
    if top != "quartier":
        return None
    target = _component(imp.target, root, spine)
    is_test = _is_test(imp.path)
    if target in TEST_TOOLS:
        return None if is_test else "production code never imports the test tools"
    if target == source:
        return None
    if target == PROJECT:
        return "apps never import the project modules (read `django.conf.settings`)"
    if source in spine.libraries:
        return f"`{source}` is a plain library: it imports no app (`{target}`)"
    if target in spine.libraries:
        return None
    if is_test and target in FIXTURES_FOR_TESTS:
        return None
    source_level, target_level = spine.level(source), spine.level(target)
    if source_level is None:
        return f"`{source}` is not in the spine of docs/architecture.md"
    if target_level is None:
        return f"`{target}` is not in the spine of docs/architecture.md"
    if target_level > source_level:
        return (
            f"`{source}` imports `{target}`, which is above it on the spine: show it through an "
            "AppConfig hook (quartier.core.hooks.declared) instead"
        )
    return None


def _cycles(root: Path, modules: dict[str, Path], imports: list[Import]) -> list[str]:
    graph = nx.DiGraph()
    for imp in imports:
        if imp.target in modules and imp.target != imp.source:
            graph.add_edge(imp.source, imp.target, line=imp.line)
    problems = []
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(graph.subgraph(component))
        steps = ", ".join(
            f"{modules[a].relative_to(root)}:{graph.edges[a, b]['line']} imports {b}"
            for a, b in cycle
        )
        problems.append(f"import cycle between {len(component)} modules: {steps}")
    return problems


def test_no_import_runs_up_the_spine_or_in_a_circle():
    problems = check_layering(ROOT, read_spine())
    assert not problems, "imports against docs/architecture.md's spine:\n" + "\n".join(problems)


def test_installed_apps_follow_the_spine():
    spine = read_spine()
    installed = [
        app.split(".")[1] for app in settings.INSTALLED_APPS if app.startswith("quartier.")
    ]
    assert set(installed) <= set(spine.apps), "an installed app is missing from the spine"
    assert installed == [app for app in spine.apps if app in installed], (
        f"INSTALLED_APPS lists quartier's apps as {installed}; "
        f"the spine of docs/architecture.md says {list(spine.apps)}"
    )


# --- the checker catches what it must ----------------------------------------------------------

TOY_SPINE = Spine(apps=("core", "people", "groups"), libraries=frozenset({"synthesis"}))


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"quartier/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_an_upward_import_inside_a_function_is_named_with_its_file_and_line(tmp_path):
    root = _tree(
        tmp_path,
        {
            "quartier/people/models.py": "",
            "quartier/groups/models.py": "from quartier.people.models import Person\n",
            "quartier/core/hooks.py": (
                "import os\n\n\ndef late():\n    from quartier.groups.models import WorkingGroup\n"
            ),
        },
    )
    problems = check_layering(root, TOY_SPINE)
    assert len(problems) == 1
    assert problems[0].startswith(
        "quartier/core/hooks.py:5: `from quartier.groups.models import WorkingGroup`: "
        "`core` imports `groups`, which is above it on the spine"
    )


def test_a_library_importing_django_or_an_app_and_production_importing_tests_fail(tmp_path):
    root = _tree(
        tmp_path,
        {
            "quartier/synthesis/engine.py": "import django.db\nfrom quartier.core import text\n",
            "quartier/core/text.py": "",
            "quartier/testing/factories.py": "from quartier.groups.models import Group\n",
            "quartier/groups/views.py": "from quartier.testing import factories\n",
            "quartier/groups/test_views.py": "from quartier.testing import factories\n",
            "quartier/people/views.py": "import quartier.settings\n",
            "quartier/settings.py": "",
        },
    )
    problems = "\n".join(check_layering(root, TOY_SPINE))
    assert "engine.py:1: `import django.db`: `synthesis` is a plain library" in problems
    assert "engine.py:2: `from quartier.core import text`: `synthesis` is a plain" in problems
    assert "groups/views.py:1: `from quartier.testing import factories`: production" in problems
    assert "people/views.py:1: `import quartier.settings`: apps never import" in problems
    assert "test_views.py" not in problems and "testing/factories.py" not in problems


def test_a_cycle_between_modules_of_one_app_is_found(tmp_path):
    root = _tree(
        tmp_path,
        {
            "quartier/groups/services.py": "def run():\n    from quartier.groups import tasks\n",
            "quartier/groups/tasks.py": "from . import services\n",
        },
    )
    (problem,) = check_layering(root, TOY_SPINE)
    assert problem.startswith("import cycle between 2 modules: ")
    assert "quartier/groups/services.py:2 imports quartier.groups.tasks" in problem
    assert "quartier/groups/tasks.py:1 imports quartier.groups.services" in problem


def test_the_spine_is_read_from_the_architecture_document(tmp_path):
    doc = tmp_path / "architecture.md"
    doc.write_text(
        "<!-- spine:start -->\n| layer | app | owns |\n|---|---|---|\n"
        "| library | `synthesis` | engine |\n| 2 | `people` | persons |\n"
        "| 1 | `core` | plumbing |\n| tests | `testing` | tools |\n<!-- spine:end -->\n",
        encoding="utf-8",
    )
    assert read_spine(doc) == Spine(apps=("core", "people"), libraries=frozenset({"synthesis"}))
