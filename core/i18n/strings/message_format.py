"""Names of the message roles the editor doesn't offer but can show (an imported message may have them).

Short on purpose: the role picker is a narrow column.
"""

STRINGS = {
    "curate.role_developer": {"en": "Developer", "ko": "개발자"},
    "curate.role_tool": {"en": "Tool", "ko": "도구"},
    "curate.role_function": {"en": "Function", "ko": "함수"},
}
