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
}
