"""The repository deploys to Streamlit Community Cloud as it is.

Cloud runs ``streamlit_app.py`` from the repository root and installs the first
dependency file it finds (uv.lock, Pipfile, environment.yml, requirements.txt,
pyproject.toml). These tests prove that ``requirements.txt`` is the one it
finds, that it names everything the app imports, that ``.streamlit/config.toml``
only holds options Streamlit knows, and that the secrets example lists every
secret and environment variable the code reads.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT

APP_SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "core").rglob("*.py")),
]
LOCAL_PACKAGES = {"core", "pages", "tests", "streamlit_app"}
# Files Cloud would use instead of (or before) requirements.txt.
COMPETING_DEPENDENCY_FILES = (
    "uv.lock",
    "Pipfile",
    "Pipfile.lock",
    "environment.yml",
    "environment.yaml",
    "poetry.lock",
    "setup.py",
    "setup.cfg",
)
SECRETS_EXAMPLE = ROOT / ".streamlit" / "secrets.toml.example"
# Options Community Cloud sets itself; pinning them in config.toml breaks the deployment.
CLOUD_MANAGED_OPTIONS = {"server.port", "server.address", "server.baseUrlPath", "server.headless"}


# ------------------------------------------------------------------ dependency files
def test_no_other_dependency_file_that_cloud_would_pick_first():
    found = [name for name in COMPETING_DEPENDENCY_FILES if (ROOT / name).exists()]
    assert found == [], f"Cloud would install from {found} instead of requirements.txt"
    assert (ROOT / "requirements.txt").is_file()
    pyproject = ROOT / "pyproject.toml"
    if pyproject.exists():  # allowed for tool settings only, never for dependencies
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        assert not data.get("project", {}).get("dependencies")
        assert not data.get("tool", {}).get("poetry", {}).get("dependencies")


def _requirements() -> dict[str, Requirement]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    parsed = [Requirement(line.split("#", 1)[0].strip()) for line in lines if line.split("#", 1)[0].strip()]
    return {_normalise(req.name): req for req in parsed}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules(sources: list[Path]) -> dict[str, set[str]]:
    """Every top-level module the app imports (anywhere, also inside functions) → files that import it."""
    found: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(source.relative_to(ROOT)))
    return found


@functools.lru_cache(maxsize=1)
def _providers() -> dict[str, list[str]]:
    return metadata.packages_distributions()  # slow (reads every installed package): once per run


def third_party_distributions(modules: dict[str, set[str]]) -> dict[str, str]:
    """Import name → the installed distribution that provides it (stdlib and our own code left out)."""
    providers = _providers()
    distributions: dict[str, str] = {}
    for module in modules:
        if module in sys.stdlib_module_names or module in LOCAL_PACKAGES or module == "__future__":
            continue
        names = providers.get(module)
        assert names, f"{module!r} is imported by {sorted(modules[module])} but is not installed"
        distributions[module] = _normalise(names[0])
    return distributions


def test_the_scan_sees_the_apps_known_imports():
    # Guards the scanner itself: if it found nothing, the next test would pass vacuously.
    distributions = third_party_distributions(imported_top_level_modules(APP_SOURCES))
    assert {"streamlit", "openai", "dotenv"} <= set(distributions)
    assert distributions["dotenv"] == "python-dotenv"


def test_requirements_pin_everything_the_app_imports():
    requirements = _requirements()
    distributions = third_party_distributions(imported_top_level_modules(APP_SOURCES))
    missing = sorted({dist for dist in distributions.values() if dist not in requirements})
    assert missing == [], f"imported by the app but not in requirements.txt: {missing}"
    unpinned = sorted(name for name in set(distributions.values()) if not requirements[name].specifier)
    assert unpinned == [], f"give these a version in requirements.txt: {unpinned}"


def test_installed_versions_satisfy_requirements():
    # What the tests ran against is what Cloud will install.
    wrong = {}
    for name, requirement in _requirements().items():
        installed = metadata.version(name)
        if installed not in requirement.specifier:
            wrong[name] = (installed, str(requirement.specifier))
    assert wrong == {}


def test_test_only_packages_stay_out_of_the_runtime_requirements():
    runtime = set(_requirements())
    assert not runtime & {"pytest", "playwright", "pytest-timeout", "psutil", "openapi-core"}


# ------------------------------------------------------------------ config.toml
def test_config_toml_only_uses_options_streamlit_knows_and_leaves_cloud_options_alone():
    from streamlit import config

    data = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    options = {f"{section}.{name}" for section, values in data.items() for name in values}
    assert options, "config.toml is empty"
    known = set(config.get_config_options())
    assert sorted(options - known) == []
    assert sorted(options & CLOUD_MANAGED_OPTIONS) == []
    # The app draws its own translated navigation.
    assert data["client"]["showSidebarNavigation"] is False
    # A crash must show visitors neither a traceback (they can't read one) nor its
    # message (it could hold a key or a path).
    assert data["client"].get("showErrorDetails") == "none"


# ------------------------------------------------------------------ secrets example
ENV_OR_SECRET_RECEIVER = re.compile(r"environ|secret|getenv", re.IGNORECASE)
NAME_LIKE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _module_constants(trees: list[ast.Module]) -> dict[str, str]:
    constants: dict[str, str] = {}
    for tree in trees:
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        constants[target.id] = node.value.value
    return constants


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _resolve(node: ast.AST, tree: ast.Module, parents: dict[ast.AST, ast.AST], constants: dict[str, str]) -> set[str]:
    """The string(s) an argument can be: a literal, a module constant, or what callers pass for a parameter."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Attribute) and node.attr in constants:  # credentials.API_KEY_NAME
        return {constants[node.attr]}
    if not isinstance(node, ast.Name):
        return set()
    function = parents.get(node)
    while function is not None and not isinstance(function, ast.FunctionDef):
        function = parents.get(function)
    if function is not None:
        params = [arg.arg for arg in function.args.args]
        if node.id in params:
            index = params.index(node.id)
            values: set[str] = set()
            defaults = function.args.defaults
            default_index = index - (len(params) - len(defaults))
            if default_index >= 0:
                values |= _resolve(defaults[default_index], tree, parents, constants)
            for call in ast.walk(tree):
                if (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", None)) == function.name
                    and len(call.args) > index
                ):
                    values |= _resolve(call.args[index], tree, parents, constants)
            return values
    return {constants[node.id]} if node.id in constants else set()


def secret_names_read_by_code(sources: list[Path]) -> set[str]:
    """Names passed to ``os.environ.get`` / ``os.getenv`` / ``secrets.get`` / ``secrets[...]`` anywhere in the app."""
    trees = {source: ast.parse(source.read_text(encoding="utf-8")) for source in sources}
    constants = _module_constants(list(trees.values()))
    names: set[str] = set()
    for tree in trees.values():
        parents = _parents(tree)
        for node in ast.walk(tree):
            argument = None
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in {"get", "getenv", "pop", "setdefault"}:
                    receiver = ast.unparse(func.value)
                    if ENV_OR_SECRET_RECEIVER.search(receiver):
                        argument = node.args[0]
                elif isinstance(func, ast.Name) and func.id == "getenv":
                    argument = node.args[0]
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                if ENV_OR_SECRET_RECEIVER.search(ast.unparse(node.value)):
                    argument = node.slice
            if argument is not None:
                names |= {value for value in _resolve(argument, tree, parents, constants) if NAME_LIKE.match(value)}
    return names


def names_in_secrets_example() -> set[str]:
    """Names set in the example, also those commented out (they are documented, just optional)."""
    pattern = re.compile(r"^\s*#?\s*([A-Za-z_][A-Za-z0-9_]*)\s*=", re.MULTILINE)
    return set(pattern.findall(SECRETS_EXAMPLE.read_text(encoding="utf-8")))


def test_the_secret_scan_finds_the_names_we_know_about():
    found = secret_names_read_by_code(APP_SOURCES)
    assert {
        "OPENAI_API_KEY",
        "app_password",
        "APP_PASSWORD",
        "OPENAI_BASE_URL",
        "FINETUNE_STUDIO_WORKSPACE",
        "AZURE_OPENAI_ENDPOINT",
        "owner_budget_usd_per_day",
        "spend_confirm_threshold_usd",
    } <= found


def test_secrets_example_lists_every_secret_the_code_reads():
    missing = sorted(secret_names_read_by_code(APP_SOURCES) - names_in_secrets_example())
    assert missing == [], f"add these to .streamlit/secrets.toml.example: {missing}"


def test_secrets_example_is_valid_toml_and_holds_no_real_key():
    data = tomllib.loads(SECRETS_EXAMPLE.read_text(encoding="utf-8"))
    assert data["OPENAI_API_KEY"] == "sk-..."
    assert "app_password" in data
    assert isinstance(data["owner_budget_usd_per_day"], float)


@pytest.mark.parametrize("ignored", [".streamlit/secrets.toml", ".env", "workspace/studio.sqlite3"])
def test_secrets_and_the_workspace_are_never_committed(ignored):
    patterns = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert any(
        ignored == p.lstrip("/")
        or (p.startswith("*") and ignored.endswith(p[1:]))
        or ignored.startswith(p.strip("/") + "/")
        for p in patterns
    )
