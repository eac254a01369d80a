"""The owner's key on a shared app: bound to the owner's endpoint, a daily budget, one spend gate."""

STRINGS: dict[str, dict[str, str]] = {
    "owner.key_elsewhere": {
        "en": "The app's own key is only sent to the app's own endpoint: for this provider or address, "
              "type your own API key in the sidebar.",
        "ko": "앱의 키는 앱에 설정된 엔드포인트로만 보내집니다. 이 제공자나 주소를 쓰려면 사이드바에 "
              "본인의 API 키를 입력하세요."},
    "api_errors.key_bound_elsewhere": {
        "en": "The app's own key is only sent to the app's own endpoint. To call another provider or address, "
              "type your own API key in the sidebar.",
        "ko": "앱의 키는 앱에 설정된 엔드포인트로만 보내집니다. 다른 제공자나 주소를 호출하려면 사이드바에 "
              "본인의 API 키를 입력하세요."},
    "owner.custom_needs_key": {
        "en": "Another endpoint never gets the app's key: type that endpoint's own key below.",
        "ko": "다른 엔드포인트에는 앱의 키를 보내지 않습니다. 아래에 그 엔드포인트의 키를 입력하세요."},
    "share.password_throttled_you": {
        "en": "Too many wrong passwords from this browser just now. Wait a minute, then try again.",
        "ko": "방금 이 브라우저에서 틀린 비밀번호가 너무 많이 입력되었습니다. 1분 뒤에 다시 시도하세요."},
}
