"""Strings of the Preview downloads for other trainers: Together AI's and Fireworks AI's exact files."""

STRINGS = {
    "preview.other_trainers": {"en": "Files for other trainers", "ko": "다른 학습 서비스용 파일"},
    "preview.other_trainers_caption": {
        "en": "Together AI and Fireworks AI read these files as they are: upload them there to fine-tune an open "
        "model. Each holds every approved example (training and validation parts together).",
        "ko": "Together AI와 Fireworks AI는 이 파일을 그대로 읽습니다. 그곳에 올려 오픈 모델을 파인튜닝하세요. "
        "각 파일에는 승인된 예시가 모두 들어 있습니다(학습용과 검증용을 합친 것).",
    },
    "preview.dl_together": {"en": "Together SFT", "ko": "Together SFT"},
    "preview.dl_together_help": {
        "en": 'Supervised fine-tuning (SFT) file in Together\'s conversational format, one {"messages": [...]} per line: system, user and assistant '
        "messages with text content, and weight 0 or 1 where you set one. Upload it with purpose fine-tune.",
        "ko": '지도 학습(SFT)용 파일로, Together의 대화 형식입니다. 한 줄에 {"messages": [...]} 하나씩이고, system·user·assistant '
        "메시지와 텍스트 내용, 지정한 곳에는 weight 0 또는 1이 들어갑니다. 용도(purpose)를 fine-tune으로 "
        "올리세요.",
    },
    "preview.dl_together_dpo": {"en": "Together DPO", "ko": "Together DPO"},
    "preview.dl_together_dpo_help": {
        "en": "Preference (DPO) file in Together's format: input.messages, then one preferred and one non-preferred assistant "
        "answer per line. Launch it with the DPO training method.",
        "ko": "선호 학습(DPO)용 파일로, Together의 선호도 형식입니다. 한 줄마다 input.messages와, 선호하는 assistant 답변 하나와 선호하지 "
        "않는 답변 하나가 들어갑니다. DPO 학습 방식으로 시작하세요.",
    },
    "preview.dl_fireworks": {"en": "Fireworks SFT", "ko": "Fireworks SFT"},
    "preview.dl_fireworks_help": {
        "en": 'Supervised fine-tuning (SFT) file in Fireworks\' chat format, one {"messages": [...]} per line with role and content only. Fireworks '
        "needs at least 3 examples, and it has no per-message weight: every assistant answer is trained on.",
        "ko": '지도 학습(SFT)용 파일로, Fireworks의 채팅 형식입니다. 한 줄에 {"messages": [...]} 하나씩, role과 content만 들어갑니다. '
        "Fireworks는 예시가 3개 이상 필요하고 메시지별 weight가 없어서 모든 assistant 답변을 학습합니다.",
    },
    "preview.dl_fireworks_dpo": {"en": "Fireworks DPO", "ko": "Fireworks DPO"},
    "preview.dl_fireworks_dpo_help": {
        "en": "Preference (DPO) file in Fireworks' format: input.messages, preferred_output and non_preferred_output on each line. "
        "Fireworks needs at least 3 pairs.",
        "ko": "선호 학습(DPO)용 파일로, Fireworks의 형식입니다. 한 줄마다 input.messages, preferred_output, non_preferred_output이 "
        "들어갑니다. Fireworks는 쌍이 3개 이상 필요합니다.",
    },
}
