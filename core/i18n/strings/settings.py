"""Strings of the Connection (Settings) page and the fine-tuning preflight."""

STRINGS: dict[str, dict[str, str]] = {
    "settings.intro": {
        "en": "Tell the app where to send requests. Nothing here is saved to disk: the key stays in this "
        "browser tab's memory only.",
        "ko": "앱이 요청을 보낼 곳을 정합니다. 여기 입력한 내용은 디스크에 저장되지 않으며, "
        "키는 이 브라우저 탭의 메모리에만 있습니다.",
    },
    "settings.provider": {"en": "Provider", "ko": "제공자"},
    "settings.provider_help": {
        "en": "OpenAI, Azure OpenAI, or any server that speaks the OpenAI API (vLLM, a proxy, the local stand-in).",
        "ko": "OpenAI, Azure OpenAI, 또는 OpenAI API와 같은 방식으로 동작하는 서버(vLLM, 프록시, 로컬 대체 서버).",
    },
    "settings.provider_openai": {"en": "OpenAI", "ko": "OpenAI"},
    "settings.provider_azure": {"en": "Azure OpenAI", "ko": "Azure OpenAI"},
    "settings.provider_compatible": {"en": "Other OpenAI-compatible server", "ko": "기타 OpenAI 호환 서버"},
    "settings.key": {"en": "API key for this session", "ko": "이 세션에서 쓸 API 키"},
    "settings.key_help": {
        "en": "Kept in memory for this browser tab only; never saved, logged or shared. "
        "Leave empty to use the app's own key, if it has one.",
        "ko": "이 브라우저 탭의 메모리에만 있고 저장·기록·공유되지 않습니다. "
        "비워 두면 앱에 설정된 키가 있을 경우 그 키를 씁니다.",
    },
    "settings.key_forget": {"en": "Forget the typed key", "ko": "입력한 키 지우기"},
    "settings.key_forgotten": {
        "en": "The typed key is gone from this session.",
        "ko": "입력한 키를 이 세션에서 지웠습니다.",
    },
    "settings.base_url": {"en": "Base URL", "ko": "기본 URL"},
    "settings.base_url_help": {
        "en": "Leave empty for OpenAI. For another server, its address ending in “/v1”, "
        "e.g. http://127.0.0.1:8765/v1 for the local stand-in.",
        "ko": "OpenAI를 쓰면 비워 두세요. 다른 서버라면 “/v1”로 끝나는 주소를 넣으세요. "
        "예: 로컬 대체 서버는 http://127.0.0.1:8765/v1",
    },
    "settings.organization": {"en": "Organisation ID (optional)", "ko": "조직 ID (선택)"},
    "settings.organization_help": {
        "en": "Only if your key belongs to several organisations (org-…).",
        "ko": "키가 여러 조직에 속할 때만 입력하세요 (org-…).",
    },
    "settings.project": {"en": "Project ID (optional)", "ko": "프로젝트 ID (선택)"},
    "settings.project_help": {
        "en": "Only if you use OpenAI projects (proj_…).",
        "ko": "OpenAI 프로젝트를 쓰는 경우에만 입력하세요 (proj_…).",
    },
    "settings.azure_endpoint": {"en": "Azure endpoint", "ko": "Azure 엔드포인트"},
    "settings.azure_endpoint_help": {
        "en": "For example https://my-resource.openai.azure.com",
        "ko": "예: https://my-resource.openai.azure.com",
    },
    "settings.azure_api_version": {"en": "API version", "ko": "API 버전"},
    "settings.azure_api_version_help": {
        "en": "The api-version your Azure resource supports.",
        "ko": "Azure 리소스가 지원하는 api-version입니다.",
    },
    "settings.azure_deployments": {
        "en": "Deployment names (one per line: model = deployment)",
        "ko": "배포 이름 (한 줄에 하나: 모델 = 배포 이름)",
    },
    "settings.azure_deployments_help": {
        "en": "Azure names each model by the deployment you created, e.g. “gpt-4o-mini = my-mini”.",
        "ko": "Azure는 직접 만든 배포 이름으로 모델을 부릅니다. 예: “gpt-4o-mini = my-mini”.",
    },
    "settings.azure_bad_lines": {
        "en": "Lines {lines} are not “model = deployment” and were ignored.",
        "ko": "{lines}번째 줄은 “모델 = 배포 이름” 형식이 아니어서 무시했습니다.",
    },
    "settings.bad_url": {
        "en": "“{url}” is not a web address: it must start with http:// or https://.",
        "ko": "“{url}”은(는) 웹 주소가 아닙니다. http:// 또는 https://로 시작해야 합니다.",
    },
    "settings.test": {"en": "Test connection", "ko": "연결 테스트"},
    "settings.test_help": {
        "en": "Lists the models this key can use. Costs nothing.",
        "ko": "이 키로 쓸 수 있는 모델 목록을 가져옵니다. 비용이 들지 않습니다.",
    },
    "settings.models_list": {"en": "Models this key can use ({count})", "ko": "이 키로 쓸 수 있는 모델 ({count}개)"},
    "settings.check_ok": {
        "en": "It works: the connection answered and offers {count} models.",
        "ko": "연결되었습니다. 모델 {count}개를 쓸 수 있습니다.",
    },
    "settings.check_no_key": {
        "en": "There is no API key yet. Type one above (it stays in this tab), then test again.",
        "ko": "아직 API 키가 없습니다. 위에 키를 입력한 뒤(이 탭에만 보관됨) 다시 테스트하세요.",
    },
    "settings.check_bad_url": {
        "en": "The address is not a web address. It must start with http:// or https://; fix it and test again.",
        "ko": "주소 형식이 잘못되었습니다. http:// 또는 https://로 시작해야 합니다. 고친 뒤 다시 테스트하세요.",
    },
    "settings.check_missing_url": {
        "en": "Type the server's address first: the base URL for another server, the endpoint for Azure.",
        "ko": "먼저 서버 주소를 입력하세요. 기타 서버는 기본 URL, Azure는 엔드포인트입니다.",
    },
    "settings.preflight": {"en": "Fine-tuning preflight", "ko": "파인튜닝 사전 점검"},
    "settings.preflight_intro": {
        "en": "Check this before spending an hour curating: can this organisation still fine-tune, "
        "and on which models?",
        "ko": "한 시간 동안 데이터를 다듬기 전에 확인하세요. 이 조직이 아직 파인튜닝을 할 수 있는지, "
        "어떤 모델로 가능한지 알려 줍니다.",
    },
    "settings.preflight_run": {"en": "Check fine-tuning access", "ko": "파인튜닝 가능 여부 확인"},
    "settings.preflight_help": {
        "en": "Lists models and one fine-tuning job. Costs nothing.",
        "ko": "모델 목록과 파인튜닝 작업 하나를 조회합니다. 비용이 들지 않습니다.",
    },
    "settings.pre_yes": {
        "en": "Fine-tuning looks available: this key offers {count} fine-tunable base models. "
        "The final word is OpenAI accepting your first job.",
        "ko": "파인튜닝을 쓸 수 있는 것으로 보입니다. 이 키로 파인튜닝 가능한 기본 모델이 "
        "{count}개 있습니다. 최종 확인은 첫 작업이 받아들여질 때입니다.",
    },
    "settings.pre_no_models": {
        "en": "The connection works, but it offers none of the fine-tunable base models this app knows.",
        "ko": "연결은 되지만, 이 앱이 아는 파인튜닝 가능한 기본 모델이 하나도 없습니다.",
    },
    "settings.pre_refused": {
        "en": "A fine-tuning job was refused for this organisation on {at}: fine-tuning is not available here.",
        "ko": "{at}에 이 조직의 파인튜닝 작업이 거절되었습니다. 여기서는 파인튜닝을 쓸 수 없습니다.",
    },
    "settings.pre_refused_list": {
        "en": "This organisation can't use fine-tuning.",
        "ko": "이 조직은 파인튜닝을 쓸 수 없습니다.",
    },
    "settings.pre_no_ft_endpoint": {
        "en": "This server has no fine-tuning API. You can still generate, curate, export and compare.",
        "ko": "이 서버에는 파인튜닝 API가 없습니다. 생성, 검토, 내보내기, 비교는 그대로 할 수 있습니다.",
    },
    "settings.pre_unknown": {
        "en": "Fine-tuning access could not be checked. {reason}",
        "ko": "파인튜닝 가능 여부를 확인하지 못했습니다. {reason}",
    },
    "settings.pre_cutoff_passed": {
        "en": "OpenAI stopped accepting new fine-tuning jobs on {cutoff}.",
        "ko": "OpenAI는 {cutoff}부터 새 파인튜닝 작업을 받지 않습니다.",
    },
    "settings.pre_models": {
        "en": "Fine-tunable base models this key offers",
        "ko": "이 키로 파인튜닝 가능한 기본 모델",
    },
    "settings.pre_col_model": {"en": "Model", "ko": "모델"},
    "settings.pre_col_dpo": {"en": "Preference (DPO) training", "ko": "선호도(DPO) 학습"},
    "settings.pre_col_retirement": {"en": "Retires on", "ko": "지원 종료일"},
    "settings.pre_col_days": {"en": "Days left", "ko": "남은 일수"},
    "settings.pre_no_retirement": {"en": "not announced", "ko": "발표 없음"},
    "settings.pre_not_offered": {"en": "Not offered to this key: {models}", "ko": "이 키로는 쓸 수 없음: {models}"},
    "settings.refusal_forget": {"en": "Forget the refusal and check again", "ko": "거절 기록을 지우고 다시 확인"},
    "settings.checked_at": {"en": "Checked {when}.", "ko": "{when}에 확인했습니다."},
}
