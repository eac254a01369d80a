"""Strings of the Generate page and of generation actions in Curate."""

STRINGS: dict[str, dict[str, str]] = {
    "generate.intro": {
        "en": "Let a model write the first answer to each question. Answers land in Curate one by one as they "
        "arrive; you can leave this page, the run goes on.",
        "ko": "모델이 각 질문의 첫 답변을 작성합니다. 답변은 도착하는 대로 하나씩 검토·편집에 저장되며, 이 페이지를 "
        "떠나도 작업은 계속됩니다.",
    },
    "generate.no_key": {
        "en": "Generating answers needs an OpenAI API key. Enter one in the sidebar or on the Connection page; "
        "everything else (import, curate, export) works without one.",
        "ko": "답변 생성에는 OpenAI API 키가 필요합니다. 사이드바나 연결 설정 페이지에서 입력하세요. "
        "가져오기·검토·내보내기는 키 없이도 됩니다.",
    },
    "generate.go_settings": {"en": "Open the Connection page", "ko": "연결 설정 열기"},
    "generate.settings": {"en": "Settings", "ko": "설정"},
    "generate.model": {"en": "Model", "ko": "모델"},
    "generate.model_help": {
        "en": "The model that writes the answers. The list comes from your key; bigger models write better "
        "answers and cost more.",
        "ko": "답변을 작성할 모델입니다. 목록은 키에서 가져옵니다. 큰 모델일수록 답이 좋고 비쌉니다.",
    },
    "generate.models_fallback": {
        "en": "Couldn't list the models of your key ({reason}); showing the models the app knows.",
        "ko": "키의 모델 목록을 가져오지 못했습니다 ({reason}). 앱이 아는 모델을 보여 줍니다.",
    },
    "generate.prompt": {"en": "Generation system prompt", "ko": "생성용 시스템 프롬프트"},
    "generate.prompt_help": {
        "en": "Instructions for the model that drafts the answers; it never becomes part of the training data. "
        "The fine-tuned model is trained with the training system prompt below instead. Saved as you type.",
        "ko": "답변 초안을 쓰는 모델에게 주는 지시문이며, 학습 데이터에는 들어가지 않습니다. 파인튜닝된 모델은 아래의 "
        "학습용 시스템 프롬프트로 학습합니다. 입력하는 즉시 저장됩니다.",
    },
    "generate.temperature": {"en": "Temperature", "ko": "온도(temperature)"},
    "generate.temperature_help": {
        "en": "Low (0.2) gives steady, similar answers; high (1.0) gives more varied ones.",
        "ko": "낮으면(0.2) 일정하고 비슷한 답, 높으면(1.0) 다양한 답이 나옵니다.",
    },
    "generate.max_tokens": {"en": "Longest answer (tokens)", "ko": "최대 답변 길이(토큰)"},
    "generate.max_tokens_help": {
        "en": "An answer stops at this length. 100 tokens is roughly 75 English words or 100–150 Korean "
        "characters. Also the upper bound of the cost estimate.",
        "ko": "답변은 이 길이에서 멈춥니다. 100토큰은 한국어 약 100~150자입니다. 예상 비용의 상한도 이 값으로 "
        "계산합니다.",
    },
    "generate.variants": {"en": "Answers per question", "ko": "질문당 답변 수"},
    "generate.variants_help": {
        "en": "With 2 or more, each question gets several answers (each a little hotter); you pick one in "
        "Curate and the others are kept as “worse” examples for DPO.",
        "ko": "2개 이상이면 질문마다 여러 답(조금씩 높은 온도)을 만들고, 검토·편집에서 하나를 고릅니다. 나머지는 "
        "DPO용 ‘덜 좋은’ 예시로 보관됩니다.",
    },
    "generate.scope": {"en": "Which rows", "ko": "대상 행"},
    "generate.scope_help": {
        "en": "Missing: only questions without an answer. Selected: the rows ticked in Curate. Failed: rows whose "
        "last try failed. All: every question (old answers stay in the history).",
        "ko": "답 없음: 답이 없는 질문만. 선택: 검토·편집에서 체크한 행. 실패: 마지막 시도가 실패한 행. 전체: 모든 "
        "질문(기존 답은 기록에 남습니다).",
    },
    "generate.scope_missing": {"en": "Missing answers only", "ko": "답이 없는 질문만"},
    "generate.scope_selected": {"en": "Selected in Curate", "ko": "검토·편집에서 선택한 행"},
    "generate.scope_failed": {"en": "Failed rows", "ko": "실패한 행"},
    "generate.scope_all": {"en": "All rows", "ko": "전체 행"},
    "generate.batch": {"en": "Batch mode (half price, within 24 h)", "ko": "배치 모드 (반값, 24시간 이내)"},
    "generate.batch_help": {
        "en": "Sends all rows as one OpenAI Batch: half the price, but answers come back within 24 hours, not "
        "live. You may close the app; the batch is picked up again when you come back.",
        "ko": "모든 행을 OpenAI 배치 하나로 보냅니다. 가격은 절반이지만 답은 실시간이 아니라 24시간 안에 옵니다. "
        "앱을 닫아도 되며, 다시 열면 이어서 확인합니다.",
    },
    "generate.rpm": {"en": "Requests per minute (your limit)", "ko": "분당 요청 수 (내 한도)"},
    "generate.rpm_help": {
        "en": "Your key's limit for this model (OpenAI dashboard → Limits). The app corrects it from the "
        "server's answers, so a guess is fine.",
        "ko": "이 모델에 대한 키의 한도입니다(OpenAI 대시보드 → Limits). 앱이 서버 응답으로 보정하므로 대략적인 "
        "값이면 됩니다.",
    },
    "generate.tpm": {"en": "Tokens per minute (your limit)", "ko": "분당 토큰 수 (내 한도)"},
    "generate.tpm_help": {
        "en": "Your key's token limit for this model; corrected from the server's answers as well.",
        "ko": "이 모델에 대한 키의 토큰 한도입니다. 이것도 서버 응답으로 보정됩니다.",
    },
    "generate.limits": {"en": "Speed limits", "ko": "속도 한도"},
    "generate.rows": {"en": "{count} rows will be answered", "ko": "{count}개 행에 답변을 만듭니다"},
    "generate.rows_none": {
        "en": "No rows to answer with this choice. Import questions, or pick other rows.",
        "ko": "이 선택으로는 답변할 행이 없습니다. 질문을 가져오거나 다른 행을 고르세요.",
    },
    "generate.estimate": {"en": "Estimated cost (at most)", "ko": "예상 비용 (최대)"},
    "generate.estimate_help": {
        "en": "{prompt} prompt tokens counted{exact}, plus at most {completion} answer tokens, at the model's "
        "price from the model table{batch}.",
        "ko": "프롬프트 {prompt}토큰{exact}과 최대 {completion} 답변 토큰을 모델 표의 가격으로 계산했습니다{batch}.",
    },
    "generate.estimate_exact": {"en": " exactly", "ko": "(정확히 셈)"},
    "generate.estimate_rough": {"en": " roughly (offline estimate)", "ko": "(오프라인 추정)"},
    "generate.estimate_batch": {"en": ", Batch half price", "ko": ", 배치 반값 적용"},
    "generate.requests": {"en": "Requests", "ko": "요청 수"},
    "generate.confirm": {"en": "Yes, spend up to ${usd} on this run", "ko": "네, 이 작업에 최대 ${usd}까지 사용합니다"},
    "generate.start": {"en": "Start generating", "ko": "생성 시작"},
    "generate.start_batch": {"en": "Submit the batch", "ko": "배치 제출"},
    "generate.busy": {
        "en": "A run is going on for this project; pause or cancel it to start another.",
        "ko": "이 프로젝트에서 작업이 진행 중입니다. 새로 시작하려면 일시정지하거나 취소하세요.",
    },
    "generate.started": {"en": "Started: {count} requests.", "ko": "시작했습니다: 요청 {count}개."},
    "generate.progress_title": {"en": "Latest run", "ko": "최근 작업"},
    "generate.progress": {
        "en": "{done} done · {failed} failed · {remaining} to do (of {total})",
        "ko": "완료 {done} · 실패 {failed} · 남음 {remaining} (전체 {total})",
    },
    "generate.rate": {"en": "Rate", "ko": "속도"},
    "generate.rate_value": {"en": "{rate:,.0f} answers/min", "ko": "분당 답변 {rate:,.0f}개"},
    "generate.eta": {"en": "Time left", "ko": "남은 시간"},
    "generate.cost_so_far": {"en": "Cost so far", "ko": "지금까지 비용"},
    "generate.unknown": {"en": "–", "ko": "–"},
    "generate.minutes": {"en": "{minutes} min {seconds} s", "ko": "{minutes}분 {seconds}초"},
    "generate.seconds": {"en": "{seconds} s", "ko": "{seconds}초"},
    "generate.status_running": {"en": "Running", "ko": "진행 중"},
    "generate.status_paused": {
        "en": "Paused: nothing is sent until you resume.",
        "ko": "일시정지됨: 재개할 때까지 요청을 보내지 않습니다.",
    },
    "generate.status_cancelled": {
        "en": "Cancelled: the answers already received are kept.",
        "ko": "취소됨: 이미 받은 답변은 그대로 있습니다.",
    },
    "generate.status_completed": {"en": "Finished.", "ko": "완료되었습니다."},
    "generate.status_failed": {"en": "Stopped:", "ko": "중단됨:"},
    "generate.status_interrupted": {
        "en": "Interrupted (the app was restarted). Nothing is lost; resume to do the rest.",
        "ko": "중단됨(앱이 다시 시작됨). 잃은 것은 없습니다. 재개하면 나머지를 처리합니다.",
    },
    "generate.batch_status": {
        "en": "Batch {id}: {status} ({completed} of {total} done, {failed} failed)",
        "ko": "배치 {id}: {status} (전체 {total} 중 {completed} 완료, {failed} 실패)",
    },
    "generate.batch_submitting": {"en": "Submitting the batch…", "ko": "배치를 제출하는 중…"},
    "generate.batch_waiting_key": {
        "en": "This batch is still open. Enter your API key to check on it.",
        "ko": "이 배치가 아직 진행 중입니다. 확인하려면 API 키를 입력하세요.",
    },
    "generate.batch_failed": {
        "en": "The batch ended without answers: {detail}",
        "ko": "배치가 답변 없이 끝났습니다: {detail}",
    },
    "generate.batch_row_failed": {
        "en": "The batch could not answer this row (status {status}): {detail}",
        "ko": "배치가 이 행에 답하지 못했습니다(상태 {status}): {detail}",
    },
    "generate.pause": {"en": "Pause", "ko": "일시정지"},
    "generate.resume": {"en": "Resume", "ko": "재개"},
    "generate.cancel": {"en": "Cancel", "ko": "취소"},
    "generate.resume_help": {
        "en": "Sends only the rows that have no answer from this run yet.",
        "ko": "이 작업에서 아직 답을 받지 못한 행만 보냅니다.",
    },
    "generate.see_curate": {"en": "See the answers in Curate", "ko": "검토·편집에서 답변 보기"},
    "generate.synthetic": {"en": "More questions (synthetic)", "ko": "질문 더 만들기 (합성)"},
    "generate.synthetic_intro": {
        "en": "Let the model write new questions from a topic and your examples, or rephrase questions you "
        "have. They arrive as drafts tagged “synthetic”; look-alikes of existing questions are tagged "
        "“near-duplicate”.",
        "ko": "주제와 예시 질문으로 새 질문을 만들거나, 있는 질문을 다르게 표현하게 합니다. 결과는 ‘synthetic’ 태그가 "
        "붙은 초안으로 들어오고, 기존 질문과 비슷한 것에는 ‘near-duplicate’ 태그가 붙습니다.",
    },
    "generate.synthetic_mode": {"en": "What to write", "ko": "만들 것"},
    "generate.synthetic_mode_help": {
        "en": "New: new questions on the topic. Paraphrase: other ways to ask the example questions.",
        "ko": "새 질문: 주제에 맞는 새 질문. 바꿔 말하기: 예시 질문을 다른 표현으로.",
    },
    "generate.synthetic_new": {"en": "New questions", "ko": "새 질문"},
    "generate.synthetic_paraphrase": {"en": "Paraphrases", "ko": "바꿔 말하기"},
    "generate.synthetic_topic": {"en": "Topic", "ko": "주제"},
    "generate.synthetic_topic_help": {
        "en": "One or two sentences: who asks, about what. For example “People planning to open a café”.",
        "ko": "한두 문장: 누가 무엇에 대해 묻는지. 예: “카페 창업을 준비하는 사람들”.",
    },
    "generate.synthetic_examples": {"en": "Example questions", "ko": "예시 질문"},
    "generate.synthetic_examples_help": {
        "en": "A few of your questions; the model copies their language and tone.",
        "ko": "질문 몇 개를 고르세요. 모델이 말투와 언어를 따라 합니다.",
    },
    "generate.synthetic_count": {"en": "How many", "ko": "개수"},
    "generate.synthetic_count_help": {"en": "Up to 50 per click.", "ko": "한 번에 최대 50개."},
    "generate.synthetic_go": {"en": "Write questions", "ko": "질문 만들기"},
    "generate.synthetic_added": {
        "en": "Added {count} draft questions ({flagged} look like existing ones and are tagged near-duplicate).",
        "ko": "초안 질문 {count}개를 추가했습니다(그중 {flagged}개는 기존 질문과 비슷해 near-duplicate 태그가 "
        "붙었습니다).",
    },
    "generate.synthetic_none": {
        "en": "The model returned no questions; try again or change the topic.",
        "ko": "모델이 질문을 돌려주지 않았습니다. 다시 시도하거나 주제를 바꿔 보세요.",
    },
    "generate.similar_to": {"en": "looks like: {question}", "ko": "비슷한 질문: {question}"},
    "generate.find_duplicates": {"en": "Find look-alike questions", "ko": "비슷한 질문 찾기"},
    "generate.find_duplicates_help": {
        "en": "Lists pairs of your questions that read almost the same. Every question is compared with every "
        "other; wording most of your questions share, such as “how do I…”, counts for little.",
        "ko": "거의 같아 보이는 질문 쌍을 보여 줍니다. 모든 질문을 서로 비교하며, ‘어떻게 해야 할까?’처럼 대부분의 "
        "질문에 들어 있는 표현은 거의 따지지 않습니다.",
    },
    "generate.near_duplicates": {
        "en": "{count} pairs of your questions look alike (check them in Curate):",
        "ko": "질문 중 {count}쌍이 비슷해 보입니다(검토·편집에서 확인하세요):",
    },
    # Curate: generation actions on the open example
    "generate.curate_title": {"en": "Ask the model", "ko": "모델에게 맡기기"},
    "generate.curate_regenerate": {"en": "Regenerate this answer", "ko": "이 답변 다시 생성"},
    "generate.curate_regenerate_selected": {
        "en": "Regenerate {count} selected rows",
        "ko": "선택한 {count}개 행 다시 생성",
    },
    "generate.curate_regenerate_help": {
        "en": "Uses the Generate page's model and prompt. The current answer stays in the history.",
        "ko": "답변 생성 페이지의 모델과 프롬프트를 씁니다. 지금 답변은 기록에 남습니다.",
    },
    "generate.curate_repair": {"en": "Repair instruction", "ko": "수정 지시"},
    "generate.curate_repair_help": {
        "en": "Tell the model how to rewrite this answer, e.g. “shorter, friendlier, mention the lease”. The old "
        "answer stays in the history.",
        "ko": "이 답변을 어떻게 고칠지 적으세요. 예: “더 짧고 친절하게, 임대차 계약도 언급”. 이전 답변은 기록에 "
        "남습니다.",
    },
    "generate.curate_repair_go": {"en": "Rewrite with this instruction", "ko": "이 지시대로 다시 쓰기"},
    "generate.curate_started": {
        "en": "Started in the background; the new answer appears here when it arrives (progress on the Generate page).",
        "ko": "백그라운드에서 시작했습니다. 새 답변이 오면 여기에 나타납니다(진행 상황은 답변 생성 페이지).",
    },
    "generate.curate_variants": {"en": "Answer variants: pick one", "ko": "답변 후보: 하나 고르기"},
    "generate.curate_variant": {"en": "Variant {n} (temperature {temperature})", "ko": "후보 {n} (온도 {temperature})"},
    "generate.curate_use_variant": {"en": "Use this one", "ko": "이것으로 선택"},
    "generate.curate_chosen": {"en": "Chosen", "ko": "선택됨"},
    "generate.curate_variant_picked": {
        "en": "Variant chosen; the others stay as “worse” examples for DPO.",
        "ko": "후보를 골랐습니다. 나머지는 DPO용 ‘덜 좋은’ 예시로 남습니다.",
    },
    # One-line help for each setting.
    "generate.synthetic_examples_placeholder": {"en": "Choose example questions", "ko": "예시 질문을 고르세요"},
    "generate.confirm_help": {
        "en": "This run may cost more than usual; tick to allow it. The real cost is usually lower.",
        "ko": "이 작업은 평소보다 비용이 클 수 있습니다. 체크하면 시작할 수 있습니다. 실제 비용은 보통 더 적습니다.",
    },
}
