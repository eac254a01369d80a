"""Strings for the project in the URL, language-proof widgets, Korean particles and plain wording."""

STRINGS = {
    "urlstate.project_missing": {
        "en": "The link opens project #{id}, which doesn't exist (any more). Pick a project in the sidebar.",
        "ko": "이 링크의 프로젝트(#{id})가 없습니다. 삭제되었을 수 있습니다. 사이드바에서 프로젝트를 고르세요.",
    },
    "urlstate.project_pick_placeholder": {
        "en": "Choose a project",
        "ko": "프로젝트를 고르세요",
    },
    "plainfix.showing_none": {
        "en": "No rows match the filters · {all} in the project",
        "ko": "필터에 맞는 행이 없습니다 · 프로젝트 전체 {all}개",
    },
    "hosting.keep_intro": {
        "en": "Download your project as one file to keep a copy or move it, and import it again later "
        "(here or on another computer). The file never contains your API key.",
        "ko": "프로젝트를 파일 하나로 내려받아 보관하거나 옮기고, 나중에(여기서든 다른 컴퓨터에서든) 다시 가져오세요. "
        "파일에는 API 키가 절대 들어가지 않습니다.",
    },
    "hosting.cloud_notice": {
        "en": "This app runs on Streamlit Community Cloud, whose disk is temporary: a restart can erase the "
        "workspace. Download your project as one file now and then, or ask the app's owner to give it a free "
        "database (README, “Keep your work on Community Cloud”).",
        "ko": "이 앱은 Streamlit Community Cloud에서 실행 중이며, 이곳의 디스크는 임시 저장소입니다. 다시 시작되면 "
        "작업 공간이 지워질 수 있으니 가끔 프로젝트를 파일 하나로 내려받아 두거나, 앱 소유자에게 무료 데이터베이스를 "
        "연결해 달라고 하세요(README의 “Keep your work on Community Cloud”).",
    },
    "hosting.file_leaves_out": {
        "en": "Not in the file: fine-tuning jobs, comparisons and votes (they stay in this workspace).",
        "ko": "파일에 들어가지 않는 것: 파인튜닝 작업, 모델 비교와 투표(이 작업 공간에만 남습니다).",
    },
    "questions.problem.document_file": {
        "en": "“{file}” is a {kind} document. This step takes questions as a CSV, an Excel .xlsx, a JSONL or a text "
        "file. To make questions and answers from a document, upload it on Documents; or copy the questions into "
        "a spreadsheet, or choose “Paste text” and paste them, one per line.",
        "ko": "“{file}”은(는) {kind} 문서입니다. 이 단계에서는 질문을 CSV, 엑셀 .xlsx, JSONL, 텍스트 파일로 받습니다. "
        "문서로 질문과 답변을 만들려면 [문서]에서 올려 주세요. 또는 질문을 표로 옮기거나, ‘텍스트 붙여 넣기’를 골라 "
        "한 줄에 하나씩 붙여 넣으세요.",
    },
    "plainfix.price_source": {
        "en": "OpenAI pricing page (fine-tuning and model prices), as recorded by Fine-tune Studio",
        "ko": "OpenAI 가격 페이지(파인튜닝·모델 가격), Fine-tune Studio가 기록한 값",
    },
    "plainfix.limit_source": {
        "en": "OpenAI fine-tuning guide (token limits per training example)",
        "ko": "OpenAI 파인튜닝 가이드(학습 예시 하나당 토큰 한도)",
    },
}
