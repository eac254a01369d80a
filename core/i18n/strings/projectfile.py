"""Strings of the one-file project export/import ("Keep your work" on the home page)."""

STRINGS: dict[str, dict[str, str]] = {
    "projectfile.title": {"en": "Keep your work", "ko": "작업 보관하기"},
    "projectfile.intro": {
        "en": "On Streamlit Community Cloud the disk is temporary: download your project as one file now and then, "
        "and import it again later (here or on another computer). The file never contains your API key.",
        "ko": "Streamlit Community Cloud의 디스크는 임시 저장소입니다. 가끔 프로젝트를 파일 하나로 내려받아 두었다가 "
        "나중에(여기서든 다른 컴퓨터에서든) 다시 가져오세요. 파일에는 API 키가 절대 들어가지 않습니다.",
    },
    "projectfile.download": {"en": "Download “{name}” as one file", "ko": "“{name}”을(를) 파일 하나로 내려받기"},
    "projectfile.download_help": {
        "en": "Settings, documents with their chunks, examples (with the chunk each came from and its groundedness "
        "check), tags, statuses, answer history, variants, preference pairs and splits.",
        "ko": "설정, 문서와 그 조각, 예시(각 예시를 만든 조각과 근거 확인 결과 포함), 태그, 상태, 답변 기록, 변형 답변, "
        "선호 쌍, 데이터 분할이 모두 들어 있습니다.",
    },
    "projectfile.upload": {
        "en": "Import a project file (.zip or .json)",
        "ko": "프로젝트 파일 가져오기(.zip 또는 .json)",
    },
    "projectfile.upload_help": {
        "en": "It is added as a new project; nothing you have now is changed.",
        "ko": "새 프로젝트로 추가되며, 지금 있는 것은 바뀌지 않습니다.",
    },
    "projectfile.import_button": {"en": "Import as a new project", "ko": "새 프로젝트로 가져오기"},
    "projectfile.imported": {
        "en": "Imported “{name}”: {examples} examples, {history} answer versions. It is now the open project.",
        "ko": "“{name}”을(를) 가져왔습니다: 예시 {examples}개, 답변 버전 {history}개. 지금 열려 있는 프로젝트입니다.",
    },
    "projectfile.renamed": {
        "en": "A project called “{old}” already existed, so this one is called “{name}”.",
        "ko": "“{old}” 프로젝트가 이미 있어서 이 프로젝트의 이름을 “{name}”(으)로 했습니다.",
    },
    "projectfile.error": {
        "en": "“{file}” can't be imported: {reason}",
        "ko": "“{file}”을(를) 가져올 수 없습니다: {reason}",
    },
    "projectfile.error_empty": {"en": "the file is empty.", "ko": "파일이 비어 있습니다."},
    "projectfile.error_not_a_project": {
        "en": "it is not a Fine-tune Studio project file. Pick a file downloaded with “Download … as one file”.",
        "ko": "Fine-tune Studio 프로젝트 파일이 아닙니다. “파일 하나로 내려받기”로 받은 파일을 고르세요.",
    },
    "projectfile.error_dataset_not_project": {
        "en": "this looks like a dataset (JSONL), not a project file. Import datasets on the Questions page.",
        "ko": "프로젝트 파일이 아니라 데이터셋(JSONL)으로 보입니다. 데이터셋은 ‘질문’ 페이지에서 가져오세요.",
    },
    "projectfile.error_zip_without_project": {
        "en": "the zip has no project.json inside. Pick the zip the app downloaded, unchanged.",
        "ko": "zip 안에 project.json이 없습니다. 앱에서 내려받은 zip을 그대로 고르세요.",
    },
    "projectfile.error_damaged_zip": {
        "en": "the zip file is damaged or incomplete. Download it again.",
        "ko": "zip 파일이 손상되었거나 덜 받아졌습니다. 다시 내려받으세요.",
    },
    "projectfile.error_too_large": {
        "en": "it is too large to be a project file.",
        "ko": "프로젝트 파일이라기엔 너무 큽니다.",
    },
    "projectfile.error_too_new": {
        "en": "it was made by a newer version of the app (format {version}; this app reads up to {supported}). "
        "Update the app, then import it.",
        "ko": "더 새로운 버전의 앱으로 만든 파일입니다(형식 {version}, 이 앱은 {supported}까지 읽음). "
        "앱을 업데이트한 뒤 가져오세요.",
    },
    "projectfile.error_damaged": {
        "en": "the file is damaged (problem at “{where}”). Nothing was imported; try a fresh download.",
        "ko": "파일이 손상되었습니다(“{where}” 부분). 아무것도 가져오지 않았으니 새로 내려받아 보세요.",
    },
    "projectfile.error_busy": {
        "en": "the workspace was busy with another change. Nothing was imported; try again.",
        "ko": "작업 공간이 다른 변경으로 바빴습니다. 아무것도 가져오지 않았으니 다시 시도하세요.",
    },
    "projectfile.error_no_project": {"en": "the project no longer exists.", "ko": "프로젝트가 더 이상 없습니다."},
}
