"""Where the workspace is kept: the local file or the team database, and what happens when that database is away."""

STRINGS = {
    "database.unreachable": {
        "en": "The team database ({where}) can't be reached right now. Nothing was lost: "
        "what was saved before is still there, and nothing was half-written.",
        "ko": "지금 팀 데이터베이스({where})에 연결할 수 없습니다. 잃어버린 것은 없습니다. "
        "앞서 저장한 내용은 그대로 있고, 반쯤 저장된 것도 없습니다.",
    },
    "database.unreachable_what_now": {
        "en": "This page tries again every few seconds and carries on by itself when the database is back. "
        "If it stays away, check the database's dashboard (a free database may be paused) or the URL in the app's secrets.",
        "ko": "이 페이지는 몇 초마다 다시 연결을 시도하고, 데이터베이스가 돌아오면 저절로 이어집니다. "
        "계속 연결되지 않으면 데이터베이스 관리 화면(무료 데이터베이스는 일시 중지될 수 있습니다)이나 "
        "앱 secrets의 URL을 확인하세요.",
    },
    "database.still_trying": {
        "en": "Still trying to reach the database…",
        "ko": "데이터베이스에 계속 연결을 시도하는 중…",
    },
    "database.save_refused": {
        "en": "Not saved: the database can't be reached right now. Your change was not written; "
        "do it again when the database is back.",
        "ko": "저장하지 못했습니다: 지금 데이터베이스에 연결할 수 없습니다. 변경 내용은 기록되지 않았으니 "
        "데이터베이스가 돌아오면 다시 해 주세요.",
    },
    "database.on_file": {
        "en": "Your work is kept in this computer's workspace file.",
        "ko": "작업 내용은 이 컴퓨터의 작업 공간 파일에 보관됩니다.",
    },
    "database.on_server": {
        "en": "Your work is kept in the team database ({where}): it survives restarts of the app.",
        "ko": "작업 내용은 팀 데이터베이스({where})에 보관됩니다. 앱이 다시 시작되어도 남아 있습니다.",
    },
    "database.copy_title": {
        "en": "Move the local workspace into the team database",
        "ko": "로컬 작업 공간을 팀 데이터베이스로 옮기기",
    },
    "database.copy_explain": {
        "en": "The workspace file {path} is still on this computer. Copy everything in it into the team database. "
        "It can be run again safely: what is already there is skipped, nothing is duplicated, and each table is "
        "checked afterwards (row count and content).",
        "ko": "작업 공간 파일 {path}이(가) 아직 이 컴퓨터에 있습니다. 그 안의 모든 내용을 팀 데이터베이스로 복사합니다. "
        "여러 번 실행해도 안전합니다. 이미 있는 것은 건너뛰고 중복되지 않으며, 끝나면 테이블마다(행 수와 내용) 확인합니다.",
    },
    "database.copy_button": {"en": "Copy into the team database", "ko": "팀 데이터베이스로 복사"},
    "database.copy_help": {
        "en": "Reads the local file and writes only what the team database doesn't have yet.",
        "ko": "로컬 파일을 읽고, 팀 데이터베이스에 아직 없는 것만 씁니다.",
    },
    "database.copy_done": {
        "en": "Copied and checked: every table matches.",
        "ko": "복사하고 확인했습니다. 모든 테이블이 일치합니다.",
    },
    "database.copy_failed": {
        "en": "The copy did not finish or doesn't match; the report below says which table and why.",
        "ko": "복사가 끝나지 않았거나 일치하지 않습니다. 아래 보고서에 어느 테이블인지와 이유가 있습니다.",
    },
    "store.database_unavailable": {
        "en": "The team database ({where}) can't be reached right now; nothing was written. Try again in a moment.",
        "ko": "지금 팀 데이터베이스({where})에 연결할 수 없어 아무것도 기록하지 않았습니다. 잠시 뒤 다시 해 주세요.",
    },
}
