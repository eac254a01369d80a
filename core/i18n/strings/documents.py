"""Strings of the Documents step: converting uploaded documents and chunking them (core/dataset/documents/)."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.documents": {"en": "Documents", "ko": "문서"},
    "documents.go_documents": {"en": "Make questions from it on Documents", "ko": "[문서]에서 질문 만들기"},
    "documents.how_it_works": {
        "en": "Upload your own documents (a manual, a PDF, a web page) to make questions and answers that come "
        "only from them. Each file is turned into text and cut into chunks along its headings; you see the chunks "
        "before anything is saved.",
        "ko": "매뉴얼, PDF, 웹 페이지 같은 내 문서를 올리면 그 문서에만 근거한 질문과 답변을 만들 수 있습니다. 파일마다 "
        "글을 뽑아 제목을 따라 조각(청크)으로 나누며, 저장하기 전에 조각을 미리 볼 수 있습니다.",
    },
    "documents.upload": {
        "en": "Documents: PDF, Word, PowerPoint, Excel, HTML, Markdown or text",
        "ko": "문서: PDF, 워드, 파워포인트, 엑셀, HTML, 마크다운, 텍스트",
    },
    "documents.upload_help": {
        "en": "Several files at once, up to {limit} MB each. A scanned PDF needs text recognition (OCR) first. "
        "Hangul (HWP/HWPX) files: save them as PDF or Word in Hangul first.",
        "ko": "여러 파일을 한 번에 올릴 수 있고, 파일마다 {limit}MB까지입니다. 스캔한 PDF는 먼저 문자 인식(OCR)을 해야 "
        "합니다. 한글(HWP/HWPX) 파일은 한글에서 PDF나 워드로 저장한 뒤 올려 주세요.",
    },
    "documents.reading": {"en": "Reading “{file}”…", "ko": "“{file}”을(를) 읽는 중…"},
    "documents.size": {"en": "Chunk size (characters)", "ko": "조각 크기(글자 수)"},
    "documents.size_help": {
        "en": "The longest a chunk may be. Questions are written from one chunk at a time: a chunk should hold "
        "one topic with its details (about half a page, 800–1,500 characters, suits most manuals).",
        "ko": "조각 하나의 최대 길이입니다. 질문은 조각 하나씩을 보고 만듭니다. 조각 하나에 주제 하나와 그 세부 내용이 "
        "담기게 하세요(대부분의 매뉴얼은 반 쪽 정도, 800~1,500자가 알맞습니다).",
    },
    "documents.overlap": {"en": "Overlap (characters)", "ko": "겹침(글자 수)"},
    "documents.overlap_help": {
        "en": "How much of the end of one chunk is repeated at the start of the next, so a sentence cut at the "
        "border is whole in one of them. At most half the chunk size.",
        "ko": "앞 조각의 끝부분을 다음 조각 앞에 얼마나 다시 넣을지입니다. 경계에서 잘린 문장이 어느 한쪽에는 온전히 "
        "들어가게 합니다. 조각 크기의 절반까지입니다.",
    },
    "documents.overlap_capped": {
        "en": "The overlap is at most half the chunk size: {overlap} characters are used.",
        "ko": "겹침은 조각 크기의 절반까지라서 {overlap}자를 씁니다.",
    },
    "documents.preview_title": {"en": "{file}: {count} chunks", "ko": "{file}: 조각 {count}개"},
    "documents.chunk_caption": {
        "en": "Chunk {position} · {heading} · {length} characters",
        "ko": "조각 {position} · {heading} · {length}자",
    },
    "documents.no_heading": {"en": "(before the first heading)", "ko": "(첫 제목 앞)"},
    "documents.more_chunks": {"en": "…and {count} more chunks.", "ko": "…그리고 조각 {count}개가 더 있습니다."},
    "documents.cli_help": {
        "en": "Convert a document (PDF, DOCX, PPTX, XLSX, HTML, Markdown, text) and print its chunks.",
        "ko": "문서(PDF, DOCX, PPTX, XLSX, HTML, 마크다운, 텍스트)를 변환해 조각(청크)을 출력합니다.",
    },
    "documents.problem.not_found": {
        "en": "“{file}” can't be opened: check the path and that the file exists.",
        "ko": "“{file}”을(를) 열 수 없습니다. 경로와 파일이 있는지 확인해 주세요.",
    },
    "documents.save": {
        "en": "Save {count} documents ({chunks} chunks)",
        "ko": "문서 {count}개 저장(조각 {chunks}개)",
    },
    "documents.save_help": {
        "en": "Keeps the documents in this project, cut into the chunks shown below, so questions can be "
        "written from them. Files with a problem above are not saved.",
        "ko": "아래에 보이는 조각으로 나눈 문서를 이 프로젝트에 저장해, 그 조각으로 질문을 만들 수 있게 합니다. 위에 "
        "문제가 표시된 파일은 저장하지 않습니다.",
    },
    "documents.saved": {
        "en": "Saved {count} documents ({chunks} chunks).",
        "ko": "문서 {count}개를 저장했습니다(조각 {chunks}개).",
    },
    "documents.stored_title": {"en": "Documents in this project ({count})", "ko": "이 프로젝트의 문서({count})"},
    "documents.stored_none": {
        "en": "No documents saved yet: upload some above, check the chunks, then save them.",
        "ko": "아직 저장한 문서가 없습니다. 위에서 올리고 조각을 확인한 뒤 저장하세요.",
    },
    "documents.stored_line": {
        "en": "**{file}** · {chunks} chunks (size {size}, overlap {overlap})",
        "ko": "**{file}** · 조각 {chunks}개(크기 {size}, 겹침 {overlap})",
    },
    "documents.remove": {"en": "Remove", "ko": "삭제"},
    "documents.remove_help": {
        "en": "Removes the document and its chunks. You are asked first; questions written from it stay.",
        "ko": "문서와 그 조각을 삭제합니다. 먼저 확인을 받으며, 이 문서로 만든 질문은 그대로 남습니다.",
    },
    "documents.remove_confirm": {
        "en": "Remove “{file}” and its chunks? The {rows} questions written from it stay in the project, each with "
        "a copy of its chunk.",
        "ko": "“{file}”와(과) 그 조각을 삭제할까요? 이 문서로 만든 질문 {rows}개는 조각의 사본과 함께 프로젝트에 "
        "그대로 남습니다.",
    },
    "documents.remove_confirm_unused": {
        "en": "Remove “{file}” and its chunks? No question has been written from it yet.",
        "ko": "“{file}”와(과) 그 조각을 삭제할까요? 이 문서로 만든 질문은 아직 없습니다.",
    },
    "documents.remove_yes": {"en": "Yes, remove it", "ko": "네, 삭제합니다"},
    "documents.remove_no": {"en": "Keep it", "ko": "그대로 두기"},
    "documents.removed": {
        "en": "Removed “{file}”; its {rows} questions stay.",
        "ko": "“{file}”을(를) 삭제했습니다. 질문 {rows}개는 남아 있습니다.",
    },
    "documents.questions_title": {"en": "Questions from these chunks", "ko": "이 조각으로 질문 만들기"},
    "documents.questions_how": {
        "en": "A model reads each chosen chunk and writes questions it answers. They are added as drafts that "
        "keep their chunk; on Generate their answers are written from that chunk only. Questions that look like "
        "one already in the project are flagged as near-duplicates.",
        "ko": "모델이 고른 조각을 하나씩 읽고 그 조각으로 답할 수 있는 질문을 씁니다. 질문은 원본 조각과 함께 초안으로 "
        "추가되고, [답변 생성]에서는 그 조각만 보고 답을 씁니다. 프로젝트에 이미 있는 질문과 비슷한 질문은 "
        "‘비슷한 질문’으로 표시됩니다.",
    },
    "documents.model": {"en": "Model that writes the questions", "ko": "질문을 쓸 모델"},
    "documents.model_help": {
        "en": "The models your connection offers. A small model is usually enough for writing questions.",
        "ko": "연결된 계정에서 쓸 수 있는 모델입니다. 질문 쓰기에는 보통 작은 모델로 충분합니다.",
    },
    "documents.all_chunks": {"en": "Every chunk of every document", "ko": "모든 문서의 모든 조각"},
    "documents.all_chunks_help": {
        "en": "Untick to choose the chunks one by one (for example only the refund rules).",
        "ko": "체크를 풀면 조각을 하나씩 고를 수 있습니다(예: 환불 규정만).",
    },
    "documents.pick_chunks_help": {
        "en": "Each chunk is named by its document, its place and its heading.",
        "ko": "조각마다 문서 이름, 순서, 제목이 붙어 있습니다.",
    },
    "documents.pick_chunks": {"en": "Chunks to write questions from", "ko": "질문을 만들 조각"},
    "documents.pick_chunks_placeholder": {"en": "Pick chunks", "ko": "조각을 고르세요"},
    "documents.style": {"en": "Kind of questions", "ko": "질문 종류"},
    "documents.style_help": {
        "en": "Facts: what the document states. How-to: how to do what it explains. Customer: what a customer "
        "or a new employee would really ask, in everyday words.",
        "ko": "사실: 문서에 적힌 내용. 방법: 문서가 설명하는 일을 하는 방법. 고객 질문: 손님이나 새 직원이 실제로 물어볼 "
        "법한 말투의 질문.",
    },
    "documents.style_facts": {"en": "Facts", "ko": "사실"},
    "documents.style_how_to": {"en": "How-to", "ko": "방법"},
    "documents.style_customer": {"en": "What a customer would ask", "ko": "고객 질문"},
    "documents.per_chunk": {"en": "Questions per chunk", "ko": "조각당 질문 수"},
    "documents.per_chunk_help": {
        "en": "How many questions to write from each chunk (1–10).",
        "ko": "조각 하나에서 만들 질문 수입니다(1~10).",
    },
    "documents.questions_go": {
        "en": "Write {count} questions from {chunks} chunks",
        "ko": "조각 {chunks}개에서 질문 {count}개 만들기",
    },
    "documents.needs_key": {
        "en": "Writing questions needs an API key (sidebar).",
        "ko": "질문을 만들려면 API 키가 필요합니다(사이드바).",
    },
    "documents.writing": {"en": "Writing questions…", "ko": "질문을 쓰는 중…"},
    "documents.questions_added": {
        "en": "Added {count} questions as drafts ({flagged} flagged as near-duplicates).",
        "ko": "질문 {count}개를 초안으로 추가했습니다(비슷한 질문 {flagged}개 표시).",
    },
    "documents.questions_none": {"en": "The model wrote no questions.", "ko": "모델이 질문을 쓰지 않았습니다."},
    "documents.questions_failed": {
        "en": "{count} chunks got no questions (the request failed); try them again.",
        "ko": "조각 {count}개는 요청이 실패해 질문을 받지 못했습니다. 다시 시도해 주세요.",
    },
    "documents.go_generate": {"en": "Write their answers on Generate", "ko": "[답변 생성]에서 답 쓰기"},
    "documents.go_curate": {"en": "Review them on Curate", "ko": "[검토·편집]에서 보기"},
    "documents.problem.too_large": {
        "en": "“{file}” is {size_mb} MB; documents can be up to {limit_mb} MB. Split it into smaller files.",
        "ko": "“{file}”은(는) {size_mb}MB입니다. 문서는 {limit_mb}MB까지 올릴 수 있으니 작은 파일로 나눠 주세요.",
    },
    "documents.problem.empty": {
        "en": "“{file}” is empty. Check that you picked the right file.",
        "ko": "“{file}”은(는) 빈 파일입니다. 올바른 파일을 골랐는지 확인해 주세요.",
    },
    "documents.problem.truncated": {
        "en": "“{file}” is cut short (the end of the file is missing). Download or copy it again, then upload it.",
        "ko": "“{file}”의 끝부분이 잘려 있습니다. 파일을 다시 내려받거나 복사한 뒤 올려 주세요.",
    },
    "documents.problem.damaged": {
        "en": "“{file}” is damaged and can't be read. Open it in the program that made it and save it again.",
        "ko": "“{file}”이(가) 손상되어 읽을 수 없습니다. 만든 프로그램에서 열어 다시 저장해 주세요.",
    },
    "documents.problem.wrong_type": {
        "en": "“{file}” is named as a {named} file but is a {actual} file. Rename it or export it again.",
        "ko": "“{file}”은(는) 이름은 {named} 파일이지만 실제로는 {actual} 파일입니다. 이름을 바꾸거나 다시 내보내 주세요.",
    },
    "documents.problem.encrypted": {
        "en": "“{file}” is protected by a password. Save a copy without the password, then upload that.",
        "ko": "“{file}”에는 암호가 걸려 있습니다. 암호 없이 사본을 저장한 뒤 그 파일을 올려 주세요.",
    },
    "documents.problem.image_only": {
        "en": "“{file}” has no text layer: its pages are pictures (a scan). Run text recognition (OCR) on it first, "
        "or upload the original document.",
        "ko": "“{file}”에는 글자 정보가 없습니다. 페이지가 그림(스캔)입니다. 먼저 문자 인식(OCR)을 하거나 원본 문서를 올려 주세요.",
    },
    "documents.problem.no_text": {
        "en": "“{file}” holds no text to make questions from.",
        "ko": "“{file}”에는 질문을 만들 글이 없습니다.",
    },
    "documents.problem.unsupported": {
        "en": "“{file}”: {extension} files can't be read here. Supported: {kinds}.",
        "ko": "“{file}”: {extension} 파일은 읽을 수 없습니다. 지원 형식: {kinds}.",
    },
    "documents.problem.hwp": {
        "en": "“{file}” is a Hangul (HWP/HWPX) document, which can't be read here: no maintained library reads it. "
        "In Hangul, choose File → Save As and save it as PDF or Word (.docx), then upload that.",
        "ko": "“{file}”은(는) 한글(HWP/HWPX) 문서라서 여기서 읽을 수 없습니다. 꾸준히 관리되는 읽기 라이브러리가 없기 "
        "때문입니다. 한글에서 [파일] → [다른 이름으로 저장]을 눌러 PDF나 워드(.docx)로 저장한 뒤 올려 주세요.",
    },
}
