"""Strings of the Compare page."""

STRINGS: dict[str, dict[str, str]] = {
    "compare.intro": {
        "en": "Is the fine-tuned model really better on your questions? Pick two or more models, ask them the same "
        "questions, vote blind, and turn the verdicts back into training data.",
        "ko": "파인튜닝한 모델이 내 질문에서 정말 더 나을까요? 모델을 두 개 이상 골라 같은 질문을 하고, "
        "이름을 가린 채 평가한 뒤, 그 결과를 다시 학습 데이터로 만드세요.",
    },
    "compare.no_key": {
        "en": "No API key yet: you can look at earlier comparisons and vote, but asking models needs a key.",
        "ko": "아직 API 키가 없습니다. 이전 비교를 보고 평가할 수는 있지만, 모델에 질문하려면 키가 필요합니다.",
    },
    "compare.go_settings": {"en": "Set up the connection", "ko": "연결 설정하기"},
    # Contenders
    "compare.contenders": {"en": "Contenders", "ko": "비교 대상"},
    "compare.pick": {"en": "Models to compare", "ko": "비교할 모델"},
    "compare.pick_help": {
        "en": "Your project's fine-tuned models and checkpoints come first, then the base models. "
        "You can also type any model or checkpoint name and press Enter.",
        "ko": "프로젝트의 파인튜닝 모델과 체크포인트가 먼저, 그다음 기본 모델이 나옵니다. "
        "모델이나 체크포인트 이름을 직접 입력하고 Enter를 눌러도 됩니다.",
    },
    "compare.add_custom": {"en": "Add a model on another endpoint", "ko": "다른 엔드포인트의 모델 추가"},
    "compare.custom_help": {
        "en": "Any OpenAI-compatible server, e.g. vLLM or Ollama (http://localhost:11434/v1).",
        "ko": "OpenAI 호환 서버면 됩니다. 예: vLLM, Ollama (http://localhost:11434/v1).",
    },
    "compare.custom_label": {"en": "Name shown", "ko": "표시 이름"},
    "compare.custom_url": {"en": "Base URL", "ko": "기본 URL"},
    "compare.custom_model": {"en": "Model name", "ko": "모델 이름"},
    "compare.custom_key": {
        "en": "API key for this endpoint (kept for this session only)",
        "ko": "이 엔드포인트의 API 키 (이 세션에만 보관)",
    },
    "compare.custom_add": {"en": "Add", "ko": "추가"},
    "compare.need_two": {"en": "Pick at least two models to compare.", "ko": "비교하려면 모델을 두 개 이상 고르세요."},
    "compare.kind.base": {"en": "base model", "ko": "기본 모델"},
    "compare.kind.fine_tuned": {"en": "fine-tuned", "ko": "파인튜닝"},
    "compare.kind.checkpoint": {"en": "checkpoint", "ko": "체크포인트"},
    "compare.kind.custom": {"en": "other endpoint", "ko": "다른 엔드포인트"},
    "compare.price": {
        "en": "${input} / ${output} per 1M tokens (in / out)",
        "ko": "100만 토큰당 ${input} / ${output} (입력 / 출력)",
    },
    "compare.price_unknown": {
        "en": "price unknown: type it below to see costs",
        "ko": "가격을 모름: 아래에 입력하면 비용이 보입니다",
    },
    "compare.system_prompt": {"en": "System prompt for this model", "ko": "이 모델의 시스템 프롬프트"},
    "compare.system_prompt_help": {
        "en": "A fine-tuned model usually runs with the short training prompt, a base model with the long instruction.",
        "ko": "파인튜닝 모델은 보통 짧은 학습용 프롬프트로, 기본 모델은 긴 지시문으로 실행합니다.",
    },
    "compare.input_price": {"en": "Input $ per 1M tokens", "ko": "입력 100만 토큰당 $"},
    "compare.output_price": {"en": "Output $ per 1M tokens", "ko": "출력 100만 토큰당 $"},
    "compare.remove": {"en": "Remove", "ko": "제거"},
    # Tabs
    "compare.tab_adhoc": {"en": "Ask one question", "ko": "질문 하나 해 보기"},
    "compare.tab_set": {"en": "Run on a set", "ko": "여러 질문으로 실행"},
    "compare.tab_review": {"en": "Blind review", "ko": "블라인드 평가"},
    "compare.tab_results": {"en": "Results", "ko": "결과"},
    # Ad-hoc
    "compare.adhoc_question": {"en": "Your question", "ko": "질문"},
    "compare.adhoc_ask": {"en": "Ask every model", "ko": "모든 모델에 질문"},
    "compare.stats": {
        "en": "{prompt} + {completion} tokens · {latency:.1f} s · {cost}",
        "ko": "{prompt} + {completion} 토큰 · {latency:.1f}초 · {cost}",
    },
    "compare.cost_unknown": {"en": "cost unknown", "ko": "비용 모름"},
    # Set
    "compare.source": {"en": "Questions", "ko": "질문"},
    "compare.source_split": {"en": "The held-out validation split", "ko": "검증용으로 떼어 둔 질문"},
    "compare.source_filter": {"en": "Examples I filter", "ko": "직접 거른 예시"},
    "compare.no_split": {
        "en": "There is no validation split yet. Make one on Preview & export, or choose “Examples I filter”.",
        "ko": "아직 검증용 분할이 없습니다. ‘검증·내보내기’에서 만들거나 ‘직접 거른 예시’를 고르세요.",
    },
    "compare.filter_status": {"en": "Status", "ko": "상태"},
    "compare.filter_tag": {"en": "Tag", "ko": "태그"},
    "compare.any_tag": {"en": "(any tag)", "ko": "(모든 태그)"},
    "compare.estimate": {
        "en": "{items} questions × {models} models = {requests} answers. Estimated cost: about ${usd:.4f}.",
        "ko": "질문 {items}개 × 모델 {models}개 = 답변 {requests}개. 예상 비용: 약 ${usd:.4f}.",
    },
    "compare.estimate_unknown": {
        "en": "Not counted (price unknown): {names}.",
        "ko": "가격을 몰라 빠진 모델: {names}.",
    },
    "compare.name": {"en": "Name of this comparison", "ko": "이 비교의 이름"},
    "compare.run": {"en": "Run all models", "ko": "모든 모델 실행"},
    "compare.started": {
        "en": "Started: answers appear below as they arrive. You can leave this page.",
        "ko": "시작했습니다. 답변이 도착하는 대로 아래에 나타납니다. 이 페이지를 떠나도 됩니다.",
    },
    "compare.pick_comparison": {"en": "Comparison", "ko": "비교"},
    "compare.none_yet": {
        "en": "No comparison yet: run one on a set first.",
        "ko": "아직 비교가 없습니다. 먼저 여러 질문으로 실행하세요.",
    },
    "compare.progress": {
        "en": "{answered} of {total} answers · {failed} failed · spent ${spent:.4f}",
        "ko": "답변 {total}개 중 {answered}개 · 실패 {failed}개 · 사용 ${spent:.4f}",
    },
    "compare.running": {"en": "Running…", "ko": "실행 중…"},
    "compare.stop": {"en": "Stop", "ko": "멈추기"},
    "compare.resume": {"en": "Answer the missing ones", "ko": "빠진 답변 마저 받기"},
    "compare.error.need_two": {"en": "Pick at least two models.", "ko": "모델을 두 개 이상 고르세요."},
    "compare.error.no_items": {"en": "There are no questions in this set.", "ko": "이 집합에는 질문이 없습니다."},
    "compare.error.no_model": {"en": "Type the model name.", "ko": "모델 이름을 입력하세요."},
    "compare.error.bad_base_url": {
        "en": "“{url}” is not a web address: it must start with http:// or https://.",
        "ko": "“{url}”은(는) 웹 주소가 아닙니다. http:// 또는 https://로 시작해야 합니다.",
    },
    "compare.error.not_decisive": {
        "en": "Only a vote with a winner can become training data.",
        "ko": "승자가 있는 평가만 학습 데이터로 만들 수 있습니다.",
    },
    "compare.error.unknown_fields": {"en": "That field can't be changed.", "ko": "그 항목은 바꿀 수 없습니다."},
    "compare.col_question": {"en": "Question", "ko": "질문"},
    "compare.col_reference": {"en": "Reference answer", "ko": "기준 답변"},
    "compare.col_tags": {"en": "Tags", "ko": "태그"},
    "compare.col_answer": {"en": "Answer: {name}", "ko": "답변: {name}"},
    "compare.col_cost": {"en": "Cost (US$): {name}", "ko": "비용(US$): {name}"},
    "compare.col_error": {"en": "error", "ko": "오류"},
    "compare.col_human_verdicts": {"en": "People's verdicts", "ko": "사람 평가"},
    "compare.col_judge_verdicts": {"en": "Judge's verdicts", "ko": "심사 모델 판정"},
    # Review
    "compare.review_intro": {
        "en": "Which answer is better? The model names are hidden and the sides are shuffled. Keys: 1 = A, 2 = B, "
        "3 = tie, 4 = both bad.",
        "ko": "어느 답변이 더 나은가요? 모델 이름은 가려져 있고 좌우는 무작위입니다. 단축키: 1 = A, 2 = B, "
        "3 = 비슷함, 4 = 둘 다 나쁨.",
    },
    "compare.answer_a": {"en": "Answer A", "ko": "답변 A"},
    "compare.answer_b": {"en": "Answer B", "ko": "답변 B"},
    "compare.choice.a": {"en": "A is better", "ko": "A가 낫다"},
    "compare.choice.b": {"en": "B is better", "ko": "B가 낫다"},
    "compare.choice.tie": {"en": "Tie", "ko": "비슷함"},
    "compare.choice.both_bad": {"en": "Both bad", "ko": "둘 다 나쁨"},
    "compare.comment": {"en": "Comment (optional)", "ko": "메모 (선택)"},
    "compare.review_left": {"en": "{left} pairs left to review.", "ko": "평가할 쌍이 {left}개 남았습니다."},
    "compare.review_done": {
        "en": "Nothing left to review in this comparison.",
        "ko": "이 비교에서 평가할 것이 더 없습니다.",
    },
    "compare.revealed": {
        "en": "You chose “{choice}”. A was **{a}**, B was **{b}**.",
        "ko": "“{choice}”을(를) 골랐습니다. A는 **{a}**, B는 **{b}**였습니다.",
    },
    "compare.to_training": {"en": "Add the winning answer as a training row", "ko": "이긴 답변을 학습 행으로 추가"},
    "compare.to_dpo": {"en": "Save as a DPO pair (winner preferred)", "ko": "DPO 쌍으로 저장 (이긴 답변 선호)"},
    "compare.added_row": {
        "en": "Added as draft row #{id}: review and approve it in Curate.",
        "ko": "초안 행 #{id}(으)로 추가했습니다. ‘검토·편집’에서 확인하고 승인하세요.",
    },
    "compare.added_pair": {
        "en": "Saved DPO pair #{pair} on draft row #{id}: approve it in Curate to export it.",
        "ko": "초안 행 #{id}에 DPO 쌍 #{pair}을(를) 저장했습니다. ‘검토·편집’에서 승인하면 내보내집니다.",
    },
    "compare.open_row": {"en": "Open row #{id} in Curate", "ko": "‘검토·편집’에서 행 #{id} 열기"},
    "compare.heldout_note": {
        "en": "If this question is in your validation split, a training row from it leaks the answer into "
        "training: make a new split before the next fine-tune.",
        "ko": "이 질문이 검증용 분할에 있다면, 학습 행으로 만들면 답이 학습에 섞입니다. 다음 파인튜닝 전에 분할을 새로 만드세요.",
    },
    "compare.decisive_votes": {"en": "Votes with a winner", "ko": "승자가 있는 평가"},
    "compare.vote_label": {
        "en": "#{id} {question} — {winner} beat {loser}",
        "ko": "#{id} {question} — {winner} > {loser}",
    },
    # Results
    "compare.people": {"en": "People", "ko": "사람"},
    "compare.judge": {"en": "Judge model", "ko": "심사 모델"},
    "compare.win_rate": {"en": "Win rate (ties count half)", "ko": "승률 (비슷함은 절반)"},
    "compare.no_votes": {"en": "No votes yet.", "ko": "아직 평가가 없습니다."},
    "compare.votes_count": {
        "en": "{people} votes from people, {judge} verdicts from the judge.",
        "ko": "사람 평가 {people}개, 심사 모델 판정 {judge}개.",
    },
    "compare.rates_note": {
        "en": "Bars show the 95% Wilson interval. A tie or “both bad” counts as half a win for both sides.",
        "ko": "막대의 선은 95% 윌슨 신뢰구간입니다. ‘비슷함’과 ‘둘 다 나쁨’은 양쪽에 절반의 승리로 셉니다.",
    },
    "compare.col_model": {"en": "Model", "ko": "모델"},
    "compare.col_votes": {"en": "Votes", "ko": "평가 수"},
    "compare.col_wins": {"en": "Wins", "ko": "승"},
    "compare.col_losses": {"en": "Losses", "ko": "패"},
    "compare.col_ties": {"en": "Ties", "ko": "비슷함"},
    "compare.col_both_bad": {"en": "Both bad", "ko": "둘 다 나쁨"},
    "compare.col_rate": {"en": "Win rate", "ko": "승률"},
    "compare.col_interval": {"en": "95% interval", "ko": "95% 구간"},
    "compare.col_tag": {"en": "Tag", "ko": "태그"},
    "compare.by_tag": {"en": "By tag (people's votes)", "ko": "태그별 (사람 평가)"},
    "compare.judge_title": {"en": "LLM judge (optional)", "ko": "LLM 심사 (선택)"},
    "compare.judge_intro": {
        "en": "A model judges every pair twice, once in each order; if its two verdicts disagree it counts as a tie. "
        "Its verdicts are kept apart from people's votes.",
        "ko": "심사 모델이 각 쌍을 순서를 바꿔 두 번 판정합니다. 두 판정이 다르면 비슷함으로 셉니다. "
        "판정은 사람의 평가와 따로 저장됩니다.",
    },
    "compare.rubric": {"en": "Rubric: what makes an answer better?", "ko": "평가 기준: 어떤 답변이 더 좋은가요?"},
    "compare.rubric_default": {
        "en": "Prefer the answer that is correct, practical and specific for a café founder, in a friendly tone.",
        "ko": "카페 창업자에게 정확하고 실용적이며 구체적인 답변을, 친절한 어조로 한 쪽을 고르세요.",
    },
    "compare.judge_model": {"en": "Judge model", "ko": "심사 모델"},
    "compare.judge_estimate": {
        "en": "{pairs} pairs × 2 orders = {requests} calls. Estimated cost: about ${usd:.4f}.",
        "ko": "쌍 {pairs}개 × 2가지 순서 = 호출 {requests}번. 예상 비용: 약 ${usd:.4f}.",
    },
    "compare.judge_run": {"en": "Run the judge", "ko": "심사 실행"},
    "compare.judge_nothing": {
        "en": "Nothing to judge: every answered pair has a verdict.",
        "ko": "심사할 것이 없습니다. 답이 있는 모든 쌍에 판정이 있습니다.",
    },
    "compare.judge_started": {
        "en": "The judge is running; its verdicts appear in the chart.",
        "ko": "심사를 시작했습니다. 판정은 차트에 나타납니다.",
    },
    "compare.export": {"en": "Download the results", "ko": "결과 내려받기"},
    "compare.export_csv": {"en": "CSV", "ko": "CSV"},
    "compare.export_xlsx": {"en": "Excel (XLSX)", "ko": "엑셀 (XLSX)"},
    "compare.run_crashed": {
        "en": "The run stopped unexpectedly: {reason} Press “Answer the missing ones” to go on.",
        "ko": "실행이 예기치 않게 멈췄습니다: {reason} ‘빠진 답변 마저 받기’를 눌러 이어 가세요.",
    },
    "compare.already_running": {"en": "This is already running.", "ko": "이미 실행 중입니다."},
    # One-line help for each setting.
    "compare.help_comment": {
        "en": "Why you chose this answer; it is saved with your vote.",
        "ko": "이 답변을 고른 이유입니다. 평가와 함께 저장됩니다.",
    },
    "compare.help_decisive_votes": {
        "en": "Pick a vote to add its winning answer, or the winner/loser pair, to your training data.",
        "ko": "평가를 하나 고르면 이긴 답변, 또는 이긴 답/진 답 쌍을 학습 데이터에 추가할 수 있습니다.",
    },
    "compare.help_rubric": {
        "en": "Tell the judge model, in plain words, what makes one answer better than the other.",
        "ko": "어떤 답변이 더 좋은지 심사 모델에게 쉬운 말로 알려 주세요.",
    },
    "compare.help_judge_model": {
        "en": "The model that reads both answers and picks the better one; stronger models judge better but cost more.",
        "ko": "두 답변을 읽고 더 나은 쪽을 고르는 모델입니다. 강한 모델일수록 잘 판단하지만 비용이 더 듭니다.",
    },
    "compare.input_price_help": {
        "en": "Price per million input tokens, used only for the cost estimate.",
        "ko": "입력 토큰 100만 개당 가격으로, 비용 추정에만 쓰입니다.",
    },
    "compare.output_price_help": {
        "en": "Price per million output tokens, used only for the cost estimate.",
        "ko": "출력 토큰 100만 개당 가격으로, 비용 추정에만 쓰입니다.",
    },
    "compare.pick_placeholder": {
        "en": "Choose models or type a model id",
        "ko": "모델을 고르거나 모델 ID를 입력하세요",
    },
    "compare.custom_label_help": {
        "en": "The name shown for this model in the results.",
        "ko": "결과에서 이 모델에 표시할 이름입니다.",
    },
    "compare.custom_url_help": {
        "en": "The address of an OpenAI-compatible server, e.g. http://localhost:8000/v1.",
        "ko": "OpenAI 호환 서버의 주소입니다. 예: http://localhost:8000/v1",
    },
    "compare.custom_model_help": {
        "en": "The model name that server expects.",
        "ko": "해당 서버가 요구하는 모델 이름입니다.",
    },
    "compare.custom_key_help": {
        "en": "Leave empty if the server needs no key; it is never saved to disk.",
        "ko": "서버에 키가 필요 없으면 비워 두세요. 디스크에 저장되지 않습니다.",
    },
    "compare.help_adhoc_question": {
        "en": "One question sent to every model at once, to see their answers side by side.",
        "ko": "모든 모델에 한 번에 보내는 질문입니다. 답변을 나란히 비교할 수 있습니다.",
    },
    "compare.help_source": {
        "en": "Which questions the models answer: the held-out validation split, or examples picked by status and tag.",
        "ko": "모델이 답할 질문입니다. 검증용으로 떼어 둔 질문 또는 상태와 태그로 고른 예시입니다.",
    },
    "compare.help_filter_status": {
        "en": "Use only examples with these statuses (empty: all).",
        "ko": "이 상태의 예시만 사용합니다(비우면 전부).",
    },
    "compare.filter_status_any": {"en": "All statuses", "ko": "모든 상태"},
    "compare.help_filter_tag": {"en": "Use only examples with this tag.", "ko": "이 태그가 붙은 예시만 사용합니다."},
    "compare.help_name": {
        "en": "A name to find this comparison again later; empty uses the model names.",
        "ko": "나중에 이 비교를 찾기 위한 이름입니다. 비우면 모델 이름을 씁니다.",
    },
    "compare.help_pick_comparison": {
        "en": "Which saved comparison to show (the newest unless you pick another).",
        "ko": "표시할 저장된 비교입니다(따로 고르지 않으면 가장 최근 것).",
    },
}
