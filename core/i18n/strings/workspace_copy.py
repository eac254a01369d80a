"""Strings of ``python -m core workspace copy``."""

STRINGS = {
    "workspace_copy.help": {"en": "Work with the workspace database.", "ko": "작업 공간 데이터베이스를 다룹니다."},
    "workspace_copy.copy_help": {
        "en": "Copy the SQLite workspace into a database server (PostgreSQL); safe to run again.",
        "ko": "SQLite 작업 공간을 데이터베이스 서버(PostgreSQL)로 복사합니다. 다시 실행해도 안전합니다.",
    },
    "workspace_copy.to_help": {
        "en": "target database URL, e.g. postgresql+psycopg://user:password@host/dbname",
        "ko": "대상 데이터베이스 URL (예: postgresql+psycopg://user:password@host/dbname)",
    },
    "workspace_copy.from_help": {
        "en": "SQLite workspace file to copy (default: the app's workspace)",
        "ko": "복사할 SQLite 작업 공간 파일 (기본값: 앱의 작업 공간)",
    },
    "workspace_copy.start": {"en": "Copying {source} → {target}", "ko": "{source} → {target} 복사 중"},
    "workspace_copy.col_table": {"en": "table", "ko": "테이블"},
    "workspace_copy.col_source": {"en": "source", "ko": "원본"},
    "workspace_copy.col_copied": {"en": "copied", "ko": "복사됨"},
    "workspace_copy.col_skipped": {"en": "skipped", "ko": "건너뜀"},
    "workspace_copy.col_target": {"en": "target", "ko": "대상"},
    "workspace_copy.col_check": {"en": "check", "ko": "검사"},
    "workspace_copy.same": {"en": "same", "ko": "일치"},
    "workspace_copy.differs": {"en": "DIFFERS", "ko": "불일치"},
    "workspace_copy.all_match": {
        "en": "All {tables} tables match (row counts and content hashes): {copied} rows copied, {skipped} already"
        " there and skipped.",
        "ko": "테이블 {tables}개가 모두 일치합니다(행 수와 내용 해시). {copied}개 행을 복사했고,"
        " 이미 있던 {skipped}개 행은 건너뛰었습니다.",
    },
    "workspace_copy.mismatch": {
        "en": "These tables differ between the workspace and the target: {tables}. The target already held other"
        " rows, or the workspace changed during the copy. Nothing was deleted; check the target, then run"
        " the copy again.",
        "ko": "다음 테이블이 작업 공간과 대상에서 서로 다릅니다: {tables}. 대상에 다른 행이 이미 있었거나 복사하는 동안"
        " 작업 공간이 바뀌었습니다. 삭제된 것은 없습니다. 대상을 확인한 뒤 다시 복사하세요.",
    },
    "workspace_copy.no_source": {
        "en": "There is no workspace file at {path}. Name the file with --from.",
        "ko": "{path}에 작업 공간 파일이 없습니다. --from으로 파일을 지정하세요.",
    },
    "workspace_copy.bad_url": {
        "en": "{url} is not a database URL. Write it as postgresql+psycopg://user:password@host/dbname.",
        "ko": "{url}은(는) 데이터베이스 URL이 아닙니다."
        " postgresql+psycopg://user:password@host/dbname 형식으로 쓰세요.",
    },
    "workspace_copy.unreachable": {
        "en": "Could not use the database at {url}: {reason}",
        "ko": "{url}의 데이터베이스를 사용할 수 없습니다: {reason}",
    },
    "workspace_copy.conflict": {
        "en": "The copy stopped: the target already holds a different row that clashes with one being copied"
        " ({reason}). Nothing in your workspace was changed.",
        "ko": "복사를 멈췄습니다. 대상에 복사하려는 행과 충돌하는 다른 행이 이미 있습니다({reason}). 작업 공간은 바뀌지"
        " 않았습니다.",
    },
}
