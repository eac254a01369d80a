"""Strings of the Questions page, core/dataset/importers/."""

STRINGS: dict[str, dict[str, str]] = {
    # Page
    "questions.how_it_works": {
        "en": "Bring the questions your model should learn to answer: upload a CSV, Excel (.xlsx) or JSONL file, "
        "or paste one question per line. You see a preview and what will be skipped before anything is "
        "added; duplicates of questions already in the project are left out.",
        "ko": "모델이 답하도록 배울 질문을 가져옵니다. CSV, 엑셀(.xlsx), JSONL 파일을 올리거나 한 줄에 질문 하나씩 "
        "붙여 넣으세요. 추가하기 전에 미리 보기와 건너뛸 행을 보여 주며, 프로젝트에 이미 있는 질문은 "
        "다시 넣지 않습니다.",
    },
    "questions.in_project": {
        "en": "This project has {count} examples now.",
        "ko": "지금 이 프로젝트에는 예시가 {count}개 있습니다.",
    },
    "questions.source": {"en": "Where are your questions?", "ko": "질문을 어디서 가져올까요?"},
    "questions.source_help": {
        "en": "A file from your computer, or text you paste here.",
        "ko": "컴퓨터에 있는 파일, 또는 여기에 붙여 넣는 텍스트입니다.",
    },
    "questions.source_file": {"en": "Upload a file", "ko": "파일 올리기"},
    "questions.source_paste": {"en": "Paste text", "ko": "텍스트 붙여 넣기"},
    "questions.upload": {"en": "CSV, Excel (.xlsx) or JSONL file", "ko": "CSV, 엑셀(.xlsx), JSONL 파일"},
    "questions.upload_help": {
        "en": "CSV in any common encoding (UTF-8, Korean Excel's CP949, Excel's “Unicode text”), separated by "
        "commas, semicolons or tabs; an Excel workbook (you choose the sheet); or OpenAI chat/DPO JSONL. "
        "Up to {limit} MB.",
        "ko": "CSV는 흔한 인코딩(UTF-8, 한글 엑셀의 CP949, 엑셀 ‘유니코드 텍스트’)과 쉼표·세미콜론·탭 구분을 모두 "
        "읽습니다. 엑셀 통합 문서는 시트를 고를 수 있고, OpenAI 대화/DPO 형식의 JSONL도 됩니다. "
        "최대 {limit}MB.",
    },
    "questions.paste_label": {"en": "Questions, one per line", "ko": "질문 (한 줄에 하나씩)"},
    "questions.paste_help": {
        "en": "Each non-empty line becomes one question; empty lines are ignored. Cells copied from Excel (columns "
        "separated by tabs) are read like a file, and you choose which column is which.",
        "ko": "비어 있지 않은 줄마다 질문 하나가 되고 빈 줄은 무시합니다. 엑셀에서 복사한 셀(열이 탭으로 구분됨)은 "
        "파일처럼 읽고, 어느 열이 무엇인지 고를 수 있습니다.",
    },
    "questions.paste_placeholder": {
        "en": "How much does it cost to open a café?\nHow do I pick a location?",
        "ko": "카페 창업 비용은 얼마나 드나요?\n입지는 어떻게 고르면 좋을까요?",
    },
    "questions.paste_source": {"en": "pasted text", "ko": "붙여 넣은 텍스트"},
    "questions.sheet": {"en": "Sheet", "ko": "시트"},
    "questions.sheet_help": {
        "en": "The workbook sheet that holds the questions.",
        "ko": "질문이 들어 있는 시트입니다.",
    },
    "questions.has_header": {"en": "The first row holds column names", "ko": "첫 행이 열 이름입니다"},
    "questions.has_header_help": {
        "en": "Untick this if your file starts directly with a question, so that the first question isn't "
        "taken for a column name.",
        "ko": "파일이 열 이름 없이 바로 질문으로 시작하면 체크를 해제하세요. 그래야 첫 질문이 열 이름으로 "
        "쓰이지 않습니다.",
    },
    "questions.mapping_title": {"en": "Which column is which?", "ko": "어느 열이 무엇인가요?"},
    "questions.map_question": {"en": "Question (required)", "ko": "질문 (필수)"},
    "questions.map_question_help": {
        "en": "The column with the questions users ask.",
        "ko": "사용자가 묻는 질문이 들어 있는 열입니다.",
    },
    "questions.map_answer": {"en": "Answer (optional)", "ko": "답변 (선택)"},
    "questions.map_answer_help": {
        "en": "Answers you already wrote. Rows without one get an answer on the Generate page.",
        "ko": "이미 써 둔 답변입니다. 답변이 없는 행은 ‘답변 생성’ 화면에서 채웁니다.",
    },
    "questions.map_system": {"en": "System prompt (optional)", "ko": "시스템 프롬프트 (선택)"},
    "questions.map_system_help": {
        "en": "A system prompt for that row only. Leave it unset to use the project's prompt.",
        "ko": "그 행에만 쓸 시스템 프롬프트입니다. 비워 두면 프로젝트의 프롬프트를 씁니다.",
    },
    "questions.map_tags": {"en": "Tags (optional)", "ko": "태그 (선택)"},
    "questions.map_tags_help": {
        "en": "Labels to filter by later, separated by commas.",
        "ko": "나중에 걸러 볼 때 쓰는 꼬리표이며, 쉼표로 구분합니다.",
    },
    "questions.map_none": {"en": "(none)", "ko": "(없음)"},
    "questions.map_pick": {"en": "Pick a column", "ko": "열을 고르세요"},
    "questions.file_facts": {"en": "Read as {facts}.", "ko": "읽은 방식: {facts}."},
    "questions.fact_encoding": {"en": "encoding {encoding}", "ko": "인코딩 {encoding}"},
    "questions.fact_delimiter": {"en": "separated by {delimiter}", "ko": "구분자 {delimiter}"},
    "questions.delimiter_comma": {"en": "commas", "ko": "쉼표"},
    "questions.delimiter_semicolon": {"en": "semicolons", "ko": "세미콜론"},
    "questions.delimiter_tab": {"en": "tabs", "ko": "탭"},
    "questions.delimiter_none": {"en": "one column", "ko": "한 열"},
    "questions.preview_title": {"en": "Preview", "ko": "미리 보기"},
    "questions.will_add": {"en": "Will be added", "ko": "추가될 행"},
    "questions.will_skip": {"en": "Will be skipped", "ko": "건너뛸 행"},
    "questions.skipped_line": {"en": "{reason}: {count} (line {lines})", "ko": "{reason}: {count}개 ({lines}행)"},
    "questions.broken_title": {"en": "Broken lines ({count})", "ko": "잘못된 줄 ({count}개)"},
    "questions.pairs": {
        "en": "{count} DPO lines also become preference pairs.",
        "ko": "DPO 줄 {count}개는 선호 쌍으로도 저장됩니다.",
    },
    "questions.preview_caption": {
        "en": "The first {shown} rows of the file and what happens to each.",
        "ko": "파일의 처음 {shown}행과 각 행의 처리 결과입니다.",
    },
    "questions.col_line": {"en": "Line", "ko": "줄"},
    "questions.col_question": {"en": "Question", "ko": "질문"},
    "questions.col_answer": {"en": "Answer", "ko": "답변"},
    "questions.col_system": {"en": "System prompt", "ko": "시스템 프롬프트"},
    "questions.col_tags": {"en": "Tags", "ko": "태그"},
    "questions.col_turns": {"en": "Messages", "ko": "메시지 수"},
    "questions.col_outcome": {"en": "What happens", "ko": "처리"},
    "questions.outcome_add": {"en": "added", "ko": "추가"},
    # One key for every count (other slices' browser tests find the button by it).
    "questions.import_button": {"en": "Import {count} row(s)", "ko": "{count}개 행 가져오기"},
    "questions.import_help": {
        "en": "Adds the rows marked “added” to the project in one step; nothing else changes.",
        "ko": "‘추가’로 표시된 행을 한 번에 프로젝트에 넣습니다. 다른 것은 바뀌지 않습니다.",
    },
    "questions.imported": {
        "en": "Import from “{file}” done: {added} added, {skipped} skipped.",
        "ko": "“{file}”에서 {added}개 행을 가져왔습니다({skipped}개 건너뜀).",
    },
    "questions.imported_pairs": {
        "en": "{count} preference pairs were saved too.",
        "ko": "선호 쌍 {count}개도 저장했습니다.",
    },
    "questions.go_curate": {"en": "Review them on the Curate page", "ko": "‘검토·편집’에서 확인하기"},
    "questions.go_generate": {"en": "Draft answers on the Generate page", "ko": "‘답변 생성’에서 답변 초안 만들기"},
    # Why rows are skipped
    "questions.reason.empty_question": {"en": "Empty question", "ko": "질문이 비어 있음"},
    "questions.reason.duplicate_in_project": {"en": "Already in the project", "ko": "이미 프로젝트에 있음"},
    "questions.reason.duplicate_in_file": {"en": "Repeated in this file", "ko": "이 파일 안에서 중복"},
    "questions.reason.cell_too_long": {"en": "A cell is over 100,000 characters", "ko": "셀 내용이 10만 자를 넘음"},
    "questions.reason.formula_not_calculated": {"en": "Formula never calculated", "ko": "계산되지 않은 수식"},
    "questions.reason.excel_error_value": {"en": "Excel error value (#REF! …)", "ko": "엑셀 오류 값(#REF! 등)"},
    "questions.reason.broken_line": {"en": "Broken line", "ko": "잘못된 줄"},
    # Problems with a whole file
    "questions.problem.too_large": {
        "en": "“{file}” is {size_mb} MB; the limit is {limit_mb} MB. Split it into smaller files and import them "
        "one after the other.",
        "ko": "“{file}” 파일은 {size_mb}MB로, 한도 {limit_mb}MB를 넘습니다. 여러 파일로 나눠 차례로 가져오세요.",
    },
    "questions.problem.empty_file": {
        "en": "“{file}” is empty. Check that you picked the right file and that it was saved.",
        "ko": "“{file}” 파일이 비어 있습니다. 올바른 파일을 골랐는지, 저장이 되었는지 확인하세요.",
    },
    "questions.problem.empty_paste": {"en": "Paste at least one question.", "ko": "질문을 하나 이상 붙여 넣으세요."},
    "questions.problem.old_excel": {
        "en": "“{file}” is an old Excel .xls file or a password-protected workbook. In Excel, remove the password "
        "if there is one and choose Save As → Excel Workbook (.xlsx) or CSV UTF-8, then upload that.",
        "ko": "“{file}”은(는) 예전 엑셀 .xls 파일이거나 암호가 걸린 통합 문서입니다. 엑셀에서 암호가 있으면 "
        "해제하고 ‘다른 이름으로 저장 → Excel 통합 문서(.xlsx)’ 또는 ‘CSV UTF-8’로 저장해 올리세요.",
    },
    "questions.problem.binary_file": {
        "en": "“{file}” isn't a text file (it looks like an image, a PDF or another binary format). Upload a CSV, "
        "an Excel .xlsx or a JSONL file.",
        "ko": "“{file}”은(는) 텍스트 파일이 아닙니다(그림, PDF 같은 이진 파일로 보입니다). CSV, 엑셀 .xlsx, "
        "JSONL 파일을 올리세요.",
    },
    "questions.problem.xlsx_unreadable": {
        "en": "“{file}” looks like an Excel file but can't be opened; it may be damaged. Open it in Excel, save it "
        "again as .xlsx and upload the new file.",
        "ko": "“{file}”은(는) 엑셀 파일처럼 보이지만 열 수 없습니다. 손상되었을 수 있습니다. 엑셀에서 열어 "
        ".xlsx로 다시 저장한 뒤 올리세요.",
    },
    "questions.problem.ods_file": {
        "en": "“{file}” is an OpenDocument spreadsheet. Save it as Excel (.xlsx) or CSV UTF-8 and upload that.",
        "ko": "“{file}”은(는) 오픈오피스(ODS) 문서입니다. 엑셀(.xlsx)이나 CSV UTF-8로 저장해 올리세요.",
    },
    "questions.problem.zip_file": {
        "en": "“{file}” is a ZIP archive. Unpack it and upload the CSV, Excel or JSONL file inside.",
        "ko": "“{file}”은(는) ZIP 압축 파일입니다. 압축을 풀고 안에 있는 CSV, 엑셀, JSONL 파일을 올리세요.",
    },
    "questions.problem.jsonl_not_table": {
        "en": "“{file}” is JSONL, not a table. It is imported line by line, without a column mapping.",
        "ko": "“{file}”은(는) 표가 아니라 JSONL입니다. 열 지정 없이 줄 단위로 가져옵니다.",
    },
    "questions.problem.unreadable": {
        "en": "“{file}” couldn't be read ({error}). Open it in Excel or a text editor, save it as CSV UTF-8 or "
        ".xlsx, and try again.",
        "ko": "“{file}” 파일을 읽지 못했습니다({error}). 엑셀이나 메모장에서 열어 CSV UTF-8 또는 .xlsx로 저장한 "
        "뒤 다시 시도하세요.",
    },
    "questions.problem.unknown_encoding": {
        "en": "We couldn't tell which text encoding “{file}” uses. In Excel choose Save As → CSV UTF-8 "
        "(comma delimited), then upload the new file.",
        "ko": "“{file}”의 문자 인코딩을 알아내지 못했습니다. 엑셀에서 ‘다른 이름으로 저장 → CSV UTF-8(쉼표로 "
        "분리)’을 고른 뒤 새 파일을 올리세요.",
    },
    "questions.problem.damaged_bytes": {
        "en": "“{file}” has {count} damaged characters (first on line {line}); it was read as {encoding} with “�” "
        "in their place. Check those rows in the preview, or save the file again as CSV UTF-8.",
        "ko": "“{file}”에 깨진 글자가 {count}개 있습니다(처음: {line}행). {encoding}(으)로 읽고 그 자리에 “�”를 "
        "넣었습니다. 미리 보기에서 해당 행을 확인하거나 CSV UTF-8로 다시 저장하세요.",
    },
    "questions.problem.nul_removed": {
        "en": "“{file}” contained {count} invisible NUL characters; they were removed.",
        "ko": "“{file}”에 보이지 않는 NUL 문자가 {count}개 있어 지웠습니다.",
    },
    "questions.problem.duplicate_header": {
        "en": "“{file}”, line {line}: the column name “{column}” appears more than once; the later one is called "
        "“{renamed}” here. Check the column mapping below.",
        "ko": "“{file}” {line}행: 열 이름 “{column}”이(가) 두 번 이상 나옵니다. 뒤의 열은 여기서 “{renamed}”(으)로 "
        "부릅니다. 아래 열 지정을 확인하세요.",
    },
    "questions.problem.rows_above_header": {
        "en": "“{file}”: the column names are on line {line}; the rows above it ({rows}) were treated as a title "
        "and ignored.",
        "ko": "“{file}”: 열 이름은 {line}행에 있습니다. 그 위의 행({rows})은 제목으로 보고 건너뛰었습니다.",
    },
    "questions.problem.no_data_rows": {
        "en": "“{file}” has column names but no rows below them. Add questions under the header and upload it again.",
        "ko": "“{file}”에는 열 이름만 있고 그 아래 행이 없습니다. 제목 행 아래에 질문을 넣고 다시 올리세요.",
    },
    "questions.problem.xlsx_no_sheets": {
        "en": "“{file}” has no worksheet with cells (only charts?). Put the questions in a sheet and save again.",
        "ko": "“{file}”에는 셀이 있는 시트가 없습니다(차트만 있나요?). 질문을 시트에 넣고 다시 저장하세요.",
    },
    "questions.problem.merged_cells": {
        "en": "Sheet “{sheet}” of “{file}” has merged cells ({count} ranges): each cell of a range got the merged "
        "value. Check the preview.",
        "ko": "“{file}”의 “{sheet}” 시트에 병합된 셀 범위가 {count}개 있어, 범위의 모든 셀에 병합된 값을 "
        "넣었습니다. 미리 보기를 확인하세요.",
    },
    "questions.problem.formulas_not_calculated": {
        "en": "Sheet “{sheet}” of “{file}” has formula cells that Excel never calculated ({count}, first {cell}), so "
        "they have no value; those rows are skipped. Open the file in Excel, save it, and upload it again.",
        "ko": "“{file}”의 “{sheet}” 시트에 엑셀이 아직 계산하지 않은 수식 셀이 {count}개 있어(처음: {cell}) 값이 "
        "없습니다. 그 행은 건너뜁니다. 엑셀에서 파일을 열어 저장한 뒤 다시 올리세요.",
    },
    "questions.problem.no_question_column": {
        "en": "We couldn't find a question column in “{file}”. Its columns are: {columns}. Pick the column with the "
        "questions below; if the first row is already a question, untick “The first row holds column names”.",
        "ko": "“{file}”에서 질문 열을 찾지 못했습니다. 열 목록: {columns}. 아래에서 질문이 든 열을 고르세요. 첫 행이 "
        "이미 질문이라면 ‘첫 행이 열 이름입니다’의 체크를 해제하세요.",
    },
    "questions.problem.unknown_column": {
        "en": "“{file}” has no column “{column}”. Pick another column below.",
        "ko": "“{file}”에는 “{column}” 열이 없습니다. 아래에서 다른 열을 고르세요.",
    },
    "questions.problem.csv_broken": {
        "en": "“{file}”, line {line}, can't be read as CSV ({detail}). Check the quotes on that line, save the "
        "file again and upload it.",
        "ko": "“{file}” {line}행을 CSV로 읽을 수 없습니다({detail}). 그 줄의 따옴표를 확인하고 다시 저장해 올리세요.",
    },
    "questions.problem.json_pretty_printed": {
        "en": "“{file}” is pretty-printed JSON ({count} objects spread over many lines), not JSONL. JSONL needs "
        "exactly one example per line: save each object on a single line (for example with "
        "`jq -c . file.json > file.jsonl`) and upload that.",
        "ko": "“{file}”은(는) 보기 좋게 줄바꿈된 JSON(객체 {count}개가 여러 줄에 걸침)이지 JSONL이 아닙니다. "
        "JSONL은 한 줄에 예시 하나여야 합니다. 객체마다 한 줄로 저장해(예: `jq -c . file.json > file.jsonl`) "
        "올리세요.",
    },
    "questions.problem.json_array": {
        "en": "“{file}” is one JSON array, not JSONL. Put each example on its own line (for example with "
        "`jq -c '.[]' file.json > file.jsonl`) and upload that.",
        "ko": "“{file}”은(는) JSON 배열 하나이지 JSONL이 아닙니다. 예시를 한 줄에 하나씩 저장해(예: "
        "`jq -c '.[]' file.json > file.jsonl`) 올리세요.",
    },
    "questions.problem.nothing_to_import": {
        "en": "Nothing to import from “{file}”: every row is skipped. See the reasons above.",
        "ko": "“{file}”에서 가져올 행이 없습니다. 모든 행을 건너뜁니다. 위의 이유를 확인하세요.",
    },
    "questions.problem.save_failed": {
        "en": "Saving the rows from “{file}” failed ({error}); nothing was added. Try again in a moment.",
        "ko": "“{file}”의 행을 저장하지 못했습니다({error}). 아무것도 추가되지 않았습니다. 잠시 뒤 다시 시도하세요.",
    },
    # Imported with a word of warning
    "questions.warning.no_user_message": {
        "en": "“{file}”, line {line}: the conversation has no user message. It is imported as written; add a "
        "question on the Curate page, or reject it there.",
        "ko": "“{file}” {line}행: 대화에 사용자 메시지가 없습니다. 그대로 가져오니 ‘검토·편집’에서 질문을 넣거나 "
        "거절하세요.",
    },
    "questions.warning.no_final_answer": {
        "en": "“{file}”, line {line}: the conversation doesn't end with an assistant answer. It is imported; write "
        "or generate the answer before training.",
        "ko": "“{file}” {line}행: 대화가 assistant 답변으로 끝나지 않습니다. 가져오기는 하지만 학습 전에 답변을 "
        "쓰거나 생성하세요.",
    },
    # Broken JSONL lines
    "questions.broken.bad_json": {
        "en": "“{file}”, line {line}: not valid JSON (problem near character {column}). Fix that line or delete it.",
        "ko": "“{file}” {line}행: 올바른 JSON이 아닙니다({column}번째 글자 근처). 그 줄을 고치거나 지우세요.",
    },
    "questions.broken.not_object": {
        "en": '“{file}”, line {line}: must be one JSON object {{…}}. Wrap it as {{"messages": […]}}.',
        "ko": '“{file}” {line}행: JSON 객체 {{…}} 하나여야 합니다. {{"messages": […]}} 형태로 감싸세요.',
    },
    "questions.broken.no_messages": {
        "en": "“{file}”, line {line}: “{field}” must be a non-empty list of messages.",
        "ko": "“{file}” {line}행: “{field}”은(는) 비어 있지 않은 메시지 목록이어야 합니다.",
    },
    "questions.broken.message_not_object": {
        "en": "“{file}”, line {line}: message {index} must be an object with “role” and “content”.",
        "ko": "“{file}” {line}행: {index}번째 메시지는 “role”과 “content”가 있는 객체여야 합니다.",
    },
    "questions.broken.bad_role": {
        "en": "“{file}”, line {line}: message {index} has the role “{role}”; use one of: {allowed}.",
        "ko": "“{file}” {line}행: {index}번째 메시지의 역할이 “{role}”입니다. 다음 중 하나를 쓰세요: {allowed}.",
    },
    "questions.broken.content_not_text": {
        "en": "“{file}”, line {line}: the content of message {index} must be text.",
        "ko": "“{file}” {line}행: {index}번째 메시지의 content는 텍스트여야 합니다.",
    },
    "questions.broken.bad_weight": {
        "en": "“{file}”, line {line}: message {index} has a weight other than 0 or 1.",
        "ko": "“{file}” {line}행: {index}번째 메시지의 weight가 0이나 1이 아닙니다.",
    },
    "questions.broken.dpo_outputs": {
        "en": "“{file}”, line {line}: a DPO line needs “preferred_output” and “non_preferred_output”, each one "
        "assistant message.",
        "ko": "“{file}” {line}행: DPO 줄에는 “preferred_output”과 “non_preferred_output”이 각각 assistant 메시지 하나씩 "
        "있어야 합니다.",
    },
}
