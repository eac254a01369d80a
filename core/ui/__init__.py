"""The UI layer: Streamlit widgets that pages share (this file: the page frame and the sidebar).

``core.ui`` is the only part of ``core`` that imports Streamlit. Its submodules
hold the drawing helpers of pages that would otherwise outgrow ~150 lines
(``core.ui.curate_example``, ``core.ui.compare_review``…). Everything here draws
and dispatches; the logic it calls lives in the other ``core`` modules.

``st.session_state`` holds only a cache: the chosen project id, the language
and a key typed for this session. Widget values are copied into plain keys in
``on_change`` callbacks because Streamlit drops widget state on a page switch.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from core.providers import credentials

from core.i18n import timefmt
from core.providers.client import PROVIDER_OPENAI, ConnectionSettings, endpoint_address
from core.i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale, t
from core.dataset.sample import create_sample_project
from core.data.store import TRASH_DAYS, Project, Store, StoreError
from core.ui.choices import choice_key as choice_key  # re-exported: pages call ui.choice_key
from core.ui.choices import option_labels, retranslate_choices

# Session-state keys (plain keys survive page switches; widget keys do not).
SS_LANG = "lang"
SS_PROJECT_ID = "project_id"
SS_TYPED_KEY = "typed_api_key"
SS_FLASH = "flash_message"
# Connection settings for this session (the Settings page writes them).
SS_PROVIDER = "conn_provider"
SS_BASE_URL = "conn_base_url"
SS_ORGANIZATION = "conn_organization"
SS_OPENAI_PROJECT = "conn_openai_project"
SS_AZURE_ENDPOINT = "conn_azure_endpoint"
SS_AZURE_API_VERSION = "conn_azure_api_version"
SS_AZURE_DEPLOYMENTS = "conn_azure_deployments"
# Widget keys, prefixed so they can't collide with the plain keys above.
W_LANG = "_w_lang"
W_PROJECT = "_w_project"
W_TYPED_KEY = "_w_typed_key"
W_NEW_NAME = "_w_new_project_name"
W_RENAME = "_w_rename_project"
W_DELETE_CONFIRM = "_w_delete_confirm"
# The spend gate (issue #8): a session-only flag, never the password itself.
SS_SPEND_UNLOCKED = "spend_unlocked"
SS_PASSWORD_WRONG = "spend_password_wrong"
# Pages whose actions cost money: they say at the top when the owner's key is locked.
SPENDING_PAGES = frozenset({"nav.generate", "nav.finetune", "nav.compare"})
W_APP_PASSWORD = "_w_app_password"
# This browser session's id: the owner of the projects a visitor makes without the app password.
SS_VISITOR_SESSION = "visitor_session"

QP_LANG = "lang"
# What a table shows for a missing value (Streamlit's default is the English "None").
EMPTY_CELL = ""
# The open project lives in the URL, so a reload, a shared link and a deep link keep it.
QP_PROJECT = "project"

# The navigation we draw ourselves, so that its labels are translated.
# (Sidebar navigation from file names is switched off in .streamlit/config.toml;
# plain file-based routing keeps deep links working on a cold server.)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("streamlit_app.py", "nav.home", ":material/home:"),
    ("pages/1_Questions.py", "nav.questions", ":material/upload_file:"),
    ("pages/2_Generate.py", "nav.generate", ":material/auto_awesome:"),
    ("pages/3_Curate.py", "nav.curate", ":material/edit_note:"),
    ("pages/4_Preview.py", "nav.preview", ":material/fact_check:"),
    ("pages/5_Finetune.py", "nav.finetune", ":material/model_training:"),
    ("pages/6_Compare.py", "nav.compare", ":material/compare:"),
    ("pages/7_Settings.py", "nav.settings", ":material/settings:"),
)


def lang() -> str:
    """The UI language: chosen in the sidebar, else ?lang=, else the browser's locale."""
    if SS_LANG not in st.session_state:
        from_url = st.query_params.get(QP_LANG)
        if from_url in LANGUAGES:
            st.session_state[SS_LANG] = from_url
        else:
            try:
                locale = st.context.locale
            except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
                locale = None
            st.session_state[SS_LANG] = language_from_locale(locale)
    return st.session_state[SS_LANG]


def tr(key: str, **values: Any) -> str:
    """Translate ``key`` into the session's language."""
    return t(key, lang(), **values)


def labels(prefix: str = "", empty_key: str | None = None, known: Any = None) -> Callable[[Any], str]:
    """A widget ``format_func`` for canonical values, in the session's language (``choices.option_labels``)."""
    return option_labels(lang(), prefix, empty_key, known)


def open_store() -> Store:
    """A connection to the workspace for this script run (cheap; never shared across sessions)."""
    return Store()


def secrets_mapping() -> Mapping[str, Any]:
    """``st.secrets`` as a plain mapping; empty when there is no secrets file (it raises then)."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - FileNotFoundError / StreamlitSecretNotFoundError
        return {}


def resolved_key() -> credentials.ResolvedKey:
    """The API key this session would use, by precedence typed > secrets > environment."""
    credentials.load_dotenv_once()
    return credentials.resolve_api_key(st.session_state.get(SS_TYPED_KEY), secrets_mapping(), os.environ)


def app_password() -> str | None:
    """The ``app_password`` secret (or ``$APP_PASSWORD``) that guards the owner's key."""
    return credentials.configured_app_password(secrets_mapping(), os.environ)


def _spend_unlocked() -> bool:
    return bool(st.session_state.get(SS_SPEND_UNLOCKED))


def spend_status() -> str:
    """``credentials.SPEND_OK`` / ``SPEND_NO_KEY`` / ``SPEND_LOCKED`` for this session."""
    return credentials.spend_status(resolved_key(), app_password(), _spend_unlocked())


def can_spend() -> bool:
    """True when this session may run anything that costs money (generate, launch, compare…).

    Pages call this before spending and disable the action otherwise; the key
    is also withheld from ``connection_settings()`` while locked, as a backstop.
    """
    return spend_status() == credentials.SPEND_OK


def spend_blocked_notice() -> None:
    """Say why spending is not possible right now and what to do (pages show this next to the action)."""
    status = spend_status()
    if status == credentials.SPEND_LOCKED:
        st.warning(tr("share.locked_notice"), icon=":material/lock:")
    elif status == credentials.SPEND_NO_KEY:
        st.info(tr("share.no_key_notice"), icon=":material/key:")


def visitor() -> credentials.Visitor:
    """This browser session (a random id kept in its state) and the address it connects from."""
    session = session_id()
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        address = None
    return credentials.Visitor(session, address)


def _on_app_password() -> None:
    typed = st.session_state.get(W_APP_PASSWORD) or ""
    # Clear the box at once so the password doesn't linger in widget state.
    st.session_state[W_APP_PASSWORD] = ""
    who = visitor()
    if not credentials.PASSWORD_THROTTLE.allowed(who):
        st.session_state[SS_PASSWORD_WRONG] = "share.password_throttled_you"
    elif credentials.password_matches(typed, app_password()):
        st.session_state[SS_SPEND_UNLOCKED] = True
        st.session_state.pop(SS_PASSWORD_WRONG, None)
    else:
        credentials.PASSWORD_THROTTLE.record_failure(who)
        st.session_state[SS_PASSWORD_WRONG] = "share.password_wrong"


def session_id() -> str:
    """A random id for this browser session (never shown): it owns the visitor's own projects,
    and wrong passwords are counted against it."""
    if SS_VISITOR_SESSION not in st.session_state:
        st.session_state[SS_VISITOR_SESSION] = secrets.token_hex(16)
    return st.session_state[SS_VISITOR_SESSION]


def owner_unlocked() -> bool:
    """True when an app password is set and this session typed it (the owner, or someone they trust)."""
    return bool(app_password()) and _spend_unlocked()


def team_locked() -> bool:
    """True when the team's projects are read-only for this session (a password is set and not typed)."""
    return bool(app_password()) and not _spend_unlocked()


def may_change(project: Project | None) -> bool:
    """May this session create, edit, import into, delete or launch in ``project``?"""
    return project is None or not team_locked() or project.owner_session == session_id()


def may_change_id(project_id: int) -> bool:
    """``may_change`` for a project known by id (callbacks get only the id)."""
    if not team_locked():
        return True
    with open_store() as store:
        return may_change(store.get_project(project_id))


def new_project_owner() -> str | None:
    """Who a project made now belongs to: this session while the team's projects are locked, else the team."""
    return session_id() if team_locked() else None


def read_only_notice(project: Project | None) -> bool:
    """Say that the team's project can only be looked at; True when it is read-only for this session."""
    if may_change(project):
        return False
    st.info(tr("safety.team_read_only"), icon=":material/visibility:")
    return True


def _lock_spending() -> None:
    st.session_state.pop(SS_SPEND_UNLOCKED, None)


def spend_gate() -> None:
    """The password box for the owner's key (sidebar key area); nothing when it doesn't apply."""
    key = resolved_key()
    if not app_password():
        return
    if not key.is_owner_key and not _spend_unlocked():
        # A visitor's own key spends freely; the password is still what unlocks the team's projects.
        st.caption(tr("safety.password_for_projects"))
        st.text_input(tr("share.password"), type="password", key=W_APP_PASSWORD, on_change=_on_app_password,
                      help=tr("share.password_help"), autocomplete="off")
        if st.session_state.get(SS_PASSWORD_WRONG):
            st.error(tr(st.session_state[SS_PASSWORD_WRONG]))
        return
    if _spend_unlocked():
        st.caption(tr("share.unlocked"))
        st.button(tr("share.lock_again"), key="_w_lock_spending", on_click=_lock_spending,
                  help=tr("share.lock_again_help"))
        return
    st.caption(tr("share.locked_caption"))
    st.text_input(tr("share.password"), type="password", key=W_APP_PASSWORD, on_change=_on_app_password,
                  help=tr("share.password_help"), autocomplete="off")
    if st.session_state.get(SS_PASSWORD_WRONG):
        st.error(tr(st.session_state[SS_PASSWORD_WRONG]))


def _owner_and_session_settings() -> tuple[ConnectionSettings, ConnectionSettings]:
    """The endpoint as the deployer configured it (secrets, environment) and as this session chose it."""
    configured = secrets_mapping()

    def owner(secret_name: str) -> str | None:
        value = configured.get(secret_name) or os.environ.get(secret_name)
        return str(value).strip() if value else None

    def pick(state_key: str, secret_name: str) -> str | None:
        value = st.session_state.get(state_key)
        return str(value).strip() if value else owner(secret_name)

    deployed = ConnectionSettings(provider=owner("OPENAI_PROVIDER") or PROVIDER_OPENAI,
                                  base_url=owner("OPENAI_BASE_URL"), azure_endpoint=owner("AZURE_OPENAI_ENDPOINT"))
    chosen = ConnectionSettings(
        provider=st.session_state.get(SS_PROVIDER) or deployed.provider,
        base_url=pick(SS_BASE_URL, "OPENAI_BASE_URL"),
        organization=pick(SS_ORGANIZATION, "OPENAI_ORG_ID"),
        project=pick(SS_OPENAI_PROJECT, "OPENAI_PROJECT_ID"),
        azure_endpoint=pick(SS_AZURE_ENDPOINT, "AZURE_OPENAI_ENDPOINT"),
        api_version=pick(SS_AZURE_API_VERSION, "OPENAI_API_VERSION"),
        azure_deployments=dict(st.session_state.get(SS_AZURE_DEPLOYMENTS) or {}),
    )
    return deployed, chosen


def _bound_key() -> tuple[credentials.BoundKey, ConnectionSettings]:
    deployed, chosen = _owner_and_session_settings()
    resolved = resolved_key()
    bound = credentials.bind_key(credentials.usable_key(resolved, app_password(), _spend_unlocked()), resolved,
                                 endpoint_address(deployed), endpoint_address(chosen))
    return bound, chosen


def connection_settings() -> ConnectionSettings:
    """This session's connection, built fresh on every call (never cached across sessions).

    Secrets may preset the provider and endpoints (``OPENAI_BASE_URL``,
    ``AZURE_OPENAI_ENDPOINT``…); what the user set on the Settings page wins.
    The deployer's key comes only with the deployer's endpoint, and is bound to
    it, so the client factory refuses to carry it anywhere else.
    """
    bound, chosen = _bound_key()
    return chosen.with_overrides(api_key=bound.key, key_bound_to=bound.bound_to)


def owner_key_withheld() -> bool:
    """True when the owner's key is not used because this session points at another endpoint."""
    return _bound_key()[0].withheld_elsewhere


def owner_key_elsewhere_notice() -> None:
    """One line saying the owner's key stays with the owner's endpoint, when that is why there is no key."""
    if owner_key_withheld():
        st.warning(tr("owner.key_elsewhere"), icon=":material/key_off:")


def flash(message: str, kind: str = "success") -> None:
    """Show ``message`` once on the next run (survives the rerun a button causes)."""
    st.session_state[SS_FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(SS_FLASH, (None, None))
    if message:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)


def current_project(store: Store) -> Project | None:
    """The project this session works on: the URL's ``?project=`` first, then this session's choice,
    then (a first visit) the most recently used one.

    A ``?project=`` that names no project gives None (``page_setup`` says so),
    never a silent switch to another project.
    """
    wanted = st.query_params.get(QP_PROJECT)
    if wanted is not None:
        project = _visible(store, int(wanted)) if wanted.strip().isdigit() else None
        st.session_state[SS_PROJECT_ID] = project.id if project else None
        return project
    project_id = st.session_state.get(SS_PROJECT_ID)
    project = _visible(store, project_id) if project_id is not None else None
    if project is None:
        projects = store.list_projects(session_id())
        project = projects[0] if projects else None
    select_project(project.id if project else None)
    return project


def _visible(store: Store, project_id: int) -> Project | None:
    """The project if this session may see it: not in the trash, and not another visitor's own project."""
    project = store.get_project(project_id)
    if project is not None and project.owner_session not in (None, session_id()):
        return None
    return project


def select_project(project_id: int | None) -> None:
    """Open ``project_id`` in this session and put it in the URL (or take it out)."""
    st.session_state[SS_PROJECT_ID] = project_id
    if project_id is None:
        st.query_params.pop(QP_PROJECT, None)
    elif st.query_params.get(QP_PROJECT) != str(project_id):
        st.query_params[QP_PROJECT] = str(project_id)


def carried_params() -> dict[str, str]:
    """The query parameters every link to another page keeps: the open project and the language."""
    return {name: st.query_params[name] for name in (QP_PROJECT, QP_LANG) if name in st.query_params}


def page_setup(title_key: str, icon: str = ":material/school:") -> tuple[Store, Project | None]:
    """Configure the page, draw the sidebar and the title; return the store and the project."""
    st.set_page_config(page_title=f"{tr(title_key)} · Fine-tune Studio", page_icon=icon, layout="wide")
    timefmt.use_timezone(_browser_timezone())
    store = open_store()
    project = current_project(store)
    with st.sidebar:
        _navigation()
        st.divider()
        project = _project_picker(store, project)
        st.divider()
        _language_switch()
        _key_status()
    st.title(tr(title_key))
    if project is None and (missing := st.query_params.get(QP_PROJECT)) is not None:
        st.warning(tr("urlstate.project_missing", id=missing), icon=":material/link_off:")
    _show_flash()
    if project is not None and project.owner_session is not None:
        st.caption(tr("safety.own_project"))
    if title_key in SPENDING_PAGES and spend_status() == credentials.SPEND_LOCKED:
        spend_blocked_notice()
    if title_key in SPENDING_PAGES:
        owner_key_elsewhere_notice()
    return store, project


def _browser_timezone() -> str | None:
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - no browser context (bare mode): UTC
        return None


def require_project(project: Project | None) -> Project:
    """Stop the page with a friendly pointer when no project is open yet."""
    if project is None:
        st.info(tr("common.no_project"))
        st.page_link("streamlit_app.py", label=tr("common.go_home"), icon=":material/home:",
                     query_params=carried_params())
        st.stop()
    return project


def _navigation() -> None:
    for path, label_key, icon in PAGES:
        st.page_link(path, label=tr(label_key), icon=icon, query_params=carried_params())


def _on_project_change() -> None:
    select_project(st.session_state.get(W_PROJECT))


def _project_picker(store: Store, project: Project | None) -> Project | None:
    st.subheader(tr("sidebar.project"))
    projects = store.list_projects(session_id())
    if projects:
        ids = [p.id for p in projects]
        names = {p.id: p.name for p in projects}
        # The open project can change outside the picker (a link, an import): the picker follows it.
        st.session_state[W_PROJECT] = project.id if project else None
        st.selectbox(tr("sidebar.project_pick"), ids, placeholder=tr("urlstate.project_pick_placeholder"),
                     format_func=lambda pid: names.get(pid, str(pid)), key=W_PROJECT,
                     on_change=_on_project_change, help=tr("sidebar.project_pick_help"))
    else:
        st.caption(tr("sidebar.no_projects"))
    with st.popover(tr("sidebar.new_project"), icon=":material/add:", width="stretch"):
        name = st.text_input(tr("sidebar.new_project_name"), key=W_NEW_NAME, help=tr("sidebar.new_project_help"))
        if team_locked():
            st.caption(tr("safety.new_is_own"))
        if st.button(tr("sidebar.create"), key="_w_create_project", type="primary"):
            _create_project(store, name)
        st.button(tr("sidebar.open_sample"), key="_w_open_sample", on_click=_open_sample,
                  help=tr("sidebar.open_sample_help"))
    if project is not None and not may_change(project):
        with st.popover(tr("sidebar.manage_project"), icon=":material/tune:", width="stretch"):
            st.caption(tr("safety.manage_locked"))
    elif project is not None:
        with st.popover(tr("sidebar.manage_project"), icon=":material/tune:", width="stretch"):
            new_name = st.text_input(tr("sidebar.rename_to"), value=project.name, key=W_RENAME,
                                     help=tr("sidebar.rename_help"))
            if st.button(tr("sidebar.rename"), key="_w_rename_button"):
                _rename_project(store, project, new_name)
            st.divider()
            confirm = st.checkbox(tr("sidebar.delete_confirm", name=project.name), key=W_DELETE_CONFIRM,
                                  help=tr("safety.delete_confirm_help", days=TRASH_DAYS))
            if st.button(tr("sidebar.delete"), key="_w_delete_button", disabled=not confirm, type="primary"):
                store.delete_project(project.id)
                select_project(None)
                flash(tr("safety.moved_to_trash", name=project.name, days=TRASH_DAYS))
                st.rerun()
    return project


def _create_project(store: Store, name: str) -> None:
    try:
        project_id = store.create_project(name, owner_session=new_project_owner())
    except StoreError as error:
        st.error(tr(f"store.{error.code}", **error.details))
        return
    select_project(project_id)
    flash(tr("sidebar.created", name=name.strip()))
    st.rerun()


def _open_sample() -> None:
    with open_store() as store:
        select_project(create_sample_project(store, new_project_owner()))
    flash(tr("sidebar.sample_opened"))


def _rename_project(store: Store, project: Project, new_name: str) -> None:
    if not may_change(project):
        return
    try:
        store.rename_project(project.id, new_name)
    except StoreError as error:
        st.error(tr(f"store.{error.code}", **error.details))
        return
    flash(tr("sidebar.renamed", name=new_name.strip()))
    st.rerun()


def _on_language_change() -> None:
    chosen = st.session_state.get(W_LANG)
    if chosen in LANGUAGES:
        st.session_state[SS_LANG] = chosen
        st.query_params[QP_LANG] = chosen
        retranslate_choices()


def _language_switch() -> None:
    current = lang()
    st.segmented_control(tr("sidebar.language"), LANGUAGES, default=current, key=W_LANG,
                         format_func=LANGUAGE_NAMES.get, on_change=_on_language_change,
                         help=tr("sidebar.language_help"))


def _on_typed_key() -> None:
    st.session_state[SS_TYPED_KEY] = (st.session_state.get(W_TYPED_KEY) or "").strip() or None


def _key_status() -> None:
    key = resolved_key()
    if key.present:
        st.caption(tr(f"sidebar.key_from_{key.source}", masked=key.masked))
    else:
        st.caption(tr("sidebar.key_none"))
    st.text_input(tr("sidebar.type_key"), type="password", key=W_TYPED_KEY, on_change=_on_typed_key,
                  value=st.session_state.get(SS_TYPED_KEY) or "", help=tr("sidebar.type_key_help"),
                  autocomplete="off")
    spend_gate()
    # Imported here because core.ui.spend draws with this module's helpers.
    from core.ui.spend import today_line

    today_line()
