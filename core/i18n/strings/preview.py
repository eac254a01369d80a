"""Strings of the Preview & export page, the validation report and the `python -m core validate` CLI."""

STRINGS: dict[str, dict[str, str]] = {
    # --- Problems: what is wrong and how to fix it (page and CLI) ---------------
    "validate.data_type": {
        "en": 'The line is not a JSON object. Each line must be one object like {"messages": [...]}.',
        "ko": '이 줄은 JSON 객체가 아닙니다. 각 줄은 {"messages": [...]} 같은 객체 하나여야 합니다.',
    },
    "validate.missing_messages_list": {
        "en": 'No "messages" list (or it is empty). Add the conversation as a list of messages.',
        "ko": '"messages" 목록이 없거나 비어 있습니다. 대화를 메시지 목록으로 넣으세요.',
    },
    "validate.message_missing_key": {
        "en": 'A message lacks "role" or "content" (a tool message also needs "tool_call_id"). Add the missing key.',
        "ko": '메시지에 "role" 또는 "content"가 없습니다(tool 메시지는 "tool_call_id"도 필요). 빠진 키를 넣으세요.',
    },
    "validate.message_unrecognized_key": {
        "en": "A message has a key OpenAI doesn't accept. Keep only role, content, name, weight, tool_calls, tool_call_id.",
        "ko": "메시지에 OpenAI가 받지 않는 키가 있습니다. role, content, name, weight, tool_calls, tool_call_id만 남기세요.",
    },
    "validate.unrecognized_role": {
        "en": "A message has an unknown role. Use system, developer, user, assistant or tool.",
        "ko": "알 수 없는 role이 있습니다. system, developer, user, assistant, tool 중 하나를 쓰세요.",
    },
    "validate.missing_content": {
        "en": "A message has empty or blank content. Write the text, or remove the message.",
        "ko": "내용이 비어 있거나 공백뿐인 메시지가 있습니다. 내용을 쓰거나 메시지를 지우세요.",
    },
    "validate.example_missing_assistant_message": {
        "en": "The example has no assistant answer, so there is nothing to learn. Write or generate the answer.",
        "ko": "어시스턴트 답변이 없어 학습할 내용이 없습니다. 답변을 쓰거나 생성하세요.",
    },
    "validate.invalid_json": {
        "en": "The line is not valid JSON. Fix the quotes and brackets, or remove the line.",
        "ko": "올바른 JSON이 아닌 줄입니다. 따옴표와 괄호를 고치거나 줄을 지우세요.",
    },
    "validate.invalid_tool_calls": {
        "en": '"tool_calls" is malformed or not on an assistant message. Each call needs id, type and function.name.',
        "ko": '"tool_calls" 형식이 틀렸거나 assistant 메시지에 있지 않습니다. 각 호출에 id, type, function.name이 필요합니다.',
    },
    "validate.tool_call_arguments_not_json": {
        "en": 'A tool call\'s "arguments" must be a JSON string, e.g. "{\\"city\\": \\"Seoul\\"}".',
        "ko": '도구 호출의 "arguments"는 JSON 문자열이어야 합니다. 예: "{\\"city\\": \\"Seoul\\"}".',
    },
    "validate.invalid_tools": {
        "en": '"tools" must be a list of {"type": "function", "function": {"name": ...}}.',
        "ko": '"tools"는 {"type": "function", "function": {"name": ...}} 목록이어야 합니다.',
    },
    "validate.invalid_parallel_tool_calls": {
        "en": '"parallel_tool_calls" must be true or false.',
        "ko": '"parallel_tool_calls"는 true 또는 false여야 합니다.',
    },
    "validate.invalid_weight": {
        "en": '"weight" must be 0 or 1 and may only be set on assistant messages.',
        "ko": '"weight"는 0 또는 1이어야 하며 assistant 메시지에만 쓸 수 있습니다.',
    },
    "validate.invalid_name": {
        "en": '"name" must be a non-empty text.',
        "ko": '"name"은 비어 있지 않은 텍스트여야 합니다.',
    },
    "validate.dpo_missing_input": {
        "en": 'A preference (DPO) line needs "input": {"messages": [...]}.',
        "ko": '선호도(DPO) 줄에는 "input": {"messages": [...]}가 필요합니다.',
    },
    "validate.dpo_invalid_output": {
        "en": '"preferred_output" and "non_preferred_output" must each hold exactly one assistant message.',
        "ko": '"preferred_output"과 "non_preferred_output"에는 각각 assistant 메시지가 정확히 하나 있어야 합니다.',
    },
    "validate.mixed_formats": {
        "en": "The file mixes chat lines and preference (DPO) lines. Keep one kind per file.",
        "ko": "대화 줄과 선호도(DPO) 줄이 섞여 있습니다. 파일 하나에는 한 종류만 두세요.",
    },
    "validate.special_tokens": {
        "en": "The text contains a special token such as <|endoftext|> or <|fim_suffix|>; training jobs fail on these. Remove it.",
        "ko": "<|endoftext|>나 <|fim_suffix|> 같은 특수 토큰이 들어 있어 학습이 실패합니다. 지우세요.",
    },
    "validate.too_few_examples": {
        "en": "OpenAI needs at least {minimum} training examples. Approve or add more examples.",
        "ko": "OpenAI는 학습 예시가 최소 {minimum}개 필요합니다. 예시를 더 승인하거나 추가하세요.",
    },
    "validate.file_too_large": {
        "en": "The file is larger than OpenAI's 512 MB upload limit. Split it or remove examples.",
        "ko": "파일이 OpenAI 업로드 한도(512MB)보다 큽니다. 나누거나 예시를 줄이세요.",
    },
    "validate.missing_system": {
        "en": "No system message. Fine, but a system prompt usually makes training work better.",
        "ko": "시스템 메시지가 없습니다. 가능하지만 시스템 프롬프트가 있으면 보통 학습이 더 잘 됩니다.",
    },
    "validate.missing_user": {
        "en": "No user message. Check that the question was not lost.",
        "ko": "사용자 메시지가 없습니다. 질문이 빠지지 않았는지 확인하세요.",
    },
    "validate.over_token_limit": {
        "en": "Longer than the model's limit of {limit} tokens: it will be cut off. Shorten it.",
        "ko": "모델 한도({limit} 토큰)보다 깁니다. 잘려서 학습되니 줄이세요.",
    },
    "validate.duplicate_examples": {
        "en": "Exact duplicate of an earlier example. Remove it so it doesn't count twice.",
        "ko": "앞의 예시와 완전히 같습니다. 두 번 학습되지 않도록 지우세요.",
    },
    "validate.leakage": {
        "en": "The same question is in both training and validation, so the validation score is too optimistic. Draw a new split or edit the question.",
        "ko": "같은 질문이 학습과 검증 양쪽에 있어 검증 점수가 실제보다 좋게 나옵니다. 분할을 다시 하거나 질문을 고치세요.",
    },
    "validate.unrecognized_example_key": {
        "en": "The line has a top-level key OpenAI ignores or rejects. Keep messages, tools and parallel_tool_calls.",
        "ko": "OpenAI가 무시하거나 거부하는 최상위 키가 있습니다. messages, tools, parallel_tool_calls만 두세요.",
    },
    "validate.blank_lines": {
        "en": "Blank line: remove empty lines from the file.",
        "ko": "빈 줄이 있습니다. 파일에서 빈 줄을 지우세요.",
    },
    # --- Files we can't read at all ---------------------------------------------
    "validate.unreadable.not_found": {
        "en": "Can't open {path}: {reason}. Check the file name.",
        "ko": "{path} 파일을 열 수 없습니다: {reason}. 파일 이름을 확인하세요.",
    },
    "validate.unreadable.not_utf8": {
        "en": "{path}, line {line}: the text is not UTF-8 (perhaps saved as CP949/EUC-KR). Save the file as UTF-8 and try again.",
        "ko": "{path} {line}번째 줄: 텍스트가 UTF-8이 아닙니다(CP949/EUC-KR로 저장된 듯합니다). UTF-8로 저장한 뒤 다시 시도하세요.",
    },
    "validate.unreadable.pretty_json": {
        "en": "{path} is pretty-printed JSON, not JSONL: each example must be one object on one line. Re-save it with one object per line.",
        "ko": "{path}은(는) 줄바꿈된 JSON이지 JSONL이 아닙니다. 예시마다 객체 하나를 한 줄에 써야 합니다. 한 줄에 하나씩 다시 저장하세요.",
    },
    "validate.unreadable.not_jsonl": {
        "en": "{path} has no JSON line at all: it is not a JSONL file. Export one JSON object per line.",
        "ko": "{path}에는 JSON 줄이 하나도 없습니다. JSONL 파일이 아닙니다. 줄마다 JSON 객체 하나로 내보내세요.",
    },
    # --- Report (CLI and page) ---------------------------------------------------
    "validate.ready": {
        "en": "Ready to upload: {n} examples, no blocking errors, {warnings} warnings.",
        "ko": "업로드 준비 완료: 예시 {n}개, 막는 오류 없음, 경고 {warnings}개.",
    },
    "validate.not_ready": {
        "en": "Not ready: {errors} blocking errors and {warnings} warnings in {n} examples.",
        "ko": "아직 준비 안 됨: 예시 {n}개 중 막는 오류 {errors}개, 경고 {warnings}개.",
    },
    "validate.errors_heading": {"en": "Blocking errors", "ko": "막는 오류"},
    "validate.warnings_heading": {"en": "Warnings", "ko": "경고"},
    "validate.count": {"en": "{count}×", "ko": "{count}건"},
    "validate.where_lines": {"en": "lines {where}", "ko": "{where}번째 줄"},
    "validate.where_examples": {"en": "examples {where}", "ko": "예시 {where}"},
    "validate.tokens_line": {
        "en": "Tokens ({encoding}): total {total}, per example min {min} / median {median} / max {max}; assistant tokens total {assistant}.",
        "ko": "토큰({encoding}): 합계 {total}, 예시당 최소 {min} / 중앙값 {median} / 최대 {max}; 어시스턴트 토큰 합계 {assistant}.",
    },
    "validate.estimate_flag": {
        "en": "ESTIMATE: the tokenizer could not be loaded (offline?), so token counts and cost are approximate.",
        "ko": "추정치: 토크나이저를 불러오지 못해(오프라인?) 토큰 수와 비용은 대략값입니다.",
    },
    "validate.cost_line": {
        "en": "{epochs} epochs × ≈{billed} billed tokens → about ${cost} at ${price}/1M tokens ({model}, price of {date}).",
        "ko": "{epochs} 에포크 × 과금 토큰 약 {billed}개 → 약 ${cost} (100만 토큰당 ${price}, {model}, {date} 기준 가격).",
    },
    # --- CLI -----------------------------------------------------------------------
    "cli.description": {"en": "Fine-tune Studio command line.", "ko": "Fine-tune Studio 명령줄 도구."},
    "cli.validate_help": {
        "en": "Check a fine-tuning JSONL file: format, tokens and cost.",
        "ko": "파인튜닝 JSONL 파일의 형식, 토큰, 비용을 검사합니다.",
    },
    # --- Page -------------------------------------------------------------------
    "preview.model": {"en": "Base model", "ko": "기본 모델"},
    "preview.model_help": {
        "en": "Its tokenizer, token limit and training price are used below.",
        "ko": "아래 계산에 이 모델의 토크나이저, 토큰 한도, 학습 가격을 씁니다.",
    },
    "preview.epochs": {"en": "Epochs (0 = automatic)", "ko": "에포크(0 = 자동)"},
    "preview.epochs_help": {
        "en": "Automatic follows OpenAI's default: about 3, more for small datasets.",
        "ko": "자동은 OpenAI 기본값을 따릅니다: 보통 3, 데이터가 적으면 더 많이.",
    },
    "preview.checking": {
        "en": "Checking every example, counting tokens…",
        "ko": "모든 예시를 검사하고 토큰을 세는 중…",
    },
    "preview.no_examples": {
        "en": "No approved examples yet. Approve answers on the Curate page first.",
        "ko": "아직 승인된 예시가 없습니다. 먼저 ‘검토·편집’에서 답변을 승인하세요.",
    },
    "preview.open_in_curate": {"en": "Open #{id} in Curate", "ko": "검토·편집에서 #{id} 열기"},
    "preview.show_examples": {"en": "Show the examples ({n})", "ko": "해당 예시 보기 ({n})"},
    "preview.more_refs": {"en": "…and {n} more", "ko": "…외 {n}개"},
    "preview.metric_examples": {"en": "Training examples", "ko": "학습 예시"},
    "preview.metric_tokens": {"en": "Tokens", "ko": "토큰"},
    "preview.metric_epochs": {"en": "Epochs", "ko": "에포크"},
    "preview.metric_cost": {"en": "Estimated cost", "ko": "예상 비용"},
    "preview.distributions": {"en": "Distributions", "ko": "분포"},
    "preview.chart_tokens": {"en": "Tokens per example", "ko": "예시당 토큰"},
    "preview.chart_messages": {"en": "Messages per example", "ko": "예시당 메시지"},
    "preview.chart_assistant": {"en": "Assistant (trained) tokens per example", "ko": "예시당 어시스턴트(학습) 토큰"},
    "preview.chart_limit": {"en": "limit {limit}", "ko": "한도 {limit}"},
    "preview.chart_count": {"en": "examples", "ko": "예시 수"},
    "preview.sees": {"en": "What the model sees", "ko": "모델이 보는 내용"},
    "preview.sees_caption": {
        "en": "The first examples of the training file, exactly as they will be uploaded.",
        "ko": "학습 파일의 첫 예시들을 업로드될 모습 그대로 보여 줍니다.",
    },
    "preview.jsonl_lines": {"en": "The exact JSONL lines", "ko": "정확한 JSONL 줄"},
    "preview.split": {"en": "Train / validation split", "ko": "학습 / 검증 분할"},
    "preview.valid_ratio": {"en": "Validation share", "ko": "검증 비율"},
    "preview.seed": {"en": "Seed", "ko": "시드"},
    "preview.seed_help": {
        "en": "The same seed always gives the same split.",
        "ko": "같은 시드는 항상 같은 분할을 만듭니다.",
    },
    "preview.approved_only": {"en": "Approved examples only", "ko": "승인된 예시만"},
    "preview.make_split": {"en": "Draw and save the split", "ko": "분할을 만들어 저장"},
    "preview.split_saved": {
        "en": "Split #{id} saved: {train} training, {valid} validation examples.",
        "ko": "분할 #{id} 저장: 학습 {train}개, 검증 {valid}개.",
    },
    "preview.split_current": {
        "en": "Split #{id} ({date}): {train} training, {valid} validation. The fine-tune uploads exactly this.",
        "ko": "분할 #{id} ({date}): 학습 {train}개, 검증 {valid}개. 파인튜닝은 정확히 이 분할을 올립니다.",
    },
    "preview.split_stale": {
        "en": "The examples changed since this split was drawn. Draw it again before fine-tuning.",
        "ko": "분할 이후 예시가 바뀌었습니다. 파인튜닝 전에 다시 분할하세요.",
    },
    "preview.no_split": {
        "en": "No split saved yet: everything below uses all approved examples for training.",
        "ko": "저장된 분할이 없습니다. 아래는 승인된 예시 전부를 학습용으로 계산합니다.",
    },
    "preview.downloads": {"en": "Downloads", "ko": "내려받기"},
    "preview.downloads_caption": {
        "en": "Each file is built when you click its button.",
        "ko": "각 파일은 버튼을 누를 때 만들어집니다.",
    },
    "preview.dl_train": {"en": "train.jsonl", "ko": "train.jsonl"},
    "preview.dl_valid": {"en": "valid.jsonl", "ko": "valid.jsonl"},
    "preview.dl_dpo": {"en": "DPO pairs (dpo.jsonl)", "ko": "DPO 쌍 (dpo.jsonl)"},
    "preview.dl_csv": {"en": "Dataset as CSV", "ko": "데이터셋 CSV"},
    "preview.dl_xlsx": {"en": "Dataset as Excel", "ko": "데이터셋 엑셀"},
    "preview.dl_hf": {"en": "HF chat JSONL", "ko": "HF 채팅 JSONL"},
    "preview.dl_hf_help": {
        "en": 'The {"messages": [...]} format TRL, Unsloth and Together read.',
        "ko": 'TRL, Unsloth, Together가 읽는 {"messages": [...]} 형식입니다.',
    },
    "preview.no_dpo": {
        "en": "No preference pairs yet (edit answers or pick variants to create them).",
        "ko": "아직 선호도 쌍이 없습니다(답변을 고치거나 변형을 고르면 생깁니다).",
    },
    "preview.prices": {"en": "Prices and limits", "ko": "가격과 한도"},
    "preview.prices_caption": {
        "en": "US dollars per 1M training tokens. Edit a figure if OpenAI's price changed; it is saved for this project at once.",
        "ko": "학습 토큰 100만 개당 미국 달러입니다. OpenAI 가격이 바뀌었다면 고치세요. 이 프로젝트에 바로 저장됩니다.",
    },
    "preview.col_model": {"en": "Model", "ko": "모델"},
    "preview.col_price_date": {"en": "Price date", "ko": "가격 기준일"},
    "preview.col_training_price_per_1m": {"en": "Training $/1M", "ko": "학습 $/100만"},
    "preview.col_max_example_tokens": {"en": "Token limit per example", "ko": "예시당 토큰 한도"},
    "preview.col_limit_date": {"en": "Limit date", "ko": "한도 기준일"},
    "preview.col_supports_sft": {"en": "SFT", "ko": "SFT"},
    "preview.col_supports_dpo": {"en": "DPO", "ko": "DPO"},
    "preview.sources": {"en": "Sources: {prices} · {limits}", "ko": "출처: {prices} · {limits}"},
    "preview.prices_saved": {"en": "Prices saved for this project.", "ko": "이 프로젝트의 가격을 저장했습니다."},
    # One-line help for each setting.
    "preview.valid_ratio_help": {
        "en": "The share of examples kept aside to check the model, not to train it.",
        "ko": "학습에 쓰지 않고 모델 점검용으로 떼어 둘 예시의 비율입니다.",
    },
    "preview.approved_only_help": {
        "en": "Use only examples you approved in Curate; untick to include drafts too.",
        "ko": "Curate에서 승인한 예시만 씁니다. 해제하면 초안도 포함합니다.",
    },
}
