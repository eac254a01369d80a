"""The UI layer: Streamlit widgets that pages share.

``core.ui`` is the only part of ``core`` that imports Streamlit. Everything here
draws and dispatches; the logic it calls lives in the other ``core`` packages.
Pages use it as ``from core import ui`` and ``ui.page_setup(…)``, ``ui.tr(…)``;
the names below come from its modules:

- ``core.ui.frame``: the page frame and the navigation (``page_setup``, ``require_project``, ``PAGES``);
- ``core.ui.sidebar``: the project picker and the open project (``current_project``, ``select_project``);
- ``core.ui.keys``: the API key, the app password, who may spend and who may change a project;
- ``core.ui.language``: the UI language and the translation helper (``tr``, ``lang``, ``labels``);
- ``core.ui.session``: a store for this run, the message shown once (``open_store``, ``flash``) and the guard
  every widget callback that reaches the store wears (``refusable_write``);
- ``core.ui.state``: every ``st.session_state`` key.

Other modules hold the drawing helpers of pages that would otherwise outgrow
~150 lines (``core.ui.curate_example``, ``core.ui.compare_review``…).

``st.session_state`` holds only a cache: the chosen project id, the language
and a key typed for this session. Widget values are copied into plain keys in
``on_change`` callbacks because Streamlit drops widget state on a page switch.
"""

from __future__ import annotations

from core.data.store import Project as Project
from core.data.store import Store as Store
from core.ui.choices import choice_key as choice_key
from core.ui.frame import EMPTY_CELL as EMPTY_CELL
from core.ui.frame import PAGES as PAGES
from core.ui.frame import SPENDING_PAGES as SPENDING_PAGES
from core.ui.frame import page_setup as page_setup
from core.ui.frame import require_project as require_project
from core.ui.keys import app_password as app_password
from core.ui.keys import can_spend as can_spend
from core.ui.keys import connection_settings as connection_settings
from core.ui.keys import may_change as may_change
from core.ui.keys import may_change_id as may_change_id
from core.ui.keys import new_project_owner as new_project_owner
from core.ui.keys import owner_key_elsewhere_notice as owner_key_elsewhere_notice
from core.ui.keys import owner_key_withheld as owner_key_withheld
from core.ui.keys import owner_unlocked as owner_unlocked
from core.ui.keys import read_only_notice as read_only_notice
from core.ui.keys import resolved_key as resolved_key
from core.ui.keys import secrets_mapping as secrets_mapping
from core.ui.keys import session_id as session_id
from core.ui.keys import spend_blocked_notice as spend_blocked_notice
from core.ui.keys import spend_gate as spend_gate
from core.ui.keys import spend_status as spend_status
from core.ui.keys import team_locked as team_locked
from core.ui.keys import visitor as visitor
from core.ui.language import QP_LANG as QP_LANG
from core.ui.language import labels as labels
from core.ui.language import lang as lang
from core.ui.language import tr as tr
from core.ui.session import flash as flash
from core.ui.session import open_store as open_store
from core.ui.session import refusable_write as refusable_write
from core.ui.session import refusal_message as refusal_message
from core.ui.sidebar import QP_PROJECT as QP_PROJECT
from core.ui.sidebar import carried_params as carried_params
from core.ui.sidebar import current_project as current_project
from core.ui.sidebar import select_project as select_project
from core.ui.state import SS_AZURE_API_VERSION as SS_AZURE_API_VERSION
from core.ui.state import SS_AZURE_DEPLOYMENTS as SS_AZURE_DEPLOYMENTS
from core.ui.state import SS_AZURE_ENDPOINT as SS_AZURE_ENDPOINT
from core.ui.state import SS_BASE_URL as SS_BASE_URL
from core.ui.state import SS_FLASH as SS_FLASH
from core.ui.state import SS_LANG as SS_LANG
from core.ui.state import SS_OPENAI_PROJECT as SS_OPENAI_PROJECT
from core.ui.state import SS_ORGANIZATION as SS_ORGANIZATION
from core.ui.state import SS_PASSWORD_WRONG as SS_PASSWORD_WRONG
from core.ui.state import SS_PROJECT_ID as SS_PROJECT_ID
from core.ui.state import SS_PROVIDER as SS_PROVIDER
from core.ui.state import SS_SPEND_UNLOCKED as SS_SPEND_UNLOCKED
from core.ui.state import SS_TYPED_KEY as SS_TYPED_KEY
from core.ui.state import SS_VISITOR_SESSION as SS_VISITOR_SESSION
from core.ui.state import W_APP_PASSWORD as W_APP_PASSWORD
from core.ui.state import W_DELETE_CONFIRM as W_DELETE_CONFIRM
from core.ui.state import W_LANG as W_LANG
from core.ui.state import W_NEW_NAME as W_NEW_NAME
from core.ui.state import W_PROJECT as W_PROJECT
from core.ui.state import W_RENAME as W_RENAME
from core.ui.state import W_TYPED_KEY as W_TYPED_KEY
