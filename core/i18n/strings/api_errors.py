"""Plain-language API errors: what went wrong and what to do next (see core/providers/api_errors.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "api_errors.invalid_key": {
        "en": "The API key was not accepted. Check that you copied the whole key (it starts with “sk-”), "
        "or create a new one on the provider's API keys page and enter it on the Connection page.",
        "ko": "API 키가 받아들여지지 않았습니다. 키 전체(“sk-”로 시작)를 복사했는지 확인하거나, "
        "제공자의 API 키 페이지에서 새 키를 만들어 연결 설정 페이지에 입력하세요.",
    },
    "api_errors.no_quota": {
        "en": "Your account has run out of credit or hit its spending limit. Add credit or raise the limit "
        "in the provider's billing settings, then try again.",
        "ko": "계정의 크레딧이 모자라거나 사용 한도에 도달했습니다. 제공자의 결제 설정에서 크레딧을 "
        "충전하거나 한도를 올린 뒤 다시 시도하세요.",
    },
    "api_errors.rate_limited": {
        "en": "Too many requests at once for your account's rate limit. The app waits and retries by itself; "
        "if it keeps happening, lower the speed (requests per minute) and try again.",
        "ko": "계정의 속도 제한보다 요청이 많습니다. 앱이 잠시 기다렸다가 스스로 다시 시도합니다. "
        "계속되면 속도(분당 요청 수)를 낮추고 다시 시도하세요.",
    },
    "api_errors.forbidden": {
        "en": "This key is not allowed to do this. Check the key's permissions and the organisation or project "
        "it belongs to, or ask your account's owner for access.",
        "ko": "이 키로는 이 작업을 할 권한이 없습니다. 키의 권한과 소속 조직·프로젝트를 확인하거나 "
        "계정 소유자에게 권한을 요청하세요.",
    },
    "api_errors.ft_not_available": {
        "en": "Fine-tuning is not available for this organisation. You can still export your dataset for "
        "another trainer, use Azure OpenAI, or compare against a model you already have.",
        "ko": "이 조직에서는 파인튜닝을 사용할 수 없습니다. 데이터셋을 내보내 다른 학습 도구에서 쓰거나, "
        "Azure OpenAI를 쓰거나, 이미 가진 모델과 비교할 수 있습니다.",
    },
    "api_errors.not_found": {
        "en": "The model, file or job was not found. Check its name (for Azure: the deployment name) "
        "and that it belongs to this key's organisation.",
        "ko": "모델, 파일 또는 작업을 찾을 수 없습니다. 이름(Azure는 배포 이름)이 맞는지, "
        "이 키의 조직에 속하는지 확인하세요.",
    },
    "api_errors.bad_request": {
        "en": "The service refused this request as invalid. Check the highlighted settings or data and try again.",
        "ko": "서비스가 이 요청을 잘못된 요청으로 거절했습니다. 표시된 설정이나 데이터를 확인하고 다시 시도하세요.",
    },
    "api_errors.server_error": {
        "en": "The service had a temporary problem on its side. Nothing was lost; try again in a minute.",
        "ko": "서비스 쪽에 일시적인 문제가 생겼습니다. 잃어버린 데이터는 없으니 잠시 후 다시 시도하세요.",
    },
    "api_errors.timeout": {
        "en": "The service took too long to answer. Nothing was lost; try again, or lower the speed if it repeats.",
        "ko": "서비스 응답이 너무 오래 걸렸습니다. 잃어버린 데이터는 없으니 다시 시도하고, 반복되면 속도를 낮추세요.",
    },
    "api_errors.unreachable": {
        "en": "The app could not reach the service. Check your internet connection and the base URL "
        "on the Connection page.",
        "ko": "서비스에 연결할 수 없습니다. 인터넷 연결과 연결 설정 페이지의 기본 URL을 확인하세요.",
    },
    "api_errors.wrong_base_url": {
        "en": "Something answered at this address, but it is not an OpenAI-compatible API. Check the base URL "
        "on the Connection page (it usually ends in “/v1”), or leave it empty to use OpenAI.",
        "ko": "이 주소에서 응답이 왔지만 OpenAI 호환 API가 아닙니다. 연결 설정 페이지의 기본 URL"
        "(보통 “/v1”로 끝남)을 확인하거나, OpenAI를 쓰려면 비워 두세요.",
    },
    "api_errors.unknown": {
        "en": "Something unexpected went wrong while talking to the service. Nothing was lost; try again, "
        "and if it repeats, check the Connection page.",
        "ko": "서비스와 통신하는 중 예상치 못한 문제가 생겼습니다. 잃어버린 데이터는 없으니 다시 시도하고, "
        "반복되면 연결 설정 페이지를 확인하세요.",
    },
    "api_errors.retry_after": {
        "en": "The service asked to wait about {seconds} s.",
        "ko": "서비스가 약 {seconds}초 기다려 달라고 했습니다.",
    },
    "api_errors.server_said": {"en": "(The service said: “{detail}”)", "ko": "(서비스 메시지: “{detail}”)"},
    "api_errors.status_code": {"en": "(HTTP status {status})", "ko": "(HTTP 상태 {status})"},
}
