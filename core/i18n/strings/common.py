"""Strings shared by every page: navigation, sidebar, store errors, home."""

STRINGS: dict[str, dict[str, str]] = {
    # Navigation
    "nav.home": {"en": "Home", "ko": "홈"},
    "nav.questions": {"en": "Questions", "ko": "질문"},
    "nav.generate": {"en": "Generate", "ko": "답변 생성"},
    "nav.curate": {"en": "Curate", "ko": "검토·편집"},
    "nav.preview": {"en": "Preview & export", "ko": "검증·내보내기"},
    "nav.finetune": {"en": "Fine-tune", "ko": "파인튜닝"},
    "nav.compare": {"en": "Compare", "ko": "비교"},
    "nav.settings": {"en": "Connection", "ko": "연결 설정"},
    # Sidebar
    "sidebar.project": {"en": "Project", "ko": "프로젝트"},
    "sidebar.project_pick": {"en": "Current project", "ko": "현재 프로젝트"},
    "sidebar.project_pick_help": {
        "en": "Everything you do is saved in this project at once.",
        "ko": "모든 작업은 이 프로젝트에 바로 저장됩니다.",
    },
    "sidebar.no_projects": {
        "en": "No project yet. Create one or open the sample.",
        "ko": "아직 프로젝트가 없습니다. 새로 만들거나 예제를 여세요.",
    },
    "sidebar.new_project": {"en": "New project", "ko": "새 프로젝트"},
    "sidebar.new_project_name": {"en": "Name", "ko": "이름"},
    "sidebar.new_project_help": {
        "en": "A short name, for example “Café adviser”.",
        "ko": "짧은 이름, 예: “카페 상담사”.",
    },
    "sidebar.create": {"en": "Create", "ko": "만들기"},
    "sidebar.open_sample": {"en": "Open the café sample project", "ko": "카페 예제 프로젝트 열기"},
    "sidebar.open_sample_help": {
        "en": "Forty café-founder questions with ready system prompts: try every step.",
        "ko": "카페 창업 질문 40개와 시스템 프롬프트가 들어 있어 모든 단계를 바로 해 볼 수 있습니다.",
    },
    "sidebar.manage_project": {"en": "Rename or delete", "ko": "이름 변경·삭제"},
    "sidebar.rename_to": {"en": "New name", "ko": "새 이름"},
    "sidebar.rename": {"en": "Rename", "ko": "이름 변경"},
    "sidebar.delete_confirm": {
        "en": "Yes, delete “{name}” and all its examples",
        "ko": "네, “{name}”과(와) 모든 예시를 삭제합니다",
    },
    "sidebar.delete": {"en": "Delete project", "ko": "프로젝트 삭제"},
    "sidebar.created": {"en": "Project “{name}” created.", "ko": "프로젝트 “{name}”을(를) 만들었습니다."},
    "sidebar.renamed": {"en": "Renamed to “{name}”.", "ko": "“{name}”(으)로 이름을 바꿨습니다."},
    "sidebar.deleted": {"en": "Project “{name}” deleted.", "ko": "프로젝트 “{name}”을(를) 삭제했습니다."},
    "sidebar.sample_opened": {"en": "The café sample project is open.", "ko": "카페 예제 프로젝트를 열었습니다."},
    "sidebar.language": {"en": "Language", "ko": "언어"},
    "sidebar.language_help": {"en": "The language of the app's screens.", "ko": "앱 화면의 언어입니다."},
    "sidebar.key_from_session": {
        "en": "API key: typed for this session ({masked})",
        "ko": "API 키: 이 세션에서 입력함 ({masked})",
    },
    "sidebar.key_from_secrets": {
        "en": "API key: from the app's secrets ({masked})",
        "ko": "API 키: 앱 secrets에서 ({masked})",
    },
    "sidebar.key_from_environment": {
        "en": "API key: from the environment / .env ({masked})",
        "ko": "API 키: 환경 변수 / .env에서 ({masked})",
    },
    "sidebar.key_none": {
        "en": "No API key: you can still import, curate, validate and export.",
        "ko": "API 키 없음: 가져오기, 검토, 검증, 내보내기는 할 수 있습니다.",
    },
    "sidebar.type_key": {"en": "API key for this session", "ko": "이 세션에서 쓸 API 키"},
    "sidebar.type_key_help": {
        "en": "Kept in memory for this browser tab only; never saved or shared.",
        "ko": "이 브라우저 탭의 메모리에만 있고 저장·공유되지 않습니다.",
    },
    # Store errors shown to users
    "store.project_name_empty": {"en": "Please type a project name.", "ko": "프로젝트 이름을 입력하세요."},
    "store.project_name_taken": {
        "en": "A project called “{name}” already exists. Pick another name.",
        "ko": "“{name}” 프로젝트가 이미 있습니다. 다른 이름을 고르세요.",
    },
    "store.workspace_too_new": {
        "en": "This workspace was written by a newer version of the app (schema {version}). Update the app.",
        "ko": "이 작업 공간은 더 새로운 버전의 앱으로 만들어졌습니다(스키마 {version}). 앱을 업데이트하세요.",
    },
    # Common
    "common.no_project": {
        "en": "Open or create a project first (sidebar, or the home page).",
        "ko": "먼저 프로젝트를 열거나 만드세요(사이드바 또는 홈 화면).",
    },
    "common.go_home": {"en": "Go to the home page", "ko": "홈으로 가기"},
    "status.draft": {"en": "Draft", "ko": "초안"},
    "status.approved": {"en": "Approved", "ko": "승인"},
    "status.rejected": {"en": "Rejected", "ko": "거절"},
    # Home
    "home.title": {"en": "Fine-tune Studio", "ko": "Fine-tune Studio"},
    "home.intro": {
        "en": "Build a fine-tuning dataset in your browser, then train and test a model with it.",
        "ko": "브라우저에서 파인튜닝 데이터셋을 만들고, 그것으로 모델을 학습하고 시험하세요.",
    },
    "home.workflow": {
        "en": "1. **Questions**: import a CSV, Excel or JSONL file, or paste questions.\n"
        "2. **Generate**: let a model draft the answers (needs an API key).\n"
        "3. **Curate**: edit, approve or reject each answer.\n"
        "4. **Preview & export**: check format, tokens and cost; download the files.\n"
        "5. **Fine-tune**: launch a training job and watch its charts.\n"
        "6. **Compare**: put the base and the fine-tuned model side by side.",
        "ko": "1. **질문**: CSV, 엑셀, JSONL 파일을 가져오거나 질문을 붙여 넣습니다.\n"
        "2. **답변 생성**: 모델이 답변 초안을 씁니다(API 키 필요).\n"
        "3. **검토·편집**: 답변을 고치고 승인하거나 거절합니다.\n"
        "4. **검증·내보내기**: 형식, 토큰, 비용을 확인하고 파일을 내려받습니다.\n"
        "5. **파인튜닝**: 학습 작업을 시작하고 차트를 봅니다.\n"
        "6. **비교**: 기본 모델과 파인튜닝된 모델을 나란히 비교합니다.",
    },
    "home.where_you_are": {"en": "Where you are in “{name}”", "ko": "“{name}” 진행 상황"},
    "home.total": {"en": "Examples", "ko": "전체 예시"},
    "home.start_title": {"en": "Start here", "ko": "여기서 시작하세요"},
    "home.start_sample": {
        "en": "**Try the sample**: forty café-founder questions, ready for every step.",
        "ko": "**예제로 해 보기**: 카페 창업 질문 40개로 모든 단계를 해 볼 수 있습니다.",
    },
    "home.start_import": {
        "en": "**Or bring your own file**: create a project in the sidebar, then import on Questions.",
        "ko": "**내 파일로 시작하기**: 사이드바에서 프로젝트를 만든 뒤 ‘질문’에서 가져오세요.",
    },
    "home.next_step": {"en": "Next step", "ko": "다음 단계"},
    "home.next_import": {"en": "Import questions", "ko": "질문 가져오기"},
    "home.next_curate": {"en": "Review the answers", "ko": "답변 검토하기"},
    "home.next_preview": {"en": "Check and export the dataset", "ko": "데이터셋 검증·내보내기"},
    # One-line help for each setting.
    "sidebar.rename_help": {
        "en": "The new name for this project; its examples stay as they are.",
        "ko": "이 프로젝트의 새 이름입니다. 예시는 그대로 남습니다.",
    },
    "sidebar.delete_confirm_help": {
        "en": "Tick this to unlock the delete button. Deleting cannot be undone.",
        "ko": "체크하면 삭제 버튼을 누를 수 있습니다. 삭제는 되돌릴 수 없습니다.",
    },
}
