"""Every ``st.session_state`` key the app uses, in one place.

``SS_*`` are plain keys: they survive a page switch, so they hold what a page
must remember (the open project, the language, a filter). ``W_*`` are widget
keys, or prefixes that a widget key is built from; Streamlit drops widget state
on a page switch, so a widget whose value must last copies it into a plain key
in its ``on_change`` callback. Widget keys start with ``_w_`` (older ones with
the page's short name) so that they never collide with a plain key.

``tests/test_session_keys.py`` fails when a page or ``core.ui`` module writes a
session key as a string literal instead of using a name from here.
"""

from __future__ import annotations

# --- The page frame, the sidebar and the connection -------------------------------------------------------------
SS_LANG = "lang"  # the UI language ("en" / "ko")
SS_PROJECT_ID = "project_id"  # the open project's id (the URL's ?project= wins)
SS_TYPED_KEY = "typed_api_key"  # an API key typed for this session only (never stored)
SS_FLASH = "flash_message"  # (kind, message) shown once on the next run
SS_PROVIDER = "conn_provider"  # the provider chosen on the Settings page
SS_BASE_URL = "conn_base_url"  # the OpenAI-compatible base URL chosen on the Settings page
SS_ORGANIZATION = "conn_organization"  # the OpenAI organisation chosen on the Settings page
SS_OPENAI_PROJECT = "conn_openai_project"  # the OpenAI project id chosen on the Settings page
SS_AZURE_ENDPOINT = "conn_azure_endpoint"  # the Azure endpoint chosen on the Settings page
SS_AZURE_API_VERSION = "conn_azure_api_version"  # the Azure API version chosen on the Settings page
SS_AZURE_DEPLOYMENTS = "conn_azure_deployments"  # {model: Azure deployment name} chosen on the Settings page
SS_SPEND_UNLOCKED = "spend_unlocked"  # True once this session typed the app password (never the password itself)
SS_PASSWORD_WRONG = "spend_password_wrong"  # the string key of why the last password was refused
SS_VISITOR_SESSION = "visitor_session"  # this browser session's random id: owns a visitor's own projects
SS_CHOICE_KEYS = "translated_choice_keys"  # widget keys whose option labels are translated (relabelled on a switch)
SS_CONSENT_ROUNDS = "consent_rounds"  # {scope: how many times this scope's consent was used}
SS_CHAT_MODELS = "generate_models"  # (connection fingerprint, model ids, why the fallback) for this session
W_LANG = "_w_lang"  # the sidebar's language switch
W_PROJECT = "_w_project"  # the sidebar's project picker
W_TYPED_KEY = "_w_typed_key"  # the sidebar's API key box
W_NEW_NAME = "_w_new_project_name"  # the name box of "new project"
W_RENAME = "_w_rename_project"  # the name box of "rename project"
W_DELETE_CONFIRM = "_w_delete_confirm"  # the "yes, delete it" tick box
W_APP_PASSWORD = "_w_app_password"  # the app password box (cleared at once after each try)
W_LOCK_SPENDING = "_w_lock_spending"  # the "lock again" button
W_CREATE_PROJECT = "_w_create_project"  # the "create" button of "new project"
W_OPEN_SAMPLE = "_w_open_sample"  # the sidebar's "open the sample project" button
W_RENAME_BUTTON = "_w_rename_button"  # the "rename" button
W_DELETE_BUTTON = "_w_delete_button"  # the "delete project" button

# --- Home -------------------------------------------------------------------------------------------------------
SS_HOME_IMPORTS = "home_imports"  # bumped after a project file import: a fresh, empty uploader
W_HOME_GUIDE_NAME = "home_guide_name"  # the first-run guide's project name box
W_HOME_OPEN_SAMPLE = "home_open_sample"  # the first-run guide's "open the sample" button
W_HOME_COPY_WORKSPACE = "home_copy_workspace"  # the owner's "copy the local workspace into the team database"
W_HOME_GUIDE_CREATE = "home_guide_create"  # the first-run guide's "create and import" button
W_HOME_EXPORT = "home_export"  # the project file download button
W_HOME_IMPORT_FILE = "home_import_file_"  # prefix of the project file uploader (+ SS_HOME_IMPORTS)
W_HOME_IMPORT_BUTTON = "home_import_button"  # the project file "import" button

# --- Questions (import) -----------------------------------------------------------------------------------------
SS_QUESTIONS_NONCE = "questions_nonce"  # bumped after an import: fresh, empty inputs
SS_QUESTIONS_CACHE = "questions_preview_cache"  # the parsed preview of the file being imported
SS_QUESTIONS_DONE = "questions_last_import"  # what the last import added, shown once
W_QUESTIONS_SOURCE = "_w_questions_source"  # file or paste
W_UPLOAD = "_w_upload_"  # prefix of the file uploader (+ nonce)
W_SHEET = "_w_sheet_"  # prefix of the sheet picker (+ file id)
W_HEADER = "_w_header_"  # prefix of the "first row is a header" tick box (+ file id, sheet)
W_PASTE = "_w_paste_"  # prefix of the paste box (+ nonce)
W_IMPORT = "_w_import"  # the import button
W_MAP = "_w_map_"  # prefix of the column mapping pickers (+ column role, file id)

# --- Generate ---------------------------------------------------------------------------------------------------
SS_GENERATE_SCOPE = "generate_scope"  # which questions to answer (missing, selected, all…)
SS_GENERATE_WATCHED = "generate_watched_run"  # the run last seen running: a full rerun when it ends
SS_GENERATE_CURATE_WATCH = "generate_curate_watch"  # {example id: run id} of runs started from Curate
W_GEN = "_w_gen_"  # prefix of the Generate page's option widgets (+ option name)
W_GENERATION_PROMPT = "_w_gen_system_prompt"  # the generation prompt box (W_GEN + "system_prompt")
W_TRAINING_PROMPT = "_w_gen_training_prompt"  # the training prompt box
W_GEN_START = "gen_start"  # the start button
W_GEN_PAUSE = "gen_pause_"  # prefix of a run's pause button (+ run id)
W_GEN_RESUME = "gen_resume_"  # prefix of a run's resume button (+ run id)
W_GEN_CANCEL = "gen_cancel_"  # prefix of a run's cancel button (+ run id)
W_GEN_FIND_DUPLICATES = "gen_find_duplicates"  # the "find near-duplicate questions" button
W_GEN_SYNTHETIC_GO = "gen_syn_go"  # the "make questions" button
W_GEN_REGENERATE = "gen_regen_"  # prefix of Curate's "regenerate" button (+ example id)
W_GEN_REGENERATE_SELECTED = "gen_regen_selected_"  # prefix of Curate's "regenerate the ticked rows" (+ example id)
W_GEN_REPAIR_TEXT = "_w_gen_repair_"  # prefix of Curate's repair instruction box (+ example id)
W_GEN_REPAIR = "gen_repair_"  # prefix of Curate's repair button (+ example id)
W_GEN_PICK_VARIANT = "gen_pick_"  # prefix of Curate's "use this variant" button (+ variant id)

# --- Curate -----------------------------------------------------------------------------------------------------
SS_CURATE_STATUSES = "curate_statuses"  # the status filter
SS_CURATE_TAG = "curate_tag"  # the tag filter
SS_CURATE_TEXT = "curate_text"  # the text search
SS_CURATE_ERRORS = "curate_errors"  # "only rows with problems"
SS_CURATE_WAITING = "curate_waiting"  # "only rows with a machine answer waiting"
SS_CURATE_DOCUMENT = "curate_document"  # the source-document filter (a stored document's id, or 0 for any)
SS_CURATE_CHUNK = "curate_chunk"  # the chunk filter within the picked document (a chunk id, or 0 for any)
SS_CURATE_UNSUPPORTED = "curate_unsupported"  # "only answers the groundedness check found unsupported"
SS_CURATE_PAGE = "curate_page"  # the table's page number
SS_CURATE_PAGE_SIZE = "curate_page_size"  # rows per page
SS_CURATE_REV = "curate_rev"  # bumped by every write: keyed editors are redrawn from the store
SS_CURATE_SELECTED = "curate_selected"  # ticked rows: {project id: set of example ids} (Generate reads it too)
SS_CURATE_OPEN = "curate_open_example"  # the example open in the editor
SS_CURATE_PENDING_DELETE = "curate_pending_delete"  # the ids a delete button asked about, until confirmed
SS_CURATE_GRID_APPLIED = "curate_grid_applied"  # {grid key: the edited_rows report the last save was made from}
SS_CURATE_GRID_SEEN = "curate_grid_seen"  # what the grid last showed: filter, rows and their fingerprint
SS_CURATE_LIVE_RUN = "curate_live_run"  # the run last seen going: one full redraw when it ends
SS_CURATE_REVIEW_TARGET = "curate_review_target"  # the example review mode moves to on its next run
W_CURATE_REVIEW_MODE = "_w_curate_review_mode"  # the "review one by one" toggle
W_CURATE_STATUSES = "_w_curate_statuses"  # the status filter widget
W_CURATE_TAG = "_w_curate_tag"  # the tag filter widget
W_CURATE_TEXT = "_w_curate_text"  # the text search widget
W_CURATE_ERRORS = "_w_curate_errors"  # the "only problems" toggle
W_CURATE_PAGE_SIZE = "_w_curate_page_size"  # the rows-per-page picker
W_CURATE_WAITING = "_w_curate_waiting"  # the "only waiting answers" toggle
W_CURATE_DOCUMENT = "_w_curate_document"  # the source-document filter widget
W_CURATE_CHUNK = "_w_curate_chunk"  # the chunk filter widget
W_CURATE_UNSUPPORTED = "_w_curate_unsupported"  # the "not grounded" toggle
W_CURATE_GROUNDING_MODEL = "_w_curate_grounding_model"  # the groundedness check's judge model
W_CURATE_GROUNDING_GO = "curate_grounding_go"  # "check N answers against their source"
W_CURATE_EDITOR = "_w_curate_editor_"  # prefix of the table (+ revision)
W_CURATE_PAGER = "_w_curate_page_"  # prefix of the pager (+ revision)
W_CURATE_OPEN = "_w_curate_open_"  # prefix of the "open an example" picker (+ revision, language)
W_CURATE_EXAMPLE = "_w_ex_"  # prefix of the example editor's fields (+ example id, revision, field)
W_CURATE_BULK = "curate_bulk"  # the bulk "apply to all filtered rows" button
W_CURATE_BULK_STATUS = "_w_curate_bulk_status"  # the status the bulk button sets
W_CURATE_DELETE_SELECTED = "curate_delete_selected"  # "delete the ticked rows"
W_CURATE_DELETE_FILTERED = "curate_delete_filtered"  # "delete every filtered row"
W_CURATE_DELETE_YES = "curate_delete_yes"  # confirms a delete
W_CURATE_DELETE_NO = "curate_delete_no"  # cancels a delete
W_SAFETY = "_w_safety_"  # prefix of the trash and take-over widgets (+ what, id)

# --- Preview ----------------------------------------------------------------------------------------------------
SS_PREVIEW_PRICES_REV = "preview_prices_rev"  # bumped when prices are reset: a fresh price editor
W_PREVIEW_MODEL = "_w_preview_model"  # the base model picker
W_PREVIEW_EPOCHS = "_w_preview_epochs"  # the epochs box
W_PREVIEW_RULES = "_w_preview_rules"  # whose rules Preview checks: the connection's provider or Together AI
W_PREVIEW_PRICES = "_w_preview_prices"  # prefix of the price editor (+ "_" + SS_PREVIEW_PRICES_REV)
W_PREVIEW_RATIO = "_w_preview_ratio"  # the validation share slider
W_PREVIEW_SEED = "_w_preview_seed"  # the split seed
W_PREVIEW_APPROVED = "_w_preview_approved"  # "only approved rows"
W_PREVIEW_MAKE_SPLIT = "_w_preview_make_split"  # the "make the split" button
W_PREVIEW_APPLY_PROMPT = "_w_preview_apply_prompt"  # "apply the training prompt to rows without one"
W_PREVIEW_DOWNLOAD = "_w_preview_dl_"  # prefix of the download buttons (+ file name)

# --- Settings ---------------------------------------------------------------------------------------------------
SS_SETTINGS_CHECK = "settings_check"  # the last connection check
SS_PREFLIGHT = "settings_preflight"  # (Preflight, checked at): the last pre-flight check (Fine-tune reads it)
W_SETTINGS = "_w_settings_"  # prefix of the connection fields (+ the plain SS_* key they copy into)
W_SETTINGS_FORGET_KEY = "_w_settings_forget_key"  # "forget the typed key"
W_SETTINGS_TEST = "_w_settings_test"  # "test the connection"
W_SETTINGS_PREFLIGHT = "_w_settings_preflight"  # "run the pre-flight check"
W_SETTINGS_FORGET_REFUSAL = "_w_settings_forget_refusal"  # "forget the remembered refusal"

# --- Fine-tune (the page and core.ui.finetune_jobs) -------------------------------------------------------------
SS_FINETUNE_ACCOUNT_JOBS = "ft_account_jobs"  # prefix of the account's other jobs (+ "_" + project id)
SS_FINETUNE_POLLING = "ft_polling"  # True while a job is live: the page reruns itself
SS_FINETUNE_FOCUS_CHART = "ft_focus_chart"  # a job just launched: put it on the charts
SS_FINETUNE_FOCUS_DETAIL = "ft_focus_detail"  # a job just launched: show it in detail
W_FINETUNE_METHOD = "ft_w_method"  # the training method picker
W_FINETUNE_MODEL = "ft_w_model"  # the base model picker
W_FINETUNE_HP = "ft_w_hp_"  # prefix of the hyperparameter boxes (+ hyperparameter name)
W_FINETUNE_SUFFIX = "ft_w_suffix"  # the model name suffix box
W_FINETUNE_SEED = "ft_w_seed"  # the seed box
W_FINETUNE_VALID = "ft_w_valid"  # the "use the validation file" tick box
W_FINETUNE_LAUNCH = "ft_w_launch"  # the launch button
W_FINETUNE_CHART_JOBS = "ft_w_chart_jobs"  # the jobs drawn on the charts
W_FINETUNE_SMOOTHING = "ft_w_smooth"  # the charts' smoothing slider
W_FINETUNE_LOG_SCALE = "ft_w_log"  # the charts' "log scale" tick box
W_FINETUNE_CHART = "ft_"  # prefix of the metric charts (+ chart kind)
W_FINETUNE_DETAIL = "ft_w_detail"  # the job shown in detail
W_FINETUNE_ACTION = "ft_w_"  # prefix of a job's cancel/pause/resume buttons (+ action, "_", launch id)
W_FINETUNE_CHECKPOINT = "ft_w_ckpt_"  # prefix of the checkpoint picker (+ launch id, "_", best checkpoint)
W_FINETUNE_SEND = "ft_w_send_"  # prefix of the "send to Compare" button (+ launch id)
# Training on Together AI (its own key and connection, next to the one above).
SS_TOGETHER_TYPED_KEY = "together_typed_key"  # a Together key typed for this session only (never stored)
SS_TOGETHER_CATALOG = "together_catalog"  # (key fingerprint, catalog): the base models Together can fine-tune
SS_TOGETHER_QUOTE = "together_quote"  # Together's last price estimate (with the choices it was made for)
W_TOGETHER_TYPED_KEY = "_w_together_key"  # the sidebar's Together key box
W_FINETUNE_PROVIDER = "ft_w_provider"  # where to train: the connection's provider or Together
W_TOGETHER_TEST = "ft_w_together_test"  # the "test the Together connection" button
W_TOGETHER_MODEL = "ft_w_together_model"  # Together's base model picker
W_TOGETHER_TYPE = "ft_w_together_type"  # LoRA or full training
W_TOGETHER_HP = "ft_w_together_hp_"  # prefix of Together's hyperparameter boxes (+ name)
W_TOGETHER_QUOTE = "ft_w_together_quote"  # the "get Together's price" button
W_TOGETHER_LAUNCH = "ft_w_together_launch"  # the "launch on Together" button
SS_TOGETHER_DEDICATED = "together_dedicated"  # {Together fine-tune: served only from a dedicated endpoint}
W_COMPARE_TOGETHER_ADD = "_w_compare_together_add"  # Compare's "add the Together fine-tune" button

# --- Compare (the page and core.ui.compare_*) -------------------------------------------------------------------
SS_COMPARE_SHOWN = "compare_shown"  # {project id: (newest comparison seen, comparison on screen)}
SS_COMPARE_REVEALED = "compare_revealed_vote"  # the vote just cast, whose names are now shown
SS_COMPARE_CONFIRM_REPLACE = "compare_confirm_replace"  # the vote waiting for "replace a person's answer?"
SS_COMPARE_ENDPOINT_KEYS = "compare_endpoint_keys"  # other endpoints' keys: this session's memory only, never stored
SS_COMPARE_ADHOC = "compare_adhoc_answers"  # the answers to the ad-hoc question
SS_COMPARE_ADHOC_JOB = "compare_adhoc_job"  # this session's ad-hoc job name; its random part keeps sessions apart
SS_COMPARE_ADHOC_ASKED = "compare_adhoc_asked"  # the contenders (uids) the running question went to, in order
W_COMPARE_CURRENT = "_w_compare_current"  # the comparison on screen
W_COMPARE_TAB = "_w_compare_tab"  # the open tab
W_COMPARE_MODELS = "_w_compare_models"  # the models picker
W_COMPARE_CONTENDER = "_w_contender_"  # prefix of a contender's prompt/price/remove widgets (+ uid, "_", field)
W_COMPARE_CUSTOM = "_w_custom_"  # prefix of the other endpoint's label/url/model boxes (+ field)
W_COMPARE_CUSTOM_KEY = "_w_custom_key"  # the other endpoint's API key box
W_COMPARE_CUSTOM_ADD = "_w_custom_add"  # the "add the other endpoint" button
W_COMPARE_ADHOC_QUESTION = "_w_adhoc_question"  # the ad-hoc question box
W_COMPARE_ADHOC_ASK = "_w_adhoc_ask"  # the "ask every contender" button
W_COMPARE_ADHOC_STOP = "_w_adhoc_stop"  # the ad-hoc question's stop button
W_COMPARE_SOURCE = "_w_compare_source"  # the question set's source (validation split or filter)
W_COMPARE_STATUSES = "_w_compare_statuses"  # the question set's status filter
W_COMPARE_TAG = "_w_compare_tag"  # the question set's tag filter
W_COMPARE_NAME = "_w_compare_name"  # the comparison's name box
W_COMPARE_RUN = "_w_compare_run"  # the "run the comparison" button
W_COMPARE_RESUME = "_w_compare_resume"  # the "resume the comparison" button
W_COMPARE_ANSWER = "compare_answer_"  # prefix of the blind answer boxes (+ side "a"/"b", never the model)
W_COMPARE_COMMENT = "_w_compare_comment_"  # prefix of the vote's comment box (+ votes cast so far)
W_COMPARE_VOTE = "_w_vote_"  # prefix of the vote buttons (+ choice)
W_COMPARE_TO_ROW = "_w_to_row_"  # prefix of "winner into a training row" (+ where it is drawn)
W_COMPARE_TO_DPO = "_w_to_dpo_"  # prefix of "winner/loser into a DPO pair" (+ where it is drawn)
W_COMPARE_REPLACE_YES = "_w_replace_yes_"  # prefix of "yes, replace the person's answer" (+ where it is drawn)
W_COMPARE_REPLACE_NO = "_w_replace_no_"  # prefix of "no, keep the person's answer" (+ where it is drawn)
W_COMPARE_WIN_RATES = "compare_win_rates"  # the win rate chart
W_COMPARE_DECISIVE = "_w_compare_decisive"  # the decisive vote picker
W_COMPARE_RUBRIC = "_w_compare_rubric"  # the judge's rubric box
W_COMPARE_JUDGE_MODEL = "_w_judge_model"  # the judge model picker
W_COMPARE_JUDGE_RUN = "_w_judge_run"  # the "run the judge" button
W_COMPARE_EXPORT_CSV = "_w_export_csv"  # the results' CSV download button
W_COMPARE_EXPORT_XLSX = "_w_export_xlsx"  # the results' Excel download button

# --- Documents (the page and core.ui.documents_panel) -------------------------------------------------------------
SS_DOCUMENTS_CACHE = "documents_cache"  # {uploaded file id: converted document or its problem}: a cache only
SS_DOCUMENTS_NONCE = "documents_nonce"  # bumped after documents are stored: a fresh, empty uploader
SS_DOCUMENTS_SIZE = "documents_chunk_size"  # the chunk size chosen (kept across page switches)
SS_DOCUMENTS_OVERLAP = "documents_chunk_overlap"  # the chunk overlap chosen (kept across page switches)
W_DOCUMENTS_UPLOAD = "_w_documents_upload_"  # prefix of the documents uploader (+ nonce)
W_DOCUMENTS_SIZE = "_w_documents_size"  # the chunk size box
W_DOCUMENTS_OVERLAP = "_w_documents_overlap"  # the chunk overlap box
SS_DOCUMENTS_REMOVING = "documents_removing"  # the stored document whose removal is being confirmed
W_DOCUMENTS_SAVE = "_w_documents_save"  # the "save these documents" button
W_DOCUMENTS_REMOVE = "_w_documents_remove_"  # prefix of each stored document's "remove" button (+ its id)
W_DOCUMENTS_REMOVE_YES = "_w_documents_remove_yes"  # "yes, remove it"
W_DOCUMENTS_REMOVE_NO = "_w_documents_remove_no"  # "keep it"
W_DOCUMENTS_MODEL = "_w_documents_model"  # the model that writes questions from chunks
W_DOCUMENTS_ALL_CHUNKS = "_w_documents_all_chunks"  # "questions from every chunk" tick box
W_DOCUMENTS_CHUNKS = "_w_documents_chunks"  # the chunks chosen when not all
W_DOCUMENTS_STYLE = "_w_documents_style"  # facts / how-to / customer
W_DOCUMENTS_PER_CHUNK = "_w_documents_per_chunk"  # questions per chunk
W_DOCUMENTS_GO = "_w_documents_go"  # the "write questions" button
W_DOCUMENTS_BATCH = "_w_documents_batch"  # "write the questions through the Batch API" tick box
W_DOCUMENTS_STOP = "_w_documents_stop"  # stop the live question-writing run
W_DOCUMENTS_BATCH_CANCEL = "_w_documents_batch_cancel_"  # prefix of a questions batch's cancel button (+ run id)
W_DOCUMENTS_REFUSAL = "_w_documents_refusal_"  # prefix of the refusal answer's box (+ project id)
W_DOCUMENTS_SCOPE_QUESTIONS = "_w_documents_scope_questions_"  # prefix of those questions' box (+ nonce)
W_DOCUMENTS_SCOPE_ADD = "_w_documents_scope_add"  # "add these questions with the refusal"
SS_DOCUMENTS_SCOPE_NONCE = "documents_scope_nonce"  # bumped after they are added: an empty questions box
