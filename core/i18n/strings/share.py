"""Strings for sharing the app: the owner's-key password and the guided first run."""

STRINGS: dict[str, dict[str, str]] = {
    # The spend gate in the sidebar's key area
    "share.locked_caption": {
        "en": "This app's own key is locked. Type the app password to use it, or type your own key above.",
        "ko": "이 앱의 키는 잠겨 있습니다. 앱 비밀번호를 입력하거나 위에 본인의 키를 입력하세요.",
    },
    "share.password": {"en": "App password", "ko": "앱 비밀번호"},
    "share.password_help": {
        "en": "The person who shared this app set a password so that only people they trust spend on their key. "
        "It unlocks this browser tab only.",
        "ko": "앱을 공유한 사람이 정한 비밀번호입니다. 믿을 수 있는 사람만 그 키로 비용을 쓰게 합니다. "
        "이 브라우저 탭에서만 잠금이 풀립니다.",
    },
    "share.password_wrong": {
        "en": "That password is not right. Try again, or type your own API key above.",
        "ko": "비밀번호가 맞지 않습니다. 다시 입력하거나 위에 본인의 API 키를 입력하세요.",
    },
    "share.password_throttled": {
        "en": "Too many wrong passwords were tried on this app just now. Wait a minute, then try again.",
        "ko": "방금 이 앱에서 틀린 비밀번호가 너무 많이 입력되었습니다. 1분 뒤에 다시 시도하세요.",
    },
    "share.unlocked": {"en": "The app's key is unlocked for this tab.", "ko": "이 탭에서 앱의 키 잠금이 풀렸습니다."},
    "share.lock_again": {"en": "Lock again", "ko": "다시 잠그기"},
    "share.lock_again_help": {
        "en": "Stop using the app's key in this tab until the password is typed again.",
        "ko": "비밀번호를 다시 입력할 때까지 이 탭에서 앱의 키를 쓰지 않습니다.",
    },
    "share.locked_notice": {
        "en": "This step costs money on the app's own key, which is locked. Type the app password in the sidebar, "
        "or type your own API key there.",
        "ko": "이 단계는 앱의 키로 비용이 듭니다. 키가 잠겨 있으니 사이드바에서 앱 비밀번호를 입력하거나 "
        "본인의 API 키를 입력하세요.",
    },
    "share.no_key_notice": {
        "en": "This step needs an API key. Type yours in the sidebar; it stays in this tab's memory only.",
        "ko": "이 단계에는 API 키가 필요합니다. 사이드바에 입력하세요. 이 탭의 메모리에만 보관됩니다.",
    },
    # The guided first run on the home page
    "share.guide_intro": {
        "en": "You don't need an API key to look around: importing, editing, checking and exporting are free.",
        "ko": "둘러보는 데는 API 키가 필요 없습니다. 가져오기, 편집, 검증, 내보내기는 무료입니다.",
    },
    "share.guide_sample_title": {"en": "1 · Open the sample project", "ko": "1 · 예제 프로젝트 열기"},
    "share.guide_sample_why": {
        "en": "Forty café-founder questions with both system prompts already set. Use it to see every step "
        "before you bring your own data.",
        "ko": "생성용·학습용 시스템 프롬프트가 설정된 카페 창업 질문 40개입니다. 내 데이터를 가져오기 전에 "
        "모든 단계를 미리 살펴볼 수 있습니다.",
    },
    "share.guide_import_title": {"en": "2 · Import your own file", "ko": "2 · 내 파일 가져오기"},
    "share.guide_import_why": {
        "en": "Bring the questions your model should learn to answer: a CSV or Excel file (Korean Excel "
        "files are fine), or JSONL. A new project is created for them.",
        "ko": "모델이 답하도록 배울 질문을 가져오세요. CSV나 엑셀 파일(한글 엑셀 파일도 됩니다) 또는 "
        "JSONL 파일을 쓸 수 있습니다. 이 질문들을 담을 새 프로젝트가 만들어집니다.",
    },
    "share.guide_project_name": {"en": "Name of the new project", "ko": "새 프로젝트 이름"},
    "share.guide_project_name_help": {
        "en": "A short name you will recognise, for example “Café adviser”.",
        "ko": "알아보기 쉬운 짧은 이름, 예: “카페 상담사”.",
    },
    "share.guide_project_default": {"en": "My first project", "ko": "첫 프로젝트"},
    "share.guide_create_and_import": {"en": "Create it and go to Questions", "ko": "만들고 ‘질문’으로 가기"},
    "share.guide_key_title": {"en": "Later · Add an API key", "ko": "나중에 · API 키 추가"},
    "share.guide_key_why": {
        "en": "Only generating answers, fine-tuning and comparing models call the API. When you get there, "
        "type your key in the sidebar; it is kept in this tab's memory and never saved.",
        "ko": "답변 생성, 파인튜닝, 모델 비교만 API를 호출합니다. 그 단계에서 사이드바에 키를 입력하세요. "
        "이 탭의 메모리에만 있고 저장되지 않습니다.",
    },
    # "How it works" one-liners for pages that had none yet
    "share.howto_preview": {
        "en": "How it works: every approved example is checked the way OpenAI checks a training file (format, "
        "token limits, cost); a line that would be refused links to the row in Curate. When it says ready, "
        "download the files or go on to Fine-tune.",
        "ko": "작동 방식: 승인한 예시를 OpenAI가 학습 파일을 검사하는 방식(형식, 토큰 한도, 비용)으로 확인합니다. "
        "거부될 줄은 ‘검토·편집’의 해당 행으로 연결됩니다. 준비 완료가 뜨면 파일을 내려받거나 파인튜닝으로 가세요.",
    },
    "share.howto_finetune": {
        "en": "How it works: the app uploads the checked files, starts a training job and follows it in the "
        "background; the chart fills in while it trains, even if you leave this page. The finished model "
        "appears on Compare.",
        "ko": "작동 방식: 검사한 파일을 올리고 학습 작업을 시작한 뒤 백그라운드에서 지켜봅니다. 학습하는 동안 "
        "차트가 채워지며, 이 페이지를 떠나도 계속됩니다. 완성된 모델은 ‘비교’에 나타납니다.",
    },
}
