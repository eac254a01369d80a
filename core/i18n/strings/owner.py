"""The owner's key on a shared app: bound to the owner's endpoint, a daily budget, one spend gate."""

STRINGS: dict[str, dict[str, str]] = {
    "owner.key_elsewhere": {
        "en": "The app's own key is only sent to the app's own endpoint: for this provider or address, "
        "type your own API key in the sidebar.",
        "ko": "앱의 키는 앱에 설정된 엔드포인트로만 보내집니다. 이 제공자나 주소를 쓰려면 사이드바에 "
        "본인의 API 키를 입력하세요.",
    },
    "api_errors.key_bound_elsewhere": {
        "en": "The app's own key is only sent to the app's own endpoint. To call another provider or address, "
        "type your own API key in the sidebar.",
        "ko": "앱의 키는 앱에 설정된 엔드포인트로만 보내집니다. 다른 제공자나 주소를 호출하려면 사이드바에 "
        "본인의 API 키를 입력하세요.",
    },
    "owner.custom_needs_key": {
        "en": "Another endpoint never gets the app's key: type that endpoint's own key below.",
        "ko": "다른 엔드포인트에는 앱의 키를 보내지 않습니다. 아래에 그 엔드포인트의 키를 입력하세요.",
    },
    "share.password_throttled_you": {
        "en": "Too many wrong passwords from this browser just now. Wait a minute, then try again.",
        "ko": "방금 이 브라우저에서 틀린 비밀번호가 너무 많이 입력되었습니다. 1분 뒤에 다시 시도하세요.",
    },
    "spend.highest_cost": {"en": "Highest possible cost: {usd}", "ko": "최대 예상 비용: {usd}"},
    "spend.cost_unknown": {
        "en": "Highest possible cost: unknown (a price is missing).",
        "ko": "최대 예상 비용: 알 수 없음(가격 정보가 없습니다).",
    },
    "spend.confirm": {
        "en": "I understand this may cost up to {usd}.",
        "ko": "최대 {usd}의 비용이 들 수 있음을 확인했습니다.",
    },
    "spend.confirm_unknown": {
        "en": "I understand the cost of this is not known in advance.",
        "ko": "이 작업의 비용을 미리 알 수 없음을 확인했습니다.",
    },
    "spend.confirm_help": {
        "en": "Asked for every action whose highest possible cost is above the app's threshold.",
        "ko": "최대 예상 비용이 앱의 기준 금액보다 큰 작업마다 확인을 받습니다.",
    },
    "spend.over_budget": {
        "en": "This could cost up to {usd}, but only {left} is left of today's budget on the app's key. "
        "Try fewer rows, or type your own API key in the sidebar.",
        "ko": "이 작업은 최대 {usd}이(가) 들 수 있지만, 앱 키의 오늘 예산은 {left}만 남았습니다. "
        "행 수를 줄이거나 사이드바에 본인의 API 키를 입력하세요.",
    },
    "spend.unknown_cost_refused": {
        "en": "The app's key has a daily budget, and the price of a model here is unknown. Enter its price, "
        "or type your own API key in the sidebar.",
        "ko": "앱 키에는 하루 예산이 있는데 여기 모델의 가격을 알 수 없습니다. 가격을 입력하거나 "
        "사이드바에 본인의 API 키를 입력하세요.",
    },
    "spend.over_budget_now": {
        "en": "Today's budget on the app's key was used up just now by another action. Nothing was started.",
        "ko": "방금 다른 작업이 앱 키의 오늘 예산을 다 썼습니다. 아무것도 시작하지 않았습니다.",
    },
    "spend.today": {"en": "Spent today on the app's key (UTC): {usd}", "ko": "오늘 앱 키로 쓴 금액(UTC 기준): {usd}"},
    "spend.today_of": {
        "en": "Spent today on the app's key (UTC): {usd} of {budget}",
        "ko": "오늘 앱 키로 쓴 금액(UTC 기준): {budget} 중 {usd}",
    },
}
