"""Strings for working safely on a shared app: jobs started with another key, the team's projects, the trash."""

STRINGS: dict[str, dict[str, str]] = {
    # Background jobs and the key that started them
    "safety.other_key": {
        "en": "This job was started with another API key. You can watch it, but only that key (or the app's owner, "
        "with the app password) can continue, check, pause or cancel it.",
        "ko": "이 작업은 다른 API 키로 시작되었습니다. 진행 상황은 볼 수 있지만, 이어서 하기·확인·일시 정지·취소는 "
        "그 키(또는 앱 비밀번호를 입력한 앱 소유자)만 할 수 있습니다.",
    },
    "safety.take_over_cost": {
        "en": "I take this job over with my own key; what is left costs up to ${cost} on my key.",
        "ko": "제 키로 이 작업을 넘겨받습니다. 남은 작업에 제 키로 최대 ${cost}의 비용이 듭니다.",
    },
    "safety.take_over_watch": {
        "en": "I take this job over with my own key. Checking on it costs nothing; it only works if my key belongs "
        "to the account that started the job.",
        "ko": "제 키로 이 작업을 넘겨받습니다. 상태 확인에는 비용이 들지 않으며, 제 키가 작업을 시작한 계정의 "
        "키일 때만 확인할 수 있습니다.",
    },
    "safety.take_over": {"en": "Take over with my key", "ko": "제 키로 넘겨받기"},
    "safety.take_over_help": {
        "en": "From then on this job runs on your key, and its first key can no longer control it.",
        "ko": "이후로는 이 작업이 내 키로 진행되며, 처음 시작한 키로는 더 이상 제어할 수 없습니다.",
    },
    "safety.taken_over": {"en": "The job now runs on your key.", "ko": "이제 이 작업은 내 키로 진행됩니다."},
    "safety.no_key_to_control": {
        "en": "Type your API key in the sidebar to continue, pause or cancel this job.",
        "ko": "이 작업을 이어서 하거나 일시 정지·취소하려면 사이드바에 API 키를 입력하세요.",
    },
    "safety.poll_failed": {
        "en": "The last check on this job failed ({when} UTC): {reason}",
        "ko": "이 작업의 마지막 확인이 실패했습니다({when} UTC): {reason}",
    },
    "safety.job_other_key_row": {"en": "Started with another key: {jobs}", "ko": "다른 키로 시작된 작업: {jobs}"},
    # The team's projects while an app password is set
    "safety.team_read_only": {
        "en": "This is the team's project: you can look around, but changing it needs the app password (sidebar). "
        "To work with your own file and key, make your own project or open your own copy of the sample.",
        "ko": "팀의 프로젝트입니다. 둘러볼 수는 있지만 바꾸려면 앱 비밀번호(사이드바)가 필요합니다. "
        "내 파일과 키로 작업하려면 내 프로젝트를 만들거나 예제 사본을 여세요.",
    },
    "safety.own_project": {
        "en": "Your own project: only this browser tab sees it.",
        "ko": "내 프로젝트입니다. 이 브라우저 탭에서만 보입니다.",
    },
    "safety.new_is_own": {
        "en": "Without the app password, a new project is your own: only this browser tab sees it.",
        "ko": "앱 비밀번호 없이 만든 새 프로젝트는 내 프로젝트가 되어 이 브라우저 탭에서만 보입니다.",
    },
    "safety.manage_locked": {
        "en": "Renaming or deleting the team's project needs the app password.",
        "ko": "팀 프로젝트의 이름을 바꾸거나 삭제하려면 앱 비밀번호가 필요합니다.",
    },
    "safety.password_for_projects": {
        "en": "Changing the team's projects needs the app password.",
        "ko": "팀의 프로젝트를 바꾸려면 앱 비밀번호가 필요합니다.",
    },
    "safety.moved_to_trash": {
        "en": "“{name}” is in the trash on Home. You can restore it there for {days} days.",
        "ko": "“{name}”을(를) 홈의 휴지통으로 옮겼습니다. {days}일 동안 그곳에서 되살릴 수 있습니다.",
    },
    "safety.delete_confirm_help": {
        "en": "Tick this to unlock the delete button. The project goes to the trash on Home for {days} days.",
        "ko": "삭제 버튼을 쓰려면 체크하세요. 프로젝트는 {days}일 동안 홈의 휴지통에 보관됩니다.",
    },
    "store.project_name_in_trash": {
        "en": "A project called “{name}” is in the trash on Home. Restore it there, or pick another name.",
        "ko": "“{name}” 프로젝트가 홈의 휴지통에 있습니다. 그곳에서 되살리거나 다른 이름을 고르세요.",
    },
    # The trash on Home
    "safety.trash_title": {"en": "Trash", "ko": "휴지통"},
    "safety.trash_intro": {
        "en": "Deleted projects stay here for {days} days, then they are gone for good.",
        "ko": "삭제한 프로젝트는 {days}일 동안 이곳에 보관된 뒤 완전히 지워집니다.",
    },
    "safety.trash_row": {"en": "**{name}** · deleted {when} UTC", "ko": "**{name}** · {when} UTC에 삭제"},
    "safety.restore": {"en": "Restore", "ko": "되살리기"},
    "safety.restore_help": {
        "en": "Bring the project back with all its examples, runs and jobs.",
        "ko": "프로젝트를 예제·실행 기록·작업과 함께 되살립니다.",
    },
    "safety.delete_forever": {"en": "Delete forever", "ko": "영구 삭제"},
    "safety.delete_forever_help": {
        "en": "Remove the project and everything in it for good. This can't be undone.",
        "ko": "프로젝트와 그 안의 모든 것을 완전히 지웁니다. 되돌릴 수 없습니다.",
    },
    "safety.delete_forever_locked": {
        "en": "Deleting the team's projects forever needs the app password.",
        "ko": "팀 프로젝트를 영구 삭제하려면 앱 비밀번호가 필요합니다.",
    },
    "safety.restored": {"en": "“{name}” is back.", "ko": "“{name}”을(를) 되살렸습니다."},
    "safety.purged": {"en": "“{name}” was deleted for good.", "ko": "“{name}”을(를) 완전히 삭제했습니다."},
    # The rows' trash and waiting machine answers on Curate
    "safety.rows_trash": {"en": "Deleted rows ({count})", "ko": "삭제한 행 ({count}개)"},
    "safety.rows_trash_intro": {
        "en": "Rows deleted here wait {days} days before they are gone for good. Pick the ones to bring back.",
        "ko": "여기서 삭제한 행은 {days}일 동안 보관된 뒤 완전히 지워집니다. 되살릴 행을 고르세요.",
    },
    "safety.rows_pick": {"en": "Rows to restore", "ko": "되살릴 행"},
    "safety.rows_pick_help": {
        "en": "Each row shows its number and the start of its question.",
        "ko": "각 행의 번호와 질문 앞부분이 보입니다.",
    },
    "safety.rows_restore": {"en": "Restore {count} rows", "ko": "{count}개 행 되살리기"},
    "safety.rows_restored": {"en": "{count} rows restored.", "ko": "{count}개 행을 되살렸습니다."},
    "safety.rows_delete_confirm": {
        "en": "Delete {count} examples? They go to this project's trash (below the table) for {days} days.",
        "ko": "예시 {count}개를 삭제할까요? 이 프로젝트의 휴지통(표 아래)에 {days}일 동안 보관됩니다.",
    },
    "safety.col_waiting": {"en": "New answer", "ko": "새 답변"},
    "safety.col_waiting_help": {
        "en": "⏳: a machine answer arrived after someone edited or reviewed this row. It waits among the row's "
        "variants; open the row to pick it or keep the current answer.",
        "ko": "⏳: 누군가 이 행을 수정하거나 검토한 뒤에 기계 답변이 도착했습니다. 답변 후보에 보관되어 있으니 "
        "행을 열어 고르거나 지금 답변을 유지하세요.",
    },
    "safety.filter_waiting": {"en": "New answer waiting", "ko": "새 답변 대기"},
    "safety.filter_waiting_help": {
        "en": "Show only rows where a machine answer arrived after a person changed the row.",
        "ko": "사람이 행을 바꾼 뒤에 기계 답변이 도착한 행만 보여 줍니다.",
    },
    "safety.waiting_note": {
        "en": "A newer machine answer arrived after this row was edited or reviewed, so it did not replace the "
        "answer. It waits among the variants: pick it, or keep the current answer.",
        "ko": "이 행을 수정하거나 검토한 뒤에 더 새로운 기계 답변이 도착해서 답변을 바꾸지 않았습니다. "
        "답변 후보에 보관되어 있으니 고르거나 지금 답변을 유지하세요.",
    },
    "safety.keep_mine": {"en": "Keep the current answer", "ko": "지금 답변 유지"},
    "safety.keep_mine_help": {
        "en": "The waiting answer stays among the variants; the marker goes away.",
        "ko": "대기 중인 답변은 후보로 남고 표시만 사라집니다.",
    },
}
