"""Names of the message roles the editor doesn't offer but can show (an imported message may have them)."""

STRINGS = {
    "curate.role_developer": {"en": "Developer (instructions)", "ko": "개발자 (지시)"},
    "curate.role_tool": {"en": "Tool result", "ko": "도구 결과"},
    "curate.role_function": {"en": "Function result (old form)", "ko": "함수 결과 (이전 형식)"},
}
